package org.urja.mdms.vee.rules;

import java.math.BigDecimal;
import java.util.List;

import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.ValidationRule;

/**
 * Oracle's "multiplier" check on the master data: a CT meter (LT_CT, HT_CT) with multiplier 1 probably lacks its
 * CT/PT ratio, and a whole-current meter with a multiplier other than 1 has a wrong one; either way every value is
 * off by that factor. Whole-day finding. No params. Default severity WARNING.
 */
public final class MultiplierSanity implements ValidationRule {

    public static final String NAME = "MultiplierSanity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        MeterContext meter = input.meter();
        boolean one = meter.multiplier().compareTo(BigDecimal.ONE) == 0;
        if (meter.ctMeter() && one) {
            return List.of(Finding.day(NAME, config.severity(),
                    "CT meter with multiplier 1: CT ratio probably missing"));
        }
        if (!meter.ctMeter() && !one) {
            return List.of(Finding.day(NAME, config.severity(),
                    "whole-current meter with multiplier " + meter.multiplier().toPlainString()));
        }
        return List.of();
    }
}

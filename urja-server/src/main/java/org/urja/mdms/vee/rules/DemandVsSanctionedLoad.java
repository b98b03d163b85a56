package org.urja.mdms.vee.rules;

import java.math.BigDecimal;
import java.util.List;

import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.ValidationRule;

/**
 * KW_DEMAND (stored in W) above {@code loadFactor} × the consumer's sanctioned load: unauthorised load, or a wrong
 * multiplier or sanctioned load in the master data; one finding per run. Skipped when the sanctioned load is unknown.
 * Params: {@code loadFactor} (1.5). Default severity WARNING.
 */
public final class DemandVsSanctionedLoad implements ValidationRule {

    public static final String NAME = "DemandVsSanctionedLoad";
    public static final String LOAD_FACTOR = "loadFactor";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries s = input.series();
        BigDecimal sanctionedKw = input.meter().sanctionedLoadKw();
        if (s.channel() != Channel.KW_DEMAND || sanctionedKw == null) {
            return List.of();
        }
        double factor = config.number(LOAD_FACTOR, 1.5);
        BigDecimal limit = sanctionedKw.multiply(BigDecimal.valueOf(s.channel().scale()))
                .multiply(BigDecimal.valueOf(factor));
        return Runs.of(s, i -> s.present(i) && BigDecimal.valueOf(s.values()[i]).compareTo(limit) > 0).stream()
                .map(r -> new Finding(NAME, config.severity(), r.from(), r.to(), "demand over " + factor
                        + " x sanctioned load " + sanctionedKw.toPlainString() + " kW " + Runs.times(s, r)))
                .toList();
    }
}

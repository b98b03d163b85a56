package org.urja.mdms.vee;

import static org.urja.mdms.vee.Severity.ERROR;
import static org.urja.mdms.vee.Severity.WARNING;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.urja.mdms.vee.rules.DataWhileDisconnected;
import org.urja.mdms.vee.rules.DemandVsSanctionedLoad;
import org.urja.mdms.vee.rules.HighLowUsage;
import org.urja.mdms.vee.rules.IntervalAlignment;
import org.urja.mdms.vee.rules.MissingIntervals;
import org.urja.mdms.vee.rules.MultiplierSanity;
import org.urja.mdms.vee.rules.NegativeValues;
import org.urja.mdms.vee.rules.PowerFactorRange;
import org.urja.mdms.vee.rules.SpikeCheck;
import org.urja.mdms.vee.rules.SumCheck;
import org.urja.mdms.vee.rules.ZeroConsumption;

/**
 * Which rules run (by name), with which severity and params, and how gaps are estimated; typically one per meter
 * category. Rules not named here do not run.
 */
public record VeeProfile(String name, Map<String, RuleConfig> rules, EstimationConfig estimation) {

    public VeeProfile {
        Objects.requireNonNull(name);
        rules = Map.copyOf(rules);
        Objects.requireNonNull(estimation);
    }

    /**
     * The default profile of a meter category: every standard rule with its own default params, except that the sum
     * check's relative tolerance follows the accuracy class expected of the category (whole current 1 %, LT CT 0.5 %,
     * HT CT 0.2 %). Net metering needs no profile of its own: {@link NegativeValues} checks export against
     * {@link MeterContext#netMetered()}.
     */
    public static VeeProfile defaults(String category) {
        String relTolerance = switch (category) {
            case MeterContext.SINGLE_PHASE_WC, MeterContext.THREE_PHASE_WC -> "0.01";
            case MeterContext.LT_CT -> "0.005";
            case MeterContext.HT_CT -> "0.002";
            default -> throw new IllegalArgumentException("unknown meter category " + category);
        };
        return new VeeProfile("default " + category, Map.ofEntries(
                Map.entry(MissingIntervals.NAME, RuleConfig.of(WARNING)),
                Map.entry(SpikeCheck.NAME, RuleConfig.of(ERROR)),
                Map.entry(HighLowUsage.NAME, RuleConfig.of(WARNING)),
                Map.entry(ZeroConsumption.NAME, RuleConfig.of(WARNING)),
                Map.entry(NegativeValues.NAME, RuleConfig.of(ERROR)),
                Map.entry(SumCheck.NAME, RuleConfig.of(ERROR, SumCheck.REL_TOLERANCE, relTolerance)),
                Map.entry(PowerFactorRange.NAME, RuleConfig.of(ERROR)),
                Map.entry(DemandVsSanctionedLoad.NAME, RuleConfig.of(WARNING)),
                Map.entry(DataWhileDisconnected.NAME, RuleConfig.of(ERROR)),
                Map.entry(IntervalAlignment.NAME, RuleConfig.of(WARNING)),
                Map.entry(MultiplierSanity.NAME, RuleConfig.of(WARNING))),
                EstimationConfig.defaults());
    }

    /** This profile with {@code rule} run under {@code config}. */
    public VeeProfile with(String rule, RuleConfig config) {
        Map<String, RuleConfig> r = new HashMap<>(rules);
        r.put(rule, config);
        return new VeeProfile(name, r, estimation);
    }

    /** This profile without {@code rule}. */
    public VeeProfile without(String rule) {
        Map<String, RuleConfig> r = new HashMap<>(rules);
        r.remove(rule);
        return new VeeProfile(name, r, estimation);
    }

    public VeeProfile with(EstimationConfig estimation) {
        return new VeeProfile(name, rules, estimation);
    }
}

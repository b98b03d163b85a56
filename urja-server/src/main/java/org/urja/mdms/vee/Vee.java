package org.urja.mdms.vee;

import static org.urja.mdms.reading.IntervalFlags.ESTIMATED;
import static org.urja.mdms.reading.IntervalFlags.FAILED_VALIDATION;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.vee.estimation.LikeDay;
import org.urja.mdms.vee.estimation.LinearInterpolation;
import org.urja.mdms.vee.estimation.OutageFill;
import org.urja.mdms.vee.estimation.RegisterScaling;
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

/** The VEE engine: a fixed set of rules, run per channel-day under a {@link VeeProfile}. Stateless and thread-safe. */
public final class Vee {

    private final List<ValidationRule> rules;

    public Vee(List<ValidationRule> rules) {
        this.rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (ValidationRule rule : this.rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("two rules named " + rule.name());
            }
        }
    }

    /** An engine with every standard rule. */
    public static Vee standard() {
        return new Vee(List.of(new MissingIntervals(), new SpikeCheck(), new HighLowUsage(), new ZeroConsumption(),
                new NegativeValues(), new SumCheck(), new PowerFactorRange(), new DemandVsSanctionedLoad(),
                new DataWhileDisconnected(), new IntervalAlignment(), new MultiplierSanity()));
    }

    /** The names of this engine's rules, in the order they run. */
    public List<String> ruleNames() {
        return rules.stream().map(ValidationRule::name).toList();
    }

    /**
     * Validates the day with the rules the profile names (in this engine's order; names the engine lacks are
     * ignored), flags FAILED_VALIDATION on every slot an ERROR finding covers, then estimates: known-zero outage and
     * disconnection slots, straight lines across short gaps, like days for the rest, and finally scaling of the
     * estimates to the register delta. Values that were present are never changed, and gaps covered by an ERROR
     * finding are left for the work queue.
     */
    public VeeResult run(DayInput input, VeeProfile profile) {
        List<Finding> findings = new ArrayList<>();
        for (ValidationRule rule : rules) {
            RuleConfig config = profile.rules().get(rule.name());
            if (config != null) {
                findings.addAll(rule.check(input, config));
            }
        }
        DaySeries validated = flagFailures(input.series(), findings);
        EstimationConfig e = profile.estimation();
        DaySeries estimated = OutageFill.apply(validated, input.meter());
        estimated = LinearInterpolation.apply(estimated, e.maxInterpolationMinutes());
        estimated = LikeDay.apply(estimated, input.history(), e.likeDays(), e.lookbackDays());
        estimated = RegisterScaling.apply(validated, estimated, input.register());
        int estimatedSlots = 0;
        int remainingGaps = 0;
        for (int i = 0; i < estimated.slots(); i++) {
            if (!validated.present(i) && IntervalFlags.has(estimated.flags()[i], ESTIMATED)) {
                estimatedSlots++;
            }
            if (!estimated.present(i)) {
                remainingGaps++;
            }
        }
        return new VeeResult(validated, estimated, findings, estimatedSlots, remainingGaps);
    }

    private static DaySeries flagFailures(DaySeries day, List<Finding> findings) {
        short[] flags = day.flags().clone();
        for (Finding f : findings) {
            if (f.severity() == Severity.ERROR) {
                for (int i = 0; i < flags.length; i++) {
                    if (f.covers(i)) {
                        flags[i] |= FAILED_VALIDATION;
                    }
                }
            }
        }
        return new DaySeries(day.meterSerialNo(), day.channel(), day.day(), day.intervalMinutes(), day.values().clone(),
                flags);
    }
}

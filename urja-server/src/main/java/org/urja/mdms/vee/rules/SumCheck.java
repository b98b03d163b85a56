package org.urja.mdms.vee.rules;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RegisterDelta;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;
import org.urja.mdms.vee.ValidationRule;

/**
 * Oracle's "sum check": the energy intervals inside the register period must add up to the register's advance, within
 * max({@code absToleranceScaled} × multiplier, {@code relTolerance} × |delta|) — the absolute part is the register's
 * resolution, counted by the meter before the CT/PT multiplier. Slots known to be zero (outage, disconnection) count
 * as 0. With gaps in the period the sum cannot be compared (INFO), unless the values present already exceed the
 * delta beyond tolerance, which no estimate can repair. A period that is not on this day's slot boundaries is
 * reported as INFO. Nothing without a register delta or for non-energy channels. Params: {@code absToleranceScaled}
 * (10, i.e. 10 Wh), {@code relTolerance} (0.01; profiles use tighter values for CT meters). Default severity ERROR.
 */
public final class SumCheck implements ValidationRule {

    public static final String NAME = "SumCheck";
    public static final String ABS_TOLERANCE_SCALED = "absToleranceScaled";
    public static final String REL_TOLERANCE = "relTolerance";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries s = input.series();
        RegisterDelta register = input.register();
        if (register == null || !s.channel().energy()) {
            return List.of();
        }
        Optional<RegisterDelta.Span> found = register.span(s);
        if (found.isEmpty()) {
            return List.of(Finding.day(NAME, Severity.INFO, "register period is not on this day's slot boundaries"));
        }
        RegisterDelta.Span span = found.get();
        MeterContext meter = input.meter();
        long sum = 0;
        int gaps = 0;
        for (int i = span.from(); i < span.to(); i++) {
            if (s.present(i)) {
                sum += s.values()[i];
            } else if (!meter.knownZero(s, i)) {
                gaps++;
            }
        }
        long delta = register.deltaScaled();
        double tolerance = Math.max(meter.timesMultiplier(config.integer(ABS_TOLERANCE_SCALED, 10)),
                config.number(REL_TOLERANCE, 0.01) * Math.abs(delta));
        String compared = String.format(Locale.ROOT, "intervals sum to %d, register advanced %d (tolerance %.0f)",
                sum, delta, tolerance);
        if (gaps > 0 && sum - delta <= tolerance) {
            return List.of(finding(span, s, Severity.INFO, gaps + " gap(s): not compared; " + compared));
        }
        return Math.abs(sum - delta) > tolerance ? List.of(finding(span, s, config.severity(), compared)) : List.of();
    }

    private static Finding finding(RegisterDelta.Span span, DaySeries s, Severity severity, String reason) {
        return span.wholeDay(s) ? Finding.day(NAME, severity, reason)
                : new Finding(NAME, severity, span.from(), span.to(), reason);
    }
}

package org.urja.mdms.vee.rules;

import java.util.List;
import java.util.stream.Stream;

import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.RuleConfig;
import org.urja.mdms.vee.Severity;
import org.urja.mdms.vee.ValidationRule;

/**
 * Oracle's "negative consumption": every Urja channel is a magnitude (import and export are separate channels), so a
 * negative value is always wrong; one finding per run at the configured severity. Secondary check, at most WARNING:
 * export energy on a meter that is not net-metered (unregistered generation, or a CT connected in reverse). No
 * params. Default severity ERROR.
 */
public final class NegativeValues implements ValidationRule {

    public static final String NAME = "NegativeValues";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> check(DayInput input, RuleConfig config) {
        DaySeries s = input.series();
        long[] v = s.values();
        Stream<Finding> negative = Runs.of(s, i -> s.present(i) && v[i] < 0).stream()
                .map(r -> new Finding(NAME, config.severity(), r.from(), r.to(),
                        "negative value(s) " + Runs.times(s, r)));
        boolean export = s.channel() == Channel.KWH_EXPORT || s.channel() == Channel.KVAH_EXPORT;
        Stream<Finding> unexpectedExport = export && !input.meter().netMetered()
                ? Runs.of(s, i -> s.present(i) && v[i] > 0).stream()
                        .map(r -> new Finding(NAME, config.atMost(Severity.WARNING), r.from(), r.to(),
                                "export " + Runs.times(s, r) + " on a meter that is not net-metered"))
                : Stream.empty();
        return Stream.concat(negative, unexpectedExport).toList();
    }
}

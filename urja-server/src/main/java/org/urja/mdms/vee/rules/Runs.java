package org.urja.mdms.vee.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

import org.urja.mdms.reading.DaySeries;

/** Contiguous runs of slots, for rules that report one finding per run. */
final class Runs {

    private Runs() {
    }

    /** Slots {@code [from, to)}. */
    record Run(int from, int to) {

        int length() {
            return to - from;
        }
    }

    /** The maximal runs of consecutive slots of {@code day} that satisfy {@code hit}, in order. */
    static List<Run> of(DaySeries day, IntPredicate hit) {
        List<Run> runs = new ArrayList<>();
        int n = day.slots();
        for (int i = 0; i < n; i++) {
            if (hit.test(i)) {
                int from = i;
                while (i + 1 < n && hit.test(i + 1)) {
                    i++;
                }
                runs.add(new Run(from, i + 1));
            }
        }
        return runs;
    }

    /** The IST clock times a run covers, e.g. {@code 10:00-11:00}. */
    static String times(DaySeries day, int from, int to) {
        return clock(from * day.intervalMinutes()) + "-" + clock(to * day.intervalMinutes());
    }

    static String times(DaySeries day, Run run) {
        return times(day, run.from(), run.to());
    }

    private static String clock(int minutes) {
        return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
    }
}

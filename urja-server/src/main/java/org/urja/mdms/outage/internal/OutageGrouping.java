package org.urja.mdms.outage.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The grouping rule, pure: near-simultaneous last gasps (all within {@code window} of each other) of at least
 * {@code minMeters} meters of one DT, or of at least two meters making {@code minShare} of the DT's consumer meters,
 * are one DT outage; at least {@code feederMinDts} DT outages of one feeder starting within the window are one feeder
 * outage.
 */
record OutageGrouping(Duration window, int minMeters, double minShare, int feederMinDts) {

    OutageGrouping {
        if (window.isNegative() || minMeters < 2 || minShare <= 0 || minShare > 1 || feederMinDts < 2) {
            throw new IllegalArgumentException("outage grouping: window ≥ 0, min-meters ≥ 2, 0 < min-share ≤ 1, "
                    + "feeder-min-dts ≥ 2");
        }
    }

    /** Whether this many gasping meters of a DT with {@code consumerMeters} consumer meters make a DT outage. */
    boolean dtOutage(int gasping, int consumerMeters) {
        return gasping >= minMeters || (gasping >= 2 && consumerMeters > 0 && gasping >= minShare * consumerMeters);
    }

    boolean feederOutage(int dtsDown) {
        return dtsDown >= feederMinDts;
    }

    /**
     * The largest group of items whose times all lie within the window of each other (the earliest such group on a
     * tie), in time order.
     */
    <T> List<T> largestCluster(List<T> items, Function<T, Instant> time) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(time));
        int bestFrom = 0;
        int bestSize = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (Duration.between(time.apply(sorted.get(from)), time.apply(sorted.get(to))).compareTo(window) > 0) {
                from++;
            }
            if (to - from + 1 > bestSize) {
                bestSize = to - from + 1;
                bestFrom = from;
            }
        }
        return List.copyOf(sorted.subList(bestFrom, bestFrom + bestSize));
    }
}

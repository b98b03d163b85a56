package org.urja.mdms.reading.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalData;

/**
 * Data completeness of a day under a network node (circle … DT): of the intervals the meters placed there should
 * have recorded, how many are actual (measured), how many estimated, and how many meters sent nothing.
 */
@RestController
@RequestMapping("/api/v1/readings/completeness")
class CompletenessController {

    static final int MAX_METERS = 200_000;

    record Completeness(String node, LocalDate day, int meters, int metersWithoutData, long expectedIntervals,
                        long actualIntervals, long estimatedIntervals, BigDecimal actualPercent) {
    }

    private final NetworkRegistry network;
    private final IntervalData data;

    CompletenessController(NetworkRegistry network, IntervalData data) {
        this.network = network;
        this.data = data;
    }

    @GetMapping
    Completeness completeness(@RequestParam String node,
                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        network.node(node).orElseThrow(() -> ApiProblem.notFound("node", "No network node " + node));
        List<Meter> meters = network.metersUnder(node, MAX_METERS + 1, 0);
        if (meters.size() > MAX_METERS) {
            throw ApiProblem.invalid("node", node + " has more than " + MAX_METERS + " meters; ask for a lower node");
        }
        Map<String, IntervalData.SlotCounts> counts = data.slotCounts(meters.stream().map(Meter::serialNo).toList(),
                Channel.KWH_IMPORT, day);
        long expected = 0;
        long actual = 0;
        long estimated = 0;
        int without = 0;
        for (Meter m : meters) {
            expected += 1440 / m.intervalMinutes();
            IntervalData.SlotCounts c = counts.get(m.serialNo());
            if (c == null) {
                without++;
            } else {
                actual += c.actual();
                estimated += c.estimated();
            }
        }
        BigDecimal percent = expected == 0 ? BigDecimal.ZERO
                : BigDecimal.valueOf(actual * 100).divide(BigDecimal.valueOf(expected), 2, RoundingMode.HALF_UP);
        return new Completeness(node, day, meters.size(), without, expected, actual, estimated, percent);
    }
}

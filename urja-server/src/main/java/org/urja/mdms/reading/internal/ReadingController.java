package org.urja.mdms.reading.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;

/** Interval data of a meter (current version), in engineering units, with per-interval quality. */
@RestController
@RequestMapping("/api/v1/meters/{serialNo}")
class ReadingController {

    record Interval(Instant start, Instant end, BigDecimal value, boolean actual, boolean estimated, boolean edited,
                    boolean powerFail, boolean suspect) {
    }

    record Day(LocalDate day, int intervalMinutes, int present, int expected, BigDecimal total, List<Interval> intervals) {
    }

    private final IntervalData data;

    ReadingController(IntervalData data) {
        this.data = data;
    }

    @GetMapping("/intervals")
    List<Day> intervals(@PathVariable String serialNo, @RequestParam(defaultValue = "KWH_IMPORT") Channel channel,
                        @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        if (to.isBefore(from) || to.isAfter(from.plusDays(92))) {
            throw ApiProblem.invalid("to", "to must be on or after from, at most 92 days later");
        }
        return data.currentRange(serialNo, channel, from, to).stream().map(ReadingController::day).toList();
    }

    static Day day(DaySeries s) {
        BigDecimal scale = BigDecimal.valueOf(s.channel().scale());
        List<Interval> intervals = new ArrayList<>(s.slots());
        Instant dayStart = s.day().atStartOfDay(ReadingIngestion.IST).toInstant();
        long total = 0;
        int present = 0;
        for (int i = 0; i < s.slots(); i++) {
            short f = s.flags()[i];
            boolean has = IntervalFlags.has(f, IntervalFlags.PRESENT);
            if (has) {
                present++;
                total += s.values()[i];
            }
            Instant start = dayStart.plusSeconds((long) i * s.intervalMinutes() * 60);
            intervals.add(new Interval(start, start.plusSeconds(s.intervalMinutes() * 60L),
                    has ? BigDecimal.valueOf(s.values()[i]).divide(scale) : null, IntervalFlags.actual(f),
                    IntervalFlags.has(f, IntervalFlags.ESTIMATED), IntervalFlags.has(f, IntervalFlags.EDITED),
                    IntervalFlags.has(f, IntervalFlags.POWER_FAIL), IntervalFlags.has(f, IntervalFlags.SUSPECT)));
        }
        return new Day(s.day(), s.intervalMinutes(), present, s.slots(),
                s.channel().energy() ? BigDecimal.valueOf(total).divide(scale) : null, intervals);
    }
}

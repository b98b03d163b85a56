package org.urja.hes.internal;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scheduled collection (UC1.1–1.3, UC2.2–2.4): pulls a profile from every meter, retries the meters that did not
 * answer in time (UC1.2, UC2.3), and pushes what it collected to the MDM in batches. Block load is incremental: a
 * collection sends the intervals of the day after the last one this HES already collected from that meter that day
 * (an intraday read, then the daily read sends the rest). The daily read also reads each meter's clock (UC10.1).
 */
public final class Collector {

    private static final Logger log = LoggerFactory.getLogger(Collector.class);

    /** What one collection run did. */
    public record Report(String what, int meters, int answeredFirstAttempt, int answeredAfterRetry,
                         List<String> unanswered, int messagesSent, int messagesRefused, long intervalsSent) {
    }

    static final java.time.ZoneOffset IST = java.time.ZoneOffset.ofHoursMinutes(5, 30);

    private final String hesId;
    private final Fleet fleet;
    private final MessageSink mdm;
    private final int maxAttempts;
    private final int batchSize;
    private final InstantSource clock;
    /** Per meter and IST day: collected up to (exclusive). */
    private final Map<String, Instant> collectedUpTo = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();

    /** {@code clock}: the HES's time, at which it reads the meters' clocks. */
    public Collector(String hesId, Fleet fleet, MessageSink mdm, int maxAttempts, int batchSize, InstantSource clock) {
        this.hesId = hesId;
        this.clock = clock;
        this.fleet = fleet;
        this.mdm = mdm;
        this.maxAttempts = maxAttempts;
        this.batchSize = batchSize;
    }

    /**
     * Daily collection for an IST day: block load up to the day's end (incremental), the midnight snapshot, and the
     * meter's clock as read now.
     */
    public Report collectDaily(LocalDate istDay) {
        Instant dayStart = istDay.atStartOfDay(IST).toInstant();
        Instant dayEnd = istDay.plusDays(1).atStartOfDay(IST).toInstant();
        return collect("daily-" + istDay, meter -> meter.answersLate(istDay), meter -> {
            String key = key(meter, istDay);
            Instant from = collectedUpTo.getOrDefault(key, dayStart);
            List<MeterReading> out = new ArrayList<>(2);
            if (from.isBefore(dayEnd)) {
                MeterReading load = ContractMapping.blockLoad(meter.spec().serialNo(), meter.firstReadBlockLoad(from, dayEnd));
                if (load != null) {
                    out.add(load);
                }
            }
            out.add(ContractMapping.daily(meter.spec().serialNo(), meter.dailyProfile(istDay.plusDays(1))));
            Instant now = clock.instant();
            out.add(ContractMapping.clock(meter.spec().serialNo(), now, meter.meterTime(now)));
            collectedUpTo.merge(key, dayEnd, (a, b) -> a.isAfter(b) ? a : b);
            return out;
        });
    }

    /** Intraday incremental collection of block load up to {@code upTo} (UC1.2: data incremental to the last read). */
    public Report collectIncremental(Instant upTo) {
        LocalDate day = LocalDate.ofInstant(upTo, IST);
        return collect("incremental-" + upTo.getEpochSecond(), meter -> meter.answersLate(day), meter -> {
            String key = key(meter, day);
            Instant from = collectedUpTo.getOrDefault(key, day.atStartOfDay(IST).toInstant());
            if (!from.isBefore(upTo)) {
                return List.of();
            }
            MeterReading load = ContractMapping.blockLoad(meter.spec().serialNo(), meter.firstReadBlockLoad(from, upTo));
            if (load == null) {
                return List.of();
            }
            collectedUpTo.merge(key, upTo, (a, b) -> a.isAfter(b) ? a : b);
            return List.of(load);
        });
    }

    /** Monthly billing profile collection for {@code month} (the billing reset at the start of the next month). */
    public Report collectMonthly(YearMonth month) {
        LocalDate resetDay = month.plusMonths(1).atDay(1);
        return collect("billing-" + month, meter -> meter.answersLate(resetDay),
                meter -> List.of(ContractMapping.billing(meter.spec().serialNo(), meter.billingProfile(month))));
    }

    private static String key(VirtualMeter meter, LocalDate day) {
        return meter.spec().serialNo() + "|" + day;
    }

    private String contentKey(List<MeterReading> readings) {
        return HesSignature.sha256Hex(json.writeValueAsBytes(readings)).substring(0, 24);
    }

    private Report collect(String what, Function<VirtualMeter, Boolean> late,
                           Function<VirtualMeter, List<MeterReading>> read) {
        List<VirtualMeter> pending = new ArrayList<>(fleet.meters());
        pending.sort(Comparator.comparing(m -> m.spec().serialNo()));
        int total = pending.size();
        int first = 0;
        int retried = 0;
        int sent = 0;
        int refused = 0;
        long intervals = 0;
        for (int attempt = 1; attempt <= maxAttempts && !pending.isEmpty(); attempt++) {
            List<VirtualMeter> answered = new ArrayList<>();
            List<VirtualMeter> stillPending = new ArrayList<>();
            for (VirtualMeter meter : pending) {
                boolean answers = !meter.silent() && (attempt > 1 || !late.apply(meter));
                (answers ? answered : stillPending).add(meter);
            }
            if (attempt == 1) {
                first = answered.size();
            } else {
                retried += answered.size();
            }
            for (int from = 0; from < answered.size(); from += batchSize) {
                List<VirtualMeter> batch = answered.subList(from, Math.min(answered.size(), from + batchSize));
                List<MeterReading> readings = new ArrayList<>();
                boolean duplicate = false;
                for (VirtualMeter meter : batch) {
                    readings.addAll(read.apply(meter));
                    duplicate |= meter.sendsDuplicates();
                }
                if (readings.isEmpty()) {
                    continue;
                }
                intervals += readings.stream().mapToLong(r -> r.intervalBlocks().isEmpty() ? 0
                        : r.intervalBlocks().get(0).intervalReadings().size()).sum();
                // The id names the content, so collecting the same data again re-sends the same message (harmless)
                // and different data (e.g. after an incremental read) never reuses an id.
                var message = new MeterReadingsMessage(hesId + "-" + what + "-" + contentKey(readings), Instant.now(),
                        null, readings);
                // A meter that sends duplicates makes the HES push the same message twice: harmless by contract.
                for (int copy = 0; copy < (duplicate ? 2 : 1); copy++) {
                    if (mdm.send("/meter-readings", message).accepted()) {
                        sent++;
                    } else {
                        refused++;
                    }
                }
            }
            pending = stillPending;
        }
        List<String> unanswered = pending.stream().map(m -> m.spec().serialNo()).toList();
        Report report = new Report(what, total, first, retried, unanswered, sent, refused, intervals);
        log.info("Collection {}: {} meters, {} first attempt, {} after retry, {} unanswered, {} messages ({} refused), {} intervals",
                what, total, first, retried, unanswered.size(), sent, refused, intervals);
        return report;
    }
}

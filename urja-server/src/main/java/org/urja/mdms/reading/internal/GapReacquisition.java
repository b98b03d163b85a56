package org.urja.mdms.reading.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.NetworkRegistry.PlacedMeter;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.GapsUnrecovered;
import org.urja.mdms.reading.IntervalData;

/**
 * UC6.1: after the collection window of a day, every meter placed in the network is checked for missing kWh
 * intervals; the HES is asked to re-acquire exactly the missing ranges (meters with the same ranges share a
 * request), at most {@code max-attempts} times, {@code retry-after} apart. A meter-day that becomes complete is
 * RECOVERED (its data went through ingestion and VEE like any other, replacing estimates); one still missing data
 * after the last attempt is GAVE_UP and announced as {@link GapsUnrecovered}, so VEE estimates it. Requests carry an
 * idempotency key per meter-day range and attempt, so two nodes or a re-run never send the same request twice.
 */
@Component
class GapReacquisition {

    record Report(LocalDate day, int meters, int complete, int withGaps, int requested, int requests, int gaveUp) {
    }

    private static final Logger log = LoggerFactory.getLogger(GapReacquisition.class);
    private static final int PAGE = 1000;
    private static final int MAX_RANGES = 4;

    private final NetworkRegistry network;
    private final IntervalData data;
    private final HesClient hes;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration retryAfter;
    private final Duration collectionWindow;
    private final int lookbackDays;

    GapReacquisition(NetworkRegistry network, IntervalData data, HesClient hes, JdbcClient jdbc, TransactionTemplate tx,
                     ApplicationEventPublisher events, Clock clock,
                     @Value("${urja.reading.gaps.max-attempts:3}") int maxAttempts,
                     @Value("${urja.reading.gaps.retry-after:PT2H}") Duration retryAfter,
                     @Value("${urja.reading.gaps.collection-window:PT6H}") Duration collectionWindow,
                     @Value("${urja.reading.gaps.lookback-days:3}") int lookbackDays) {
        this.network = network;
        this.data = data;
        this.hes = hes;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.retryAfter = retryAfter;
        this.collectionWindow = collectionWindow;
        this.lookbackDays = lookbackDays;
    }

    /** Every hour: the last few days whose collection window has passed. One node per hour does it. */
    @Scheduled(cron = "${urja.reading.gaps.cron:0 30 * * * *}", zone = "Asia/Kolkata")
    public void scheduled() {
        Instant now = clock.instant();
        String run = now.atOffset(ReadingIngestion.IST).withMinute(0).withSecond(0).withNano(0).toString();
        if (jdbc.sql("INSERT INTO reading_gap_run (run) VALUES (?) ON CONFLICT DO NOTHING").param(run).update() == 0) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(now, ReadingIngestion.IST);
        for (LocalDate day = today.minusDays(lookbackDays); day.isBefore(today); day = day.plusDays(1)) {
            if (!now.isBefore(day.plusDays(1).atStartOfDay(ReadingIngestion.IST).toInstant().plus(collectionWindow))) {
                Report r = check(day);
                log.info("Gap check {}: {} meters, {} with gaps, {} re-acquisition requests for {} meters, {} given up",
                        day, r.meters(), r.withGaps(), r.requests(), r.requested(), r.gaveUp());
            }
        }
    }

    /** Checks one day now, whatever the time. */
    Report check(LocalDate day) {
        int meters = 0;
        int complete = 0;
        int withGaps = 0;
        int requested = 0;
        int requests = 0;
        int gaveUp = 0;
        String after = null;
        Instant dayStart = day.atStartOfDay(ReadingIngestion.IST).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(ReadingIngestion.IST).toInstant();
        while (true) {
            List<PlacedMeter> placed = network.placedMeters(after, PAGE);
            if (placed.isEmpty()) {
                break;
            }
            after = placed.get(placed.size() - 1).meter().serialNo();
            // A meter is expected to report from the interval in which it joined the network.
            List<PlacedMeter> page = placed.stream().filter(p -> p.inNetworkSince().isBefore(dayEnd)).toList();
            meters += page.size();
            Map<String, DaySeries> received = data.asReceived(page.stream().map(p -> p.meter().serialNo()).toList(),
                    Channel.KWH_IMPORT, day);
            Map<String, Gap> gaps = new LinkedHashMap<>();
            List<String> whole = new ArrayList<>();
            for (PlacedMeter p : page) {
                Meter m = p.meter();
                DaySeries s = received.get(m.serialNo());
                int slots = s == null ? 1440 / m.intervalMinutes() : s.slots();
                long sinceSeconds = p.inNetworkSince().getEpochSecond() - dayStart.getEpochSecond();
                int firstExpected = sinceSeconds <= 0 ? 0 : (int) (sinceSeconds / (86_400 / slots));
                Gap gap = Gap.of(s, slots, firstExpected);
                if (gap == null) {
                    whole.add(m.serialNo());
                } else {
                    gaps.put(m.serialNo(), gap);
                }
            }
            complete += whole.size();
            withGaps += gaps.size();
            Decisions decisions = tx.execute(s -> decide(day, whole, gaps));
            gaveUp += decisions.gaveUp();
            for (Group group : decisions.toRequest()) {
                requests += request(day, group);
                requested += group.attempts().size();
            }
        }
        return new Report(day, meters, complete, withGaps, requested, requests, gaveUp);
    }

    /** The missing slots of a meter-day: count, slots expected, interval length and the missing ranges [from, to). */
    record Gap(int missing, int expected, int intervalMinutes, List<int[]> ranges) {

        /** The gap of a day whose slots before {@code firstExpected} are not expected (the meter was not there yet). */
        static Gap of(DaySeries s, int slots, int firstExpected) {
            List<int[]> ranges = new ArrayList<>();
            int missing = 0;
            int start = -1;
            for (int i = firstExpected; i <= slots; i++) {
                boolean absent = i < slots && (s == null || !s.present(i));
                if (absent) {
                    missing++;
                    if (start < 0) {
                        start = i;
                    }
                } else if (start >= 0) {
                    ranges.add(new int[] {start, i});
                    start = -1;
                }
            }
            if (missing == 0) {
                return null;
            }
            if (ranges.size() > MAX_RANGES) { // many small holes: one request for the span
                ranges = List.of(new int[] {ranges.get(0)[0], ranges.get(ranges.size() - 1)[1]});
            }
            return new Gap(missing, slots - firstExpected, 1440 / slots, ranges);
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            for (int[] r : ranges) {
                b.append(b.isEmpty() ? "" : ",").append(r[0]).append('-').append(r[1]);
            }
            return b.toString();
        }
    }

    private record Attempt(String serial, int attempt) {
    }

    /** Meters missing the same ranges of a day at the same interval length: one request per range. */
    private record Group(List<int[]> ranges, int intervalMinutes, List<Attempt> attempts) {
    }

    private record Decisions(List<Group> toRequest, int gaveUp) {
    }

    /** Records what is missing and decides, per meter-day, to re-request, to give up, or to wait. */
    private Decisions decide(LocalDate day, List<String> whole, Map<String, Gap> gaps) {
        if (!whole.isEmpty()) {
            jdbc.sql("""
                            UPDATE reading_gap SET status = 'RECOVERED', missing = 0, closed_at = now()
                            WHERE meter_serial = ANY(?) AND day = ? AND status = 'OPEN'""")
                    .params(whole.toArray(String[]::new), day).update();
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        List<String> giveUp = new ArrayList<>();
        if (!gaps.isEmpty()) {
            String[] serials = gaps.keySet().toArray(String[]::new);
            Integer[] expected = gaps.values().stream().map(Gap::expected).toArray(Integer[]::new);
            Integer[] missing = gaps.values().stream().map(Gap::missing).toArray(Integer[]::new);
            String[] ranges = gaps.values().stream().map(Gap::describe).toArray(String[]::new);
            Instant due = clock.instant().minus(retryAfter);
            record Row(String serial, int attempts, boolean due) {
            }
            List<Row> rows = jdbc.sql("""
                            INSERT INTO reading_gap AS g (meter_serial, day, expected, missing, first_missing_ranges)
                            SELECT s, ?, e, m, r FROM unnest(?::text[], ?::int[], ?::int[], ?::text[]) AS t(s, e, m, r)
                            ON CONFLICT (meter_serial, day) DO UPDATE SET missing = EXCLUDED.missing
                            WHERE g.status = 'OPEN'
                            RETURNING meter_serial, attempts, last_requested_at IS NULL OR last_requested_at <= ?""")
                    .params(day, serials, expected, missing, ranges, java.sql.Timestamp.from(due))
                    .query((rs, i) -> new Row(rs.getString(1), rs.getInt(2), rs.getBoolean(3))).list();
            for (Row row : rows) {
                if (!row.due()) {
                    continue; // asked recently: wait for the answer
                }
                if (row.attempts() >= maxAttempts) {
                    giveUp.add(row.serial());
                    continue;
                }
                Gap gap = gaps.get(row.serial());
                groups.computeIfAbsent(gap.describe() + "/" + gap.intervalMinutes(),
                                k -> new Group(gap.ranges(), gap.intervalMinutes(), new ArrayList<>()))
                        .attempts().add(new Attempt(row.serial(), row.attempts() + 1));
            }
        }
        if (!giveUp.isEmpty()) {
            jdbc.sql("""
                            UPDATE reading_gap SET status = 'GAVE_UP', closed_at = now()
                            WHERE meter_serial = ANY(?) AND day = ? AND status = 'OPEN'""")
                    .params(giveUp.toArray(String[]::new), day).update();
            events.publishEvent(new GapsUnrecovered(day, List.copyOf(giveUp)));
        }
        return new Decisions(List.copyOf(groups.values()), giveUp.size());
    }

    /** Sends one read request per range for the meters of a group; returns how many requests were sent. */
    private int request(LocalDate day, Group group) {
        Instant dayStart = day.atStartOfDay(ReadingIngestion.IST).toInstant();
        int minutes = group.intervalMinutes();
        int sent = 0;
        for (int i = 0; i < group.attempts().size(); i += 500) {
            List<Attempt> chunk = group.attempts().subList(i, Math.min(group.attempts().size(), i + 500));
            List<String> serials = chunk.stream().map(Attempt::serial).toList();
            String who = chunk.stream().map(a -> a.serial() + "#" + a.attempt()).sorted()
                    .reduce("", (x, y) -> x + "," + y);
            String correlation = null;
            for (int[] r : group.ranges()) {
                Instant from = dayStart.plusSeconds(r[0] * minutes * 60L);
                Instant to = dayStart.plusSeconds(r[1] * minutes * 60L);
                // Idempotency key: the same meters, range and attempt are never requested twice.
                String key = "gap-" + HesSignature.sha256Hex(("%s|%d-%d|%d|%s".formatted(day, r[0], r[1], minutes, who))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                correlation = hes.requestReadings(serials, List.of(ReadingProfile.BLOCK_LOAD), false, from, to,
                        MeterReadRequest.Purpose.REACQUISITION, "gap-check", key).correlationId();
                sent++;
            }
            jdbc.sql("""
                            UPDATE reading_gap g SET attempts = t.a, last_requested_at = now(), last_correlation_id = ?
                            FROM unnest(?::text[], ?::int[]) AS t(s, a)
                            WHERE g.meter_serial = t.s AND g.day = ? AND g.attempts = t.a - 1""")
                    .params(correlation, serials.toArray(String[]::new),
                            chunk.stream().map(Attempt::attempt).toArray(Integer[]::new), day)
                    .update();
        }
        return sent;
    }
}

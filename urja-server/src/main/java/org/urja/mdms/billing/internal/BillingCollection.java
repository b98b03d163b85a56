package org.urja.mdms.billing.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.hes.ReadRequestCompleted;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.reading.IntervalData;

/**
 * UC2.1: makes sure the billing profile of every meter of a cycle arrives. The collection lists the meter installed at
 * each service point of the group at the period end (the one that froze its registers at the billing reset); then,
 * each time the billing worker comes by, a meter whose profile is already stored is RECEIVED, the others are asked
 * for with BILLING read requests ({@code request-size} meters each, an idempotency key per meters and attempt), and a
 * read that brings no profile is tried again after {@code retry-after}, at most {@code max-attempts} times, before the
 * meter is MISSING with the reason. Every change happens under the cycle's row lock, so several nodes can work on
 * collections and a read's outcome is never applied before the request is recorded as sent.
 */
@Service
class BillingCollection {

    private static final Logger log = LoggerFactory.getLogger(BillingCollection.class);
    static final String REQUESTER = "billing";

    record MeterState(String meterSerialNo, String servicePointCode, String state, int attempts, String reason,
                      String correlationId, Instant updatedAt) {
    }

    private final JdbcClient jdbc;
    private final Cycles cycles;
    private final NetworkRegistry network;
    private final IntervalData data;
    private final HesClient hes;
    private final TransactionTemplate tx;
    private final BillingProperties props;
    private final Clock clock;

    BillingCollection(JdbcClient jdbc, Cycles cycles, NetworkRegistry network, IntervalData data, HesClient hes,
                TransactionTemplate tx, BillingProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.cycles = cycles;
        this.network = network;
        this.data = data;
        this.hes = hes;
        this.tx = tx;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Starts the collection of a cycle (caller's transaction): false if it had been started before (the same request
     * again). The meters are those installed at the group's service points at the period end.
     */
    boolean start(BillingGroups.Group group, YearMonth period, List<String> servicePoints, String by) {
        Cycles.Cycle cycle = cycles.ensure(group, period);
        cycles.lock(group.code(), period);
        if (!cycles.collectionRequested(group.code(), period, by)) {
            return false;
        }
        List<String> meters = new ArrayList<>();
        List<String> points = new ArrayList<>();
        Instant end = cycle.periodEnd();
        network.servicePointHistories(servicePoints).forEach((sp, history) -> {
            for (Installation i : history) {
                if (i.installedAt().toInstant().isBefore(end)
                        && (i.removedAt() == null || !i.removedAt().toInstant().isBefore(end))) {
                    meters.add(i.meterSerialNo());
                    points.add(sp);
                }
            }
        });
        jdbc.sql("""
                        INSERT INTO billing_collection_meter (group_code, period, meter_serial_no, service_point_code)
                        SELECT ?, ?, m, sp FROM unnest(?::text[], ?::text[]) AS u(m, sp)
                        ON CONFLICT DO NOTHING""")
                .params(group.code(), period.atDay(1), meters.toArray(String[]::new), points.toArray(String[]::new))
                .update();
        completeIfDone(group.code(), period);
        return true;
    }

    /** Works on every collection with meters due; returns the cycles whose collection became complete. */
    List<Cycles.Cycle> work() {
        List<Cycles.Cycle> completed = new ArrayList<>();
        Instant now = clock.instant();
        requeueStale(now);
        List<Object[]> due = jdbc.sql("""
                        SELECT DISTINCT group_code, period FROM billing_collection_meter
                        WHERE state = 'PENDING' AND next_attempt_at <= ?""")
                .param(Timestamp.from(now)).query((rs, i) -> new Object[] {rs.getString(1),
                        YearMonth.from(rs.getObject(2, LocalDate.class))}).list();
        for (Object[] d : due) {
            Cycles.Cycle done = tx.execute(s -> advance((String) d[0], (YearMonth) d[1]));
            if (done != null) {
                completed.add(done);
            }
        }
        return completed;
    }

    /**
     * One cycle's due meters: RECEIVED if their profile is stored, MISSING after the last attempt, the rest asked for
     * (cycle row locked for the whole step, the read requests included). Returns the cycle if its collection is now
     * complete.
     */
    private Cycles.Cycle advance(String group, YearMonth period) {
        Cycles.Cycle cycle = jdbc.sql("""
                        SELECT group_code FROM billing_cycle WHERE group_code = ? AND period = ? FOR UPDATE SKIP LOCKED""")
                .params(group, period.atDay(1)).query(String.class).optional()
                .map(g -> cycles.find(group, period).orElseThrow()).orElse(null);
        if (cycle == null) {
            return null; // another node is at it
        }
        Instant now = clock.instant();
        Map<String, Integer> due = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT meter_serial_no, attempts FROM billing_collection_meter
                        WHERE group_code = ? AND period = ? AND state = 'PENDING' AND next_attempt_at <= ?
                        ORDER BY meter_serial_no LIMIT 20000""")
                .params(group, period.atDay(1), Timestamp.from(now))
                .query(rs -> {
                    due.put(rs.getString(1), rs.getInt(2));
                });
        Set<String> present = withProfile(due.keySet(), cycle.periodEnd());
        received(group, period, present);
        List<String> exhausted = due.entrySet().stream()
                .filter(e -> !present.contains(e.getKey()) && e.getValue() >= props.collection().maxAttempts())
                .map(Map.Entry::getKey).toList();
        jdbc.sql("""
                        UPDATE billing_collection_meter SET state = 'MISSING', updated_at = now(),
                               reason = coalesce(reason, 'no billing profile')
                        WHERE group_code = ? AND period = ? AND meter_serial_no = ANY(?)""")
                .params(group, period.atDay(1), exhausted.toArray(String[]::new)).update();
        Map<Integer, List<String>> byAttempt = due.entrySet().stream()
                .filter(e -> !present.contains(e.getKey()) && e.getValue() < props.collection().maxAttempts())
                .collect(Collectors.groupingBy(e -> e.getValue() + 1, java.util.TreeMap::new,
                        Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        byAttempt.forEach((attempt, serials) -> {
            for (int i = 0; i < serials.size(); i += props.collection().requestSize()) {
                request(cycle, serials.subList(i, Math.min(serials.size(), i + props.collection().requestSize())),
                        attempt);
            }
        });
        return completeIfDone(group, period) ? cycles.find(group, period).orElseThrow() : null;
    }

    /** One BILLING read request for the period end; the meters are REQUESTED (or PENDING again if it was not sent). */
    private void request(Cycles.Cycle cycle, List<String> serials, int attempt) {
        String key = "billing-" + HesSignature.sha256Hex(("%s|%s|%d|%s".formatted(cycle.groupCode(), cycle.period(),
                attempt, String.join(",", serials))).getBytes(StandardCharsets.UTF_8));
        OutboundRequest sent;
        try {
            sent = hes.requestReadings(serials, List.of(ReadingProfile.BILLING), false, cycle.periodEnd(),
                    cycle.periodEnd().plus(Duration.ofHours(1)), MeterReadRequest.Purpose.ON_DEMAND, REQUESTER, key);
        } catch (RuntimeException e) {
            log.warn("Billing-profile read of {} meters of {} {} not sent: {}", serials.size(), cycle.groupCode(),
                    cycle.period(), e.getMessage());
            retryLater(cycle.groupCode(), cycle.period(), serials, attempt, "read request not sent: " + e.getMessage());
            return;
        }
        if (!"ACKNOWLEDGED".equals(sent.status()) && !"COMPLETED".equals(sent.status())) {
            retryLater(cycle.groupCode(), cycle.period(), serials, attempt, "read request " + sent.status()
                    + (sent.statusReason() == null ? "" : ": " + sent.statusReason()));
            return;
        }
        jdbc.sql("""
                        UPDATE billing_collection_meter SET state = 'REQUESTED', attempts = ?, correlation_id = ?,
                               updated_at = now()
                        WHERE group_code = ? AND period = ? AND meter_serial_no = ANY(?) AND state = 'PENDING'""")
                .params(attempt, sent.correlationId(), cycle.groupCode(), cycle.period().atDay(1),
                        serials.toArray(String[]::new))
                .update();
    }

    /**
     * A billing read request is complete: its meters whose profile is stored are RECEIVED; the others wait for the
     * next attempt, or are MISSING after the last, with the HES's reason. A profile that came late (a revised
     * outcome, data after a time-out) also turns a MISSING meter RECEIVED. Returns the cycles whose collection became complete.
     */
    List<Cycles.Cycle> readCompleted(ReadRequestCompleted e) {
        List<String> serials = e.meters().stream().map(ReadRequestCompleted.MeterOutcome::meterSerialNo).toList();
        List<Object[]> touched = jdbc.sql("""
                        SELECT DISTINCT c.group_code, c.period, c.period_end FROM billing_collection_meter m
                        JOIN billing_cycle c ON c.group_code = m.group_code AND c.period = m.period
                        WHERE m.meter_serial_no = ANY(?) AND m.state <> 'RECEIVED'
                        ORDER BY c.group_code, c.period""")
                .param(serials.toArray(String[]::new))
                .query((rs, i) -> new Object[] {rs.getString(1), YearMonth.from(rs.getObject(2, LocalDate.class)),
                        Cycles.instant(rs, 3)}).list();
        List<Cycles.Cycle> completed = new ArrayList<>();
        for (Object[] t : touched) {
            String group = (String) t[0];
            YearMonth period = (YearMonth) t[1];
            cycles.lock(group, period); // waits for a step that is still recording this very request
            Set<String> present = withProfile(serials, (Instant) t[2]);
            received(group, period, present);
            for (ReadRequestCompleted.MeterOutcome m : e.meters()) {
                if (present.contains(m.meterSerialNo())) {
                    continue;
                }
                String reason = "RECEIVED".equals(m.state()) ? "the HES answered without a billing profile for "
                        + ((Instant) t[2]).atOffset(DeterminantCalculator.IST).toLocalDateTime()
                        : m.state() + (m.reason() == null ? "" : ": " + m.reason());
                jdbc.sql("""
                                UPDATE billing_collection_meter
                                SET state = CASE WHEN attempts >= ? THEN 'MISSING' ELSE 'PENDING' END,
                                    next_attempt_at = ?, reason = ?, updated_at = now()
                                WHERE group_code = ? AND period = ? AND meter_serial_no = ? AND state = 'REQUESTED'
                                  AND correlation_id = ?""")
                        .params(props.collection().maxAttempts(),
                                Timestamp.from(clock.instant().plus(props.collection().retryAfter())), reason, group,
                                period.atDay(1), m.meterSerialNo(), e.correlationId())
                        .update();
            }
            if (completeIfDone(group, period)) {
                completed.add(cycles.find(group, period).orElseThrow());
            }
        }
        return completed;
    }

    /** Meters of a collection, optionally in one state, in serial order. */
    List<MeterState> meters(String group, YearMonth period, String state, int limit) {
        return jdbc.sql("""
                        SELECT meter_serial_no, service_point_code, state, attempts, reason, correlation_id, updated_at
                        FROM billing_collection_meter WHERE group_code = ? AND period = ? AND (?::text IS NULL OR state = ?)
                        ORDER BY meter_serial_no LIMIT ?""")
                .params(group, period.atDay(1), state, state, limit)
                .query((rs, i) -> new MeterState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getString(6), Cycles.instant(rs, 7)))
                .list();
    }

    Map<String, Integer> counts(String group, YearMonth period) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of("PENDING", "REQUESTED", "RECEIVED", "MISSING")) {
            counts.put(s, 0);
        }
        jdbc.sql("""
                        SELECT state, count(*) FROM billing_collection_meter WHERE group_code = ? AND period = ?
                        GROUP BY state""")
                .params(group, period.atDay(1))
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                });
        return counts;
    }

    /** The meters among {@code serials} whose billing profile frozen at {@code billingDate} is stored. */
    private Set<String> withProfile(java.util.Collection<String> serials, Instant billingDate) {
        Map<String, List<Reading>> registers = data.registersAt(serials, billingDate);
        return registers.entrySet().stream().filter(e -> {
            Map<String, Reading> byType = new HashMap<>();
            e.getValue().forEach(r -> byType.put(r.readingType(), r));
            return DeterminantCalculator.isBillingProfile(byType);
        }).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** A stored profile settles a meter whatever it waited for (also a MISSING one whose profile came late). */
    private void received(String group, YearMonth period, Set<String> serials) {
        if (serials.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE billing_collection_meter SET state = 'RECEIVED', reason = NULL, updated_at = now()
                        WHERE group_code = ? AND period = ? AND meter_serial_no = ANY(?) AND state <> 'RECEIVED'""")
                .params(group, period.atDay(1), serials.toArray(String[]::new))
                .update();
    }

    /** A request that did not go out counts as an attempt; the meters wait for the next one (or are MISSING). */
    private void retryLater(String group, YearMonth period, List<String> serials, int attempt, String reason) {
        jdbc.sql("""
                        UPDATE billing_collection_meter
                        SET attempts = ?, reason = ?, updated_at = now(), next_attempt_at = ?,
                            state = CASE WHEN ? >= ? THEN 'MISSING' ELSE 'PENDING' END
                        WHERE group_code = ? AND period = ? AND meter_serial_no = ANY(?) AND state = 'PENDING'""")
                .params(attempt, reason, Timestamp.from(clock.instant().plus(props.collection().retryAfter())), attempt,
                        props.collection().maxAttempts(), group, period.atDay(1), serials.toArray(String[]::new))
                .update();
    }

    /** REQUESTED meters whose read request never completed (e.g. its outcome was missed) are asked again. */
    private void requeueStale(Instant now) {
        jdbc.sql("""
                        UPDATE billing_collection_meter SET state = 'PENDING', next_attempt_at = now(),
                               reason = 'no outcome of read request ' || correlation_id
                        WHERE state = 'REQUESTED' AND updated_at < ?""")
                .param(Timestamp.from(now.minus(props.collection().staleAfter()))).update();
    }

    private boolean completeIfDone(String group, YearMonth period) {
        boolean open = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM billing_collection_meter WHERE group_code = ? AND period = ?
                                       AND state IN ('PENDING', 'REQUESTED'))""")
                .params(group, period.atDay(1)).query(Boolean.class).single();
        if (open) {
            return false;
        }
        boolean before = cycles.find(group, period).map(c -> c.collectionCompletedAt() != null).orElse(true);
        cycles.collectionCompleted(group, period);
        return !before;
    }
}

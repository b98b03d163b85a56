package org.urja.mdms.hes.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.hes.ReadRequestCompleted;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-meter state of read requests ({@code hes_read_request_meter}, see V10). Every change is one set-wise statement
 * per message or sweep, never one per meter. Writers of a request's meter rows first lock its
 * {@code hes_outbound_request} row ({@link #lock}), so two messages answering the same request are applied one after
 * the other and exactly one of them sees the request become complete.
 */
@Repository
class ReadRequestStore {

    static final List<String> STATES = List.of("REQUESTED", "RECEIVED", "FAILED", "TIMED_OUT");

    /** What one message brought for one meter. */
    record Arrival(String meterSerialNo, int intervalReadings, int registerReadings, int events, List<String> profiles) {
    }

    /** An unreadable meter as the HES reported it. */
    record Unreadable(String correlationId, String meterSerialNo, String outcome, String reason) {
    }

    /** A read request locked for the caller's transaction. */
    record Locked(String correlationId, boolean includeEvents, boolean complete) {
    }

    /** A meter whose state an update changed, and the state it had. */
    record Changed(String correlationId, String meterSerialNo, String previousState) {
    }

    record MeterState(String meterSerialNo, String state, int intervalReadings, int registerReadings, int events,
                      List<String> profiles, Instant firstArrivalAt, Instant lastArrivalAt, String hesOutcome,
                      String reason, Instant stateChangedAt) {
    }

    /**
     * A read request and where its meters stand: {@code status} IN_PROGRESS while a meter is REQUESTED, then
     * COMPLETE; {@code delivery} is the request's own status towards the HES (ACKNOWLEDGED, REJECTED, UNDELIVERED …).
     */
    record ReadRequestStatus(String correlationId, MeterReadRequest.Purpose purpose, String requestedBy,
                             Instant requestedAt, List<ReadingProfile> profiles, boolean includeEvents, Instant from,
                             Instant to, String delivery, String deliveryReason, String status, Instant completedAt,
                             Map<String, Integer> counts, List<MeterState> meters) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ReadRequestStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The meters of a new read request, all REQUESTED (in the transaction that records the request). */
    void insertMeters(String correlationId, List<String> meters) {
        jdbc.sql("""
                        INSERT INTO hes_read_request_meter (correlation_id, meter_serial_no)
                        SELECT ?, s FROM (SELECT DISTINCT unnest(?::text[])) AS t(s)""")
                .params(correlationId, meters.toArray(String[]::new))
                .update();
    }

    /** Locks the read requests among {@code correlationIds} (other kinds and unknown ids are skipped), in id order. */
    List<Locked> lock(Collection<String> correlationIds) {
        return jdbc.sql("""
                        SELECT correlation_id, COALESCE((payload ->> 'includeEvents')::boolean, FALSE),
                               reads_completed_at IS NOT NULL
                        FROM hes_outbound_request WHERE kind = 'READ' AND correlation_id = ANY (?::text[])
                        ORDER BY correlation_id FOR NO KEY UPDATE""")
                .param(correlationIds.toArray(String[]::new))
                .query((rs, i) -> new Locked(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3)))
                .list();
    }

    /**
     * Adds what arrived to the meters of one (locked) request: they become RECEIVED, also after FAILED or TIMED_OUT
     * (the HES's late answer wins). Meters the request did not name are ignored.
     */
    List<Changed> received(String correlationId, Collection<Arrival> arrivals, Instant at) {
        int n = arrivals.size();
        String[] serials = new String[n];
        Integer[] intervals = new Integer[n];
        Integer[] registers = new Integer[n];
        Integer[] events = new Integer[n];
        String[] profiles = new String[n];
        int i = 0;
        for (Arrival a : arrivals) {
            serials[i] = a.meterSerialNo();
            intervals[i] = a.intervalReadings();
            registers[i] = a.registerReadings();
            events[i] = a.events();
            profiles[i++] = String.join(",", a.profiles());
        }
        Timestamp when = Timestamp.from(at);
        return jdbc.sql("""
                        UPDATE hes_read_request_meter m
                        SET state             = 'RECEIVED',
                            interval_readings = m.interval_readings + a.intervals,
                            register_readings = m.register_readings + a.registers,
                            events            = m.events + a.events,
                            profiles          = ARRAY(SELECT DISTINCT p FROM unnest(m.profiles || string_to_array(a.profiles, ',')) AS p
                                                      ORDER BY p),
                            first_arrival_at  = COALESCE(m.first_arrival_at, ?),
                            last_arrival_at   = ?,
                            state_changed_at  = CASE WHEN m.state = 'RECEIVED' THEN m.state_changed_at ELSE ? END,
                            reason            = CASE WHEN m.state = 'RECEIVED' THEN m.reason
                                                     WHEN m.state = 'REQUESTED' THEN NULL
                                                     ELSE 'data arrived after ' || m.state || ': ' || COALESCE(m.reason, '') END
                        FROM unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::text[]) AS a(serial, intervals, registers, events, profiles),
                             hes_read_request_meter prior
                        WHERE m.correlation_id = ? AND m.meter_serial_no = a.serial
                          AND prior.correlation_id = m.correlation_id AND prior.meter_serial_no = m.meter_serial_no
                        RETURNING m.correlation_id, m.meter_serial_no, prior.state""")
                .params(when, when, when, serials, intervals, registers, events, profiles, correlationId)
                .query((rs, r) -> new Changed(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /**
     * Meters the HES reported unreadable (of locked requests) become FAILED with the HES's outcome and reason, unless
     * data already arrived for them.
     */
    List<Changed> failed(Collection<Unreadable> unreadable, Instant at) {
        return jdbc.sql("""
                        UPDATE hes_read_request_meter m
                        SET state = 'FAILED', hes_outcome = u.outcome, reason = u.reason, state_changed_at = ?
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(correlation_id, serial, outcome, reason),
                             hes_read_request_meter prior
                        WHERE m.correlation_id = u.correlation_id AND m.meter_serial_no = u.serial
                          AND m.state IN ('REQUESTED', 'TIMED_OUT')
                          AND prior.correlation_id = m.correlation_id AND prior.meter_serial_no = m.meter_serial_no
                        RETURNING m.correlation_id, m.meter_serial_no, prior.state""")
                .params(Timestamp.from(at),
                        unreadable.stream().map(Unreadable::correlationId).toArray(String[]::new),
                        unreadable.stream().map(Unreadable::meterSerialNo).toArray(String[]::new),
                        unreadable.stream().map(Unreadable::outcome).toArray(String[]::new),
                        unreadable.stream().map(Unreadable::reason).toArray(String[]::new))
                .query((rs, r) -> new Changed(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Every meter still REQUESTED of one (locked) request becomes FAILED: the request never reached the HES. */
    void undelivered(String correlationId, String reason, Instant at) {
        jdbc.sql("""
                        UPDATE hes_read_request_meter SET state = 'FAILED', reason = ?, state_changed_at = ?
                        WHERE correlation_id = ? AND state = 'REQUESTED'""")
                .params(reason, Timestamp.from(at), correlationId)
                .update();
    }

    /** Marks the given (locked) requests complete if none of their meters is REQUESTED; returns those it completed. */
    List<String> completeIfDone(Collection<String> correlationIds, Instant at) {
        return jdbc.sql("""
                        UPDATE hes_outbound_request r SET reads_completed_at = ?
                        WHERE r.correlation_id = ANY (?::text[]) AND r.kind = 'READ' AND r.reads_completed_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM hes_read_request_meter m
                                          WHERE m.correlation_id = r.correlation_id AND m.state = 'REQUESTED')
                        RETURNING r.correlation_id""")
                .params(Timestamp.from(at), correlationIds.toArray(String[]::new))
                .query(String.class).list();
    }

    /**
     * One sweep, one statement: read requests older than {@code cutoff} that are not complete (up to {@code limit},
     * claimed with SKIP LOCKED so several nodes can sweep) get TIMED_OUT for every meter still REQUESTED and are
     * complete. Returns the requests it completed.
     */
    List<String> timeOut(Instant cutoff, int limit, String reason, Instant at) {
        Timestamp when = Timestamp.from(at);
        return jdbc.sql("""
                        WITH due AS (SELECT correlation_id FROM hes_outbound_request
                                     WHERE kind = 'READ' AND reads_completed_at IS NULL AND requested_at < ?
                                     ORDER BY requested_at LIMIT ? FOR NO KEY UPDATE SKIP LOCKED),
                             timed AS (UPDATE hes_read_request_meter m SET state = 'TIMED_OUT', reason = ?, state_changed_at = ?
                                       FROM due WHERE m.correlation_id = due.correlation_id AND m.state = 'REQUESTED')
                        UPDATE hes_outbound_request r SET reads_completed_at = ?
                        FROM due WHERE r.correlation_id = due.correlation_id
                        RETURNING r.correlation_id""")
                .params(Timestamp.from(cutoff), limit, reason, when, when)
                .query(String.class).list();
    }

    /** The completion announcements of these requests. */
    List<ReadRequestCompleted> completions(Collection<String> correlationIds, boolean revised) {
        record Row(String correlationId, String purpose, String requestedBy, Instant requestedAt, Instant completedAt,
                   ReadRequestCompleted.MeterOutcome meter) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT r.correlation_id, r.payload ->> 'purpose', r.requested_by, r.requested_at, r.reads_completed_at,
                               m.meter_serial_no, m.state, m.interval_readings, m.register_readings, m.events, m.profiles, m.reason
                        FROM hes_outbound_request r JOIN hes_read_request_meter m ON m.correlation_id = r.correlation_id
                        WHERE r.correlation_id = ANY (?::text[])
                        ORDER BY r.correlation_id, m.meter_serial_no""")
                .param(correlationIds.toArray(String[]::new))
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                        new ReadRequestCompleted.MeterOutcome(rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9),
                                rs.getInt(10), strings(rs.getArray(11)), rs.getString(12))))
                .list();
        Map<String, List<Row>> byRequest = new LinkedHashMap<>();
        rows.forEach(r -> byRequest.computeIfAbsent(r.correlationId(), id -> new ArrayList<>()).add(r));
        return byRequest.values().stream().map(meters -> {
            Row r = meters.get(0);
            return new ReadRequestCompleted(r.correlationId(), MeterReadRequest.Purpose.valueOf(r.purpose()),
                    r.requestedBy(), r.requestedAt(), r.completedAt(), revised, meters.stream().map(Row::meter).toList());
        }).toList();
    }

    /** Request fields kept in the request's payload (the meter list is left out: the meter rows have it). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Asked(List<ReadingProfile> profiles, boolean includeEvents, Instant from, Instant to,
                         MeterReadRequest.Purpose purpose) {
    }

    private static final String SELECT_REQUEST = """
            SELECT r.correlation_id, (r.payload - 'meterSerialNos')::text, r.requested_by, r.requested_at, r.status,
                   r.status_reason, r.reads_completed_at,
                   c.requested, c.received, c.failed, c.timed_out
            FROM hes_outbound_request r
                 CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE state = 'REQUESTED') AS requested,
                                            count(*) FILTER (WHERE state = 'RECEIVED') AS received,
                                            count(*) FILTER (WHERE state = 'FAILED') AS failed,
                                            count(*) FILTER (WHERE state = 'TIMED_OUT') AS timed_out
                                     FROM hes_read_request_meter m WHERE m.correlation_id = r.correlation_id) c
            """;

    /** A read request with every meter's state. */
    Optional<ReadRequestStatus> find(String correlationId) {
        return jdbc.sql(SELECT_REQUEST + " WHERE r.kind = 'READ' AND r.correlation_id = ?")
                .param(correlationId)
                .query((rs, i) -> request(rs))
                .optional()
                .map(r -> withMeters(r, meters(List.of(correlationId), null)));
    }

    /**
     * Recent read requests, newest first; with {@code meterSerialNo} only those naming that meter, each listing that
     * meter's state (without it, {@code meters} is left empty: see {@link #find}).
     */
    List<ReadRequestStatus> recent(String meterSerialNo, int limit) {
        List<ReadRequestStatus> requests = jdbc.sql(SELECT_REQUEST + """
                         WHERE r.kind = 'READ' AND (CAST(? AS text) IS NULL OR r.meter_serials @> ARRAY[CAST(? AS text)])
                        ORDER BY r.requested_at DESC, r.correlation_id LIMIT ?""")
                .params(meterSerialNo, meterSerialNo, limit)
                .query((rs, i) -> request(rs))
                .list();
        if (meterSerialNo == null || requests.isEmpty()) {
            return requests;
        }
        Map<String, List<MeterState>> states = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT correlation_id, meter_serial_no, state, interval_readings, register_readings, events, profiles,
                               first_arrival_at, last_arrival_at, hes_outcome, reason, state_changed_at
                        FROM hes_read_request_meter WHERE correlation_id = ANY (?::text[]) AND meter_serial_no = ?""")
                .params(requests.stream().map(ReadRequestStatus::correlationId).toArray(String[]::new), meterSerialNo)
                .query((rs, i) -> Map.entry(rs.getString(1), meterState(rs, 2)))
                .list()
                .forEach(e -> states.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return requests.stream().map(r -> withMeters(r, states.getOrDefault(r.correlationId(), List.of()))).toList();
    }

    private List<MeterState> meters(List<String> correlationIds, String meterSerialNo) {
        return jdbc.sql("""
                        SELECT meter_serial_no, state, interval_readings, register_readings, events, profiles,
                               first_arrival_at, last_arrival_at, hes_outcome, reason, state_changed_at
                        FROM hes_read_request_meter
                        WHERE correlation_id = ANY (?::text[]) AND (CAST(? AS text) IS NULL OR meter_serial_no = ?)
                        ORDER BY meter_serial_no""")
                .params(correlationIds.toArray(String[]::new), meterSerialNo, meterSerialNo)
                .query((rs, i) -> meterState(rs, 1))
                .list();
    }

    private static MeterState meterState(ResultSet rs, int first) throws SQLException {
        int c = first;
        return new MeterState(rs.getString(c), rs.getString(c + 1), rs.getInt(c + 2), rs.getInt(c + 3), rs.getInt(c + 4),
                strings(rs.getArray(c + 5)), instant(rs, c + 6), instant(rs, c + 7), rs.getString(c + 8),
                rs.getString(c + 9), instant(rs, c + 10));
    }

    private static ReadRequestStatus withMeters(ReadRequestStatus r, List<MeterState> meters) {
        return new ReadRequestStatus(r.correlationId(), r.purpose(), r.requestedBy(), r.requestedAt(), r.profiles(),
                r.includeEvents(), r.from(), r.to(), r.delivery(), r.deliveryReason(), r.status(), r.completedAt(),
                r.counts(), meters);
    }

    private ReadRequestStatus request(ResultSet rs) throws SQLException {
        Asked asked = json.readValue(rs.getString(2), Asked.class);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < STATES.size(); i++) {
            counts.put(STATES.get(i), rs.getInt(8 + i));
        }
        return new ReadRequestStatus(rs.getString(1), asked.purpose(), rs.getString(3), instant(rs, 4),
                asked.profiles(), asked.includeEvents(), asked.from(), asked.to(), rs.getString(5), rs.getString(6),
                rs.getObject(7) != null ? "COMPLETE" : "IN_PROGRESS", instant(rs, 7), counts, List.of());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

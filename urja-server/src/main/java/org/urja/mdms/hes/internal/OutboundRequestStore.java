package org.urja.mdms.hes.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.hes.OutboundRequest;

/**
 * Requests sent to the HES and their outcome. A read request's outcome is per meter: recorded with the request and
 * followed by {@link ReadRequestTracker}.
 */
@Repository
class OutboundRequestStore {

    private final JdbcClient jdbc;
    private final ReadRequestTracker reads;

    OutboundRequestStore(JdbcClient jdbc, ReadRequestTracker reads) {
        this.jdbc = jdbc;
        this.reads = reads;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void insert(String correlationId, String messageId, String kind, List<String> meters, String controlType,
                       String payloadJson, String requestedBy, Instant requestedAt, String requestKey) {
        jdbc.sql("""
                        INSERT INTO hes_outbound_request (correlation_id, message_id, kind, meter_serials, control_type,
                                                          payload, requested_by, requested_at, status, request_key)
                        VALUES (?, ?, ?, ?::text[], ?, ?::jsonb, ?, ?, 'PENDING', ?)""")
                .params(correlationId, messageId, kind, meters.toArray(String[]::new), controlType, payloadJson,
                        requestedBy, Timestamp.from(requestedAt), requestKey)
                .update();
        if ("READ".equals(kind)) {
            reads.requested(correlationId, meters);
        }
    }

    /** One command request of a batch, as {@link #insertControls} records it. */
    record NewControl(String correlationId, String messageId, String meterSerialNo, String controlType,
                      String payloadJson, String requestedBy, String requestKey) {
    }

    /** Records many command requests PENDING in one statement, committed on its own like {@link #insert}. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void insertControls(List<NewControl> controls, Instant requestedAt) {
        jdbc.sql("""
                        INSERT INTO hes_outbound_request (correlation_id, message_id, kind, meter_serials, control_type,
                                                          payload, requested_by, requested_at, status, request_key)
                        SELECT c, m, 'CONTROL', ARRAY[s], t, p::jsonb, b, ?, 'PENDING', k
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                             AS u(c, m, s, t, p, b, k)""")
                .params(Timestamp.from(requestedAt), column(controls, NewControl::correlationId),
                        column(controls, NewControl::messageId), column(controls, NewControl::meterSerialNo),
                        column(controls, NewControl::controlType), column(controls, NewControl::payloadJson),
                        column(controls, NewControl::requestedBy), column(controls, NewControl::requestKey))
                .update();
    }

    /** The HES's answers to many command sends, in one statement committed on its own (see {@link #delivered}). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void deliveredControls(List<String> correlationIds, List<String> statuses, List<String> reasons,
                                  List<Integer> attempts, Instant at) {
        jdbc.sql("""
                        UPDATE hes_outbound_request h
                        SET status = CASE WHEN h.status = 'COMPLETED' THEN h.status ELSE u.st END,
                            status_reason = u.r, attempts = u.n,
                            acknowledged_at = CASE WHEN u.st = 'ACKNOWLEDGED' THEN CAST(? AS timestamptz) END
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::int[]) AS u(c, st, r, n)
                        WHERE h.correlation_id = u.c""")
                .params(Timestamp.from(at), correlationIds.toArray(String[]::new),
                        statuses.toArray(String[]::new), reasons.toArray(String[]::new),
                        attempts.toArray(Integer[]::new))
                .update();
    }

    /** Requests by idempotency key, for the keys that have one. */
    Map<String, OutboundRequest> findByKeys(List<String> requestKeys) {
        return jdbc.sql(SELECT_WITH_KEY + " WHERE request_key = ANY(?::text[])")
                .param(requestKeys.toArray(String[]::new))
                .query((rs, i) -> Map.entry(rs.getString(13), map(rs))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Requests by correlation id. */
    Map<String, OutboundRequest> findAll(List<String> correlationIds) {
        return jdbc.sql(SELECT + " WHERE correlation_id = ANY(?::text[])").param(correlationIds.toArray(String[]::new))
                .query((rs, i) -> map(rs)).list().stream()
                .collect(Collectors.toMap(OutboundRequest::correlationId, r -> r));
    }

    private static <T> String[] column(List<T> rows, java.util.function.Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    Optional<OutboundRequest> findByKey(String requestKey) {
        return jdbc.sql(SELECT + " WHERE request_key = ?").param(requestKey).query((rs, i) -> map(rs)).optional();
    }

    /** Records the HES's answer to the send; an outcome that already arrived is kept. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void delivered(String correlationId, String status, String reason, int attempts, Instant at) {
        jdbc.sql("""
                        UPDATE hes_outbound_request
                        SET status = CASE WHEN status = 'COMPLETED' THEN status ELSE ? END,
                            status_reason = ?, attempts = ?, acknowledged_at = CAST(? AS timestamptz)
                        WHERE correlation_id = ?""")
                .params(status, reason, attempts, "ACKNOWLEDGED".equals(status) ? Timestamp.from(at) : null, correlationId)
                .update();
        if (!"ACKNOWLEDGED".equals(status)) {
            reads.undelivered(correlationId, status, reason);
        }
    }

    /**
     * What a new message from the HES (a {@code MeterReadingsBatch}, {@code EndDeviceEventsMessage} or
     * {@code EndDeviceControlResultsMessage}) brought to the read requests it answers; in the transaction storing it.
     */
    void readDataArrived(Object message, Instant receivedAt) {
        reads.arrived(message, receivedAt);
    }

    /**
     * Records the HES's outcome of a command. Returns false when the command is unknown or already has the HES's
     * outcome; an outcome the MDM decided itself (a timeout) is replaced by the real one arriving late.
     */
    boolean completeFromHes(String correlationId, String outcome, String reason, Instant at) {
        return jdbc.sql("""
                        UPDATE hes_outbound_request
                        SET status = 'COMPLETED', outcome = ?, outcome_reason = ?, completed_at = ?, outcome_by_mdm = FALSE
                        WHERE correlation_id = ? AND kind IN ('CONTROL', 'DCU_CONTROL')
                          AND (status <> 'COMPLETED' OR outcome_by_mdm)""")
                .params(outcome, reason, Timestamp.from(at), correlationId)
                .update() == 1;
    }

    /**
     * Records the HES's outcomes of many commands in one statement (as {@link #completeFromHes(String, String, String,
     * Instant)} each); returns the correlation ids whose outcome this recorded.
     */
    java.util.Set<String> completeFromHes(List<org.urja.hes.contract.EndDeviceControlResult> results) {
        return new java.util.HashSet<>(jdbc.sql("""
                        UPDATE hes_outbound_request h
                        SET status = 'COMPLETED', outcome = u.o, outcome_reason = u.r, completed_at = u.t::timestamptz,
                            outcome_by_mdm = FALSE
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(c, o, r, t)
                        WHERE h.correlation_id = u.c AND h.kind IN ('CONTROL', 'DCU_CONTROL')
                          AND (h.status <> 'COMPLETED' OR h.outcome_by_mdm)
                        RETURNING h.correlation_id""")
                .params(column(results, r -> r.correlationId()), column(results, r -> r.outcome().name()),
                        column(results, r -> r.reason()), column(results, r -> r.completedDateTime().toString()))
                .query(String.class).list());
    }

    /** Times a command out on the MDM's side; false when an outcome is already recorded. */
    boolean timeOut(String correlationId, String reason, Instant at) {
        return jdbc.sql("""
                        UPDATE hes_outbound_request
                        SET status = 'COMPLETED', outcome = 'TIMED_OUT', outcome_reason = ?, completed_at = ?, outcome_by_mdm = TRUE
                        WHERE correlation_id = ? AND status <> 'COMPLETED'""")
                .params(reason, Timestamp.from(at), correlationId)
                .update() == 1;
    }

    /** Requests recorded but never sent (the MDM stopped between recording and sending). */
    int abandonUnsent(Instant cutoff) {
        return jdbc.sql("""
                        UPDATE hes_outbound_request SET status = 'UNDELIVERED', status_reason = 'not sent: the MDM stopped before sending'
                        WHERE status = 'PENDING' AND requested_at < ?""")
                .param(Timestamp.from(cutoff)).update();
    }

    /**
     * Acknowledged commands (to meters and DCUs) without an outcome since before {@code cutoff}: locked for the caller's
     * transaction.
     */
    List<OutboundRequest> overdueControls(Instant cutoff, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE kind IN ('CONTROL', 'DCU_CONTROL') AND status = 'ACKNOWLEDGED' AND acknowledged_at < ?
                        ORDER BY acknowledged_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(Timestamp.from(cutoff), limit)
                .query((rs, i) -> map(rs)).list();
    }

    Optional<OutboundRequest> find(String correlationId) {
        return jdbc.sql(SELECT + " WHERE correlation_id = ?").param(correlationId).query((rs, i) -> map(rs)).optional();
    }

    private static final String SELECT = """
            SELECT correlation_id, kind, meter_serials, control_type, requested_by, requested_at, status, status_reason,
                   attempts, outcome, outcome_reason, completed_at FROM hes_outbound_request""";

    private static final String SELECT_WITH_KEY = SELECT.replace(" FROM hes_outbound_request",
            ", request_key FROM hes_outbound_request");

    private static OutboundRequest map(ResultSet rs) throws SQLException {
        OffsetDateTime completed = rs.getObject(12, OffsetDateTime.class);
        return new OutboundRequest(rs.getString(1), rs.getString(2), Arrays.asList((String[]) rs.getArray(3).getArray()),
                rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7),
                rs.getString(8), rs.getInt(9), rs.getString(10), rs.getString(11),
                completed == null ? null : completed.toInstant());
    }
}

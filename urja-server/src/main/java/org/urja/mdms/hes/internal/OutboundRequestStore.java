package org.urja.mdms.hes.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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

    private static OutboundRequest map(ResultSet rs) throws SQLException {
        OffsetDateTime completed = rs.getObject(12, OffsetDateTime.class);
        return new OutboundRequest(rs.getString(1), rs.getString(2), Arrays.asList((String[]) rs.getArray(3).getArray()),
                rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class).toInstant(), rs.getString(7),
                rs.getString(8), rs.getInt(9), rs.getString(10), rs.getString(11),
                completed == null ? null : completed.toInstant());
    }
}

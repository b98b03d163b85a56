package org.urja.mdms.connection.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.mdms.network.PaymentMode;

/** The connection and connection_step tables. */
@Repository
class ConnectionStore {

    enum State {
        IN_PROGRESS, RETRY_SCHEDULED, ATTENTION, ACTIVE, CANCELLED;

        boolean open() {
            return this == IN_PROGRESS || this == RETRY_SCHEDULED || this == ATTENTION;
        }
    }

    record Connection(long id, String idempotencyKey, String requestHash, PaymentMode paymentMode, String consumerNo,
                      String name, String address, String phone, String email, String tariffCategory,
                      BigDecimal sanctionedLoadKw, String dtCode, String feederCode, String billGroup,
                      long openingBalancePaise, String servicePointCode, Long workOrderId, String meterSerialNo,
                      BigDecimal initialReadingKwh, Instant installedAt, BigDecimal readingKwh, Instant readAt,
                      Long walletBalancePaise, State state, Step step, String reason, Instant nextAttemptAt,
                      String requestedBy, Instant requestedAt, Instant updatedAt, Instant activatedAt) {
    }

    record StepRow(long id, Step step, int attempt, String state, Instant startedAt, Instant finishedAt,
                   String reference, String reason) {
    }

    private static final String COLUMNS = """
            id, idempotency_key, request_hash, payment_mode, consumer_no, name, address, phone, email, tariff_category,
            sanctioned_load_kw, dt_code, feeder_code, bill_group, opening_balance_paise, service_point, work_order_id,
            meter_serial, initial_reading_kwh, installed_at, reading_kwh, read_at, wallet_balance_paise, state, step,
            reason, next_attempt_at, requested_by, requested_at, updated_at, activated_at""";

    private final JdbcClient jdbc;

    ConnectionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long nextId() {
        return jdbc.sql("SELECT nextval(pg_get_serial_sequence('connection', 'id'))").query(Long.class).single();
    }

    /** Records a request (its id from {@link #nextId}) at {@code step}. */
    void insert(long id, String key, String hash, Requests.Request r, String consumerNo, String servicePointCode,
                Step step, String user, Instant now) {
        jdbc.sql("""
                        INSERT INTO connection (id, idempotency_key, request_hash, payment_mode, consumer_no, name,
                            address, phone, email, tariff_category, sanctioned_load_kw, dt_code, feeder_code, bill_group,
                            opening_balance_paise, service_point, state, step, requested_by, requested_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'IN_PROGRESS', ?, ?, ?, ?)""")
                .params(id, key, hash, r.paymentMode().name(), consumerNo, r.name(), r.address(), r.phone(), r.email(),
                        r.category(), r.sanctionedLoadKw(), r.dtCode(), r.feederCode(), r.billGroup(),
                        r.openingBalancePaise() == null ? 0 : r.openingBalancePaise(), servicePointCode, step.name(),
                        user, ts(now), ts(now))
                .update();
    }

    Optional<Connection> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection WHERE id = ?").param(id)
                .query(ConnectionStore::connection).optional();
    }

    Optional<Connection> byKey(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection WHERE idempotency_key = ?").param(key)
                .query(ConnectionStore::connection).optional();
    }

    /** Locks the connection's row for a transition; with {@code skipLocked}, empty if another node holds it. */
    Optional<Connection> lock(long id, boolean skipLocked) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM connection WHERE id = ? FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : ""))
                .param(id).query(ConnectionStore::connection).optional();
    }

    List<Connection> list(State state, String consumerNo, int limit) {
        String s = state == null ? null : state.name();
        return jdbc.sql("""
                        SELECT %s FROM connection WHERE (CAST(? AS text) IS NULL OR state = ?)
                          AND (CAST(? AS text) IS NULL OR consumer_no = ?) ORDER BY id DESC LIMIT ?""".formatted(COLUMNS))
                .params(s, s, consumerNo, consumerNo, limit).query(ConnectionStore::connection).list();
    }

    /** Connections to look at now: in progress at a step that does not wait for an event, or a retry that is due. */
    List<Long> due(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM connection
                        WHERE (state = 'IN_PROGRESS' AND step NOT IN ('INSTALLATION_REPORT', 'READ_VERIFICATION'))
                           OR (state = 'RETRY_SCHEDULED' AND next_attempt_at <= ?)
                        ORDER BY id LIMIT ?""")
                .params(ts(now), limit).query(Long.class).list();
    }

    List<StepRow> steps(long connectionId) {
        return jdbc.sql("""
                        SELECT id, step, attempt, state, started_at, finished_at, reference, reason FROM connection_step
                        WHERE connection_id = ? ORDER BY id""")
                .param(connectionId).query(ConnectionStore::step).list();
    }

    Optional<StepRow> inProgress(long connectionId, Step step) {
        return jdbc.sql("""
                        SELECT id, step, attempt, state, started_at, finished_at, reference, reason FROM connection_step
                        WHERE connection_id = ? AND step = ? AND state = 'IN_PROGRESS' ORDER BY id DESC LIMIT 1""")
                .params(connectionId, step.name()).query(ConnectionStore::step).optional();
    }

    int nextAttempt(long connectionId, Step step) {
        return jdbc.sql("SELECT coalesce(max(attempt), 0) + 1 FROM connection_step WHERE connection_id = ? AND step = ?")
                .params(connectionId, step.name()).query(Integer.class).single();
    }

    void insertStep(long connectionId, Step step, String state, String reference, String reason, Instant now) {
        jdbc.sql("""
                        INSERT INTO connection_step (connection_id, step, attempt, state, started_at, finished_at,
                            reference, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(connectionId, step.name(), nextAttempt(connectionId, step), state, ts(now),
                        state.equals("IN_PROGRESS") ? null : ts(now), reference, reason)
                .update();
    }

    void finishStep(long stepId, String state, String reason, Instant now) {
        jdbc.sql("UPDATE connection_step SET state = ?, reason = ?, finished_at = ? WHERE id = ?")
                .params(state, reason, ts(now), stepId).update();
    }

    int finishOpenSteps(long connectionId, String state, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE connection_step SET state = ?, reason = ?, finished_at = ?
                        WHERE connection_id = ? AND state = 'IN_PROGRESS'""")
                .params(state, reason, ts(now), connectionId).update();
    }

    void move(long id, Step step, State state, String reason, Instant nextAttemptAt, Instant now) {
        jdbc.sql("""
                        UPDATE connection SET step = ?, state = ?, reason = ?, next_attempt_at = ?, updated_at = ?,
                            activated_at = CASE WHEN ? = 'ACTIVE' THEN CAST(? AS timestamptz) END
                        WHERE id = ?""")
                .params(step.name(), state.name(), reason, ts(nextAttemptAt), ts(now), state.name(), ts(now), id)
                .update();
    }

    void workOrder(long id, long workOrderId) {
        jdbc.sql("UPDATE connection SET work_order_id = ? WHERE id = ?").params(workOrderId, id).update();
    }

    void installed(long id, String meterSerialNo, String dtCode, String feederCode, BigDecimal initialReadingKwh,
                   Instant installedAt) {
        jdbc.sql("""
                        UPDATE connection SET meter_serial = ?, dt_code = ?, feeder_code = coalesce(?, feeder_code),
                            initial_reading_kwh = ?, installed_at = ? WHERE id = ?""")
                .params(meterSerialNo, dtCode, feederCode, initialReadingKwh, ts(installedAt), id).update();
    }

    void meterRead(long id, BigDecimal readingKwh, Instant readAt) {
        jdbc.sql("UPDATE connection SET reading_kwh = ?, read_at = ? WHERE id = ?")
                .params(readingKwh, ts(readAt), id).update();
    }

    void walletBalance(long id, long paise) {
        jdbc.sql("UPDATE connection SET wallet_balance_paise = ? WHERE id = ?").params(paise, id).update();
    }

    private static Connection connection(ResultSet rs, int row) throws SQLException {
        return new Connection(rs.getLong("id"), rs.getString("idempotency_key"), rs.getString("request_hash"),
                PaymentMode.valueOf(rs.getString("payment_mode")), rs.getString("consumer_no"), rs.getString("name"),
                rs.getString("address"), rs.getString("phone"), rs.getString("email"), rs.getString("tariff_category"),
                rs.getBigDecimal("sanctioned_load_kw"), rs.getString("dt_code"), rs.getString("feeder_code"),
                rs.getString("bill_group"), rs.getLong("opening_balance_paise"), rs.getString("service_point"),
                (Long) rs.getObject("work_order_id"), rs.getString("meter_serial"),
                rs.getBigDecimal("initial_reading_kwh"), instant(rs, "installed_at"), rs.getBigDecimal("reading_kwh"),
                instant(rs, "read_at"), (Long) rs.getObject("wallet_balance_paise"), State.valueOf(rs.getString("state")),
                Step.valueOf(rs.getString("step")), rs.getString("reason"), instant(rs, "next_attempt_at"),
                rs.getString("requested_by"), instant(rs, "requested_at"), instant(rs, "updated_at"),
                instant(rs, "activated_at"));
    }

    private static StepRow step(ResultSet rs, int row) throws SQLException {
        return new StepRow(rs.getLong("id"), Step.valueOf(rs.getString("step")), rs.getInt("attempt"),
                rs.getString("state"), instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("reference"),
                rs.getString("reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}

package org.urja.mdms.migration.internal;

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

/** The migration and migration_step tables. */
@Repository
class MigrationStore {

    enum State {
        IN_PROGRESS, RETRY_SCHEDULED, ATTENTION, COMPLETED, CANCELLED;

        boolean open() {
            return this == IN_PROGRESS || this == RETRY_SCHEDULED || this == ATTENTION;
        }
    }

    record Migration(long id, String reference, String requestHash, PaymentMode targetMode, String consumerNo,
                     String servicePointCode, String meterSerialNo, String replacedMeterSerialNo, boolean meterChange,
                     String tariffCategory, long openingBalancePaise, long arrearsPaise, String engineeringToken,
                     State state, Step step, String reason, Instant nextAttemptAt, Long meterCreditPaise,
                     Long walletBalancePaise, BigDecimal readingKwh, Instant readAt, String requestedBy,
                     Instant requestedAt, Instant updatedAt, Instant completedAt) {
    }

    record StepRow(long id, Step step, int attempt, String state, Instant startedAt, Instant finishedAt,
                   String reference, String reason) {
    }

    record NewMigration(String reference, String requestHash, PaymentMode targetMode, String consumerNo,
                        String servicePointCode, String meterSerialNo, boolean meterChange, String tariffCategory,
                        long openingBalancePaise, long arrearsPaise, String engineeringToken, String requestedBy) {
    }

    private static final String COLUMNS = """
            id, reference, request_hash, target_mode, consumer_no, service_point, meter_serial, replaced_meter_serial,
            meter_change, tariff_category, opening_balance_paise, arrears_paise, engineering_token, state, step, reason,
            next_attempt_at, meter_credit_paise, wallet_balance_paise, reading_kwh, read_at, requested_by, requested_at,
            updated_at, completed_at""";

    private final JdbcClient jdbc;

    MigrationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new migration at its second step, with the request as its first step (done). */
    long insert(NewMigration m, Instant now) {
        Step first = Step.REQUEST_RECEIVED;
        long id = jdbc.sql("""
                        INSERT INTO migration (reference, request_hash, target_mode, consumer_no, service_point,
                            meter_serial, meter_change, tariff_category, opening_balance_paise, arrears_paise,
                            engineering_token, state, step, requested_by, requested_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'IN_PROGRESS', ?, ?, ?, ?) RETURNING id""")
                .params(m.reference(), m.requestHash(), m.targetMode().name(), m.consumerNo(), m.servicePointCode(),
                        m.meterSerialNo(), m.meterChange(), m.tariffCategory(), m.openingBalancePaise(),
                        m.arrearsPaise(), m.engineeringToken(), first.next(m.targetMode()).name(), m.requestedBy(),
                        ts(now), ts(now))
                .query(Long.class).single();
        insertStep(id, first, "DONE", m.reference(), "Requested by " + m.requestedBy() + ": " + m.consumerNo() + " to "
                + m.targetMode() + " (meter " + m.meterSerialNo() + " at " + m.servicePointCode() + ")", now);
        return id;
    }

    Optional<Migration> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM migration WHERE id = ?").param(id)
                .query(MigrationStore::migration).optional();
    }

    Optional<Migration> byReference(String reference) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM migration WHERE reference = ?").param(reference)
                .query(MigrationStore::migration).optional();
    }

    Optional<Migration> openFor(String consumerNo) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM migration WHERE consumer_no = ? AND state IN "
                        + "('IN_PROGRESS', 'RETRY_SCHEDULED', 'ATTENTION')").param(consumerNo)
                .query(MigrationStore::migration).optional();
    }

    /** Locks the migration's row for a transition; with {@code skipLocked}, empty if another node holds it. */
    Optional<Migration> lock(long id, boolean skipLocked) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM migration WHERE id = ? FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : ""))
                .param(id).query(MigrationStore::migration).optional();
    }

    List<Migration> list(State state, String consumerNo, int limit) {
        String s = state == null ? null : state.name();
        return jdbc.sql("""
                        SELECT %s FROM migration WHERE (CAST(? AS text) IS NULL OR state = ?)
                          AND (CAST(? AS text) IS NULL OR consumer_no = ?) ORDER BY id DESC LIMIT ?""".formatted(COLUMNS))
                .params(s, s, consumerNo, consumerNo, limit).query(MigrationStore::migration).list();
    }

    /**
     * Migrations to look at now: in progress (but not those waiting for an event: the installation report, a read's
     * data), or a retry that is due.
     */
    List<Long> due(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM migration
                        WHERE (state = 'IN_PROGRESS'
                               AND step NOT IN ('INSTALLATION_REPORT', 'READ_BEFORE_VERIFICATION', 'READ_VERIFICATION'))
                           OR (state = 'RETRY_SCHEDULED' AND next_attempt_at <= ?)
                        ORDER BY id LIMIT ?""")
                .params(ts(now), limit).query(Long.class).list();
    }

    List<StepRow> steps(long migrationId) {
        return jdbc.sql("""
                        SELECT id, step, attempt, state, started_at, finished_at, reference, reason FROM migration_step
                        WHERE migration_id = ? ORDER BY id""")
                .param(migrationId).query(MigrationStore::step).list();
    }

    /** The step's attempt in progress, if any. */
    Optional<StepRow> inProgress(long migrationId, Step step) {
        return jdbc.sql("""
                        SELECT id, step, attempt, state, started_at, finished_at, reference, reason FROM migration_step
                        WHERE migration_id = ? AND step = ? AND state = 'IN_PROGRESS' ORDER BY id DESC LIMIT 1""")
                .params(migrationId, step.name()).query(MigrationStore::step).optional();
    }

    /** The attempt number the step's next row gets. */
    int nextAttempt(long migrationId, Step step) {
        return jdbc.sql("SELECT coalesce(max(attempt), 0) + 1 FROM migration_step WHERE migration_id = ? AND step = ?")
                .params(migrationId, step.name()).query(Integer.class).single();
    }

    /** Whether a step of the migration was ever done (e.g. a command accepted). */
    boolean done(long migrationId, Step step) {
        return jdbc.sql("SELECT count(*) FROM migration_step WHERE migration_id = ? AND step = ? AND state = 'DONE'")
                .params(migrationId, step.name()).query(Long.class).single() > 0;
    }

    void insertStep(long migrationId, Step step, String state, String reference, String reason, Instant now) {
        jdbc.sql("""
                        INSERT INTO migration_step (migration_id, step, attempt, state, started_at, finished_at, reference, reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(migrationId, step.name(), nextAttempt(migrationId, step), state, ts(now),
                        state.equals("IN_PROGRESS") ? null : ts(now), reference, reason)
                .update();
    }

    void finishStep(long stepId, String state, String reason, Instant now) {
        jdbc.sql("UPDATE migration_step SET state = ?, reason = ?, finished_at = ? WHERE id = ?")
                .params(state, reason, ts(now), stepId).update();
    }

    /** Every step attempt still in progress ends with {@code state} (a cancellation, a failure). */
    int finishOpenSteps(long migrationId, String state, String reason, Instant now) {
        return jdbc.sql("UPDATE migration_step SET state = ?, reason = ?, finished_at = ? WHERE migration_id = ? AND state = 'IN_PROGRESS'")
                .params(state, reason, ts(now), migrationId).update();
    }

    void move(long id, Step step, State state, String reason, Instant nextAttemptAt, Instant now) {
        jdbc.sql("""
                        UPDATE migration SET step = ?, state = ?, reason = ?, next_attempt_at = ?, updated_at = ?,
                            completed_at = CASE WHEN ? IN ('COMPLETED', 'CANCELLED') THEN CAST(? AS timestamptz) END
                        WHERE id = ?""")
                .params(step.name(), state.name(), reason, ts(nextAttemptAt), ts(now), state.name(), ts(now), id)
                .update();
    }

    void meterExchanged(long id, String installedMeterSerialNo, String removedMeterSerialNo) {
        jdbc.sql("UPDATE migration SET meter_serial = ?, replaced_meter_serial = ? WHERE id = ?")
                .params(installedMeterSerialNo, removedMeterSerialNo, id).update();
    }

    void meterRead(long id, Long meterCreditPaise, BigDecimal readingKwh, Instant readAt) {
        jdbc.sql("""
                        UPDATE migration SET meter_credit_paise = coalesce(?, meter_credit_paise),
                            reading_kwh = coalesce(?, reading_kwh), read_at = coalesce(?, read_at) WHERE id = ?""")
                .params(meterCreditPaise, readingKwh, ts(readAt), id).update();
    }

    void walletBalance(long id, long paise) {
        jdbc.sql("UPDATE migration SET wallet_balance_paise = ? WHERE id = ?").params(paise, id).update();
    }

    private static Migration migration(ResultSet rs, int row) throws SQLException {
        return new Migration(rs.getLong("id"), rs.getString("reference"), rs.getString("request_hash"),
                PaymentMode.valueOf(rs.getString("target_mode")), rs.getString("consumer_no"),
                rs.getString("service_point"), rs.getString("meter_serial"), rs.getString("replaced_meter_serial"),
                rs.getBoolean("meter_change"), rs.getString("tariff_category"), rs.getLong("opening_balance_paise"),
                rs.getLong("arrears_paise"), rs.getString("engineering_token"), State.valueOf(rs.getString("state")),
                Step.valueOf(rs.getString("step")), rs.getString("reason"), instant(rs, "next_attempt_at"),
                (Long) rs.getObject("meter_credit_paise"), (Long) rs.getObject("wallet_balance_paise"),
                rs.getBigDecimal("reading_kwh"), instant(rs, "read_at"), rs.getString("requested_by"),
                instant(rs, "requested_at"), instant(rs, "updated_at"), instant(rs, "completed_at"));
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

package org.urja.mdms.billing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.mdms.billing.internal.DeterminantCalculator.Period;

/** Billing cycles ({@code billing_cycle}): one per bill group and period. */
@Repository
class Cycles {

    record Cycle(String groupCode, YearMonth period, Instant periodStart, Instant periodEnd,
                 String collectionRequestedBy, Instant collectionRequestedAt, Instant collectionCompletedAt,
                 String determinantsState, String determinantsRequestedBy, Instant determinantsRequestedAt,
                 Instant determinantsCompletedAt, String cursor, int issued, int restated, int unchanged) {

        Period asPeriod() {
            return new Period(groupCode, period, periodStart, periodEnd);
        }
    }

    private static final String COLUMNS = """
            group_code, period, period_start, period_end, collection_requested_by, collection_requested_at,
            collection_completed_at, determinants_state, determinants_requested_by, determinants_requested_at,
            determinants_completed_at, determinants_cursor, issued, restated, unchanged""";

    private final JdbcClient jdbc;

    Cycles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The cycle of a group's period, created (with its period from the group's read day) if it is new. */
    Cycle ensure(BillingGroups.Group group, YearMonth period) {
        Period p = Period.of(group.code(), period, group.readDay());
        jdbc.sql("""
                        INSERT INTO billing_cycle (group_code, period, period_start, period_end) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(group.code(), period.atDay(1), Timestamp.from(p.start()), Timestamp.from(p.end())).update();
        return find(group.code(), period).orElseThrow();
    }

    Optional<Cycle> find(String group, YearMonth period) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_cycle WHERE group_code = ? AND period = ?")
                .params(group, period.atDay(1)).query((rs, i) -> cycle(rs)).optional();
    }

    /** Locks the cycle for the caller's transaction (one writer of its collection or run at a time). */
    Cycle lock(String group, YearMonth period) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM billing_cycle WHERE group_code = ? AND period = ? FOR UPDATE")
                .params(group, period.atDay(1)).query((rs, i) -> cycle(rs)).single();
    }

    /** Records who asked for the collection; false if it had been asked for before. */
    boolean collectionRequested(String group, YearMonth period, String by) {
        return jdbc.sql("""
                        UPDATE billing_cycle SET collection_requested_by = ?, collection_requested_at = now()
                        WHERE group_code = ? AND period = ? AND collection_requested_at IS NULL""")
                .params(by, group, period.atDay(1)).update() == 1;
    }

    void collectionCompleted(String group, YearMonth period) {
        jdbc.sql("""
                        UPDATE billing_cycle SET collection_completed_at = now()
                        WHERE group_code = ? AND period = ? AND collection_completed_at IS NULL""")
                .params(group, period.atDay(1)).update();
    }

    /**
     * Starts a determinant run over the group's service points (issuing the missing ones, restating changed ones);
     * false while one is running.
     */
    boolean runDeterminants(String group, YearMonth period, String by) {
        return jdbc.sql("""
                        UPDATE billing_cycle SET determinants_state = 'RUNNING', determinants_requested_by = ?,
                               determinants_requested_at = now(), determinants_completed_at = NULL,
                               determinants_cursor = NULL, issued = 0, restated = 0, unchanged = 0
                        WHERE group_code = ? AND period = ? AND determinants_state <> 'RUNNING'""")
                .params(by, group, period.atDay(1)).update() == 1;
    }

    /** A running determinant run no other node holds, locked for the caller's transaction. */
    Optional<Cycle> claimRunning() {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM billing_cycle WHERE determinants_state = 'RUNNING'
                        ORDER BY determinants_requested_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .query((rs, i) -> cycle(rs)).optional();
    }

    void progress(Cycle c, String cursor, int issued, int restated, int unchanged) {
        jdbc.sql("""
                        UPDATE billing_cycle SET determinants_cursor = ?, issued = issued + ?, restated = restated + ?,
                               unchanged = unchanged + ?
                        WHERE group_code = ? AND period = ?""")
                .params(cursor, issued, restated, unchanged, c.groupCode(), c.period().atDay(1)).update();
    }

    void runDone(Cycle c) {
        jdbc.sql("""
                        UPDATE billing_cycle SET determinants_state = 'DONE', determinants_completed_at = now()
                        WHERE group_code = ? AND period = ?""")
                .params(c.groupCode(), c.period().atDay(1)).update();
    }

    private static Cycle cycle(ResultSet rs) throws SQLException {
        return new Cycle(rs.getString(1), YearMonth.from(rs.getObject(2, LocalDate.class)), instant(rs, 3),
                instant(rs, 4), rs.getString(5), instant(rs, 6), instant(rs, 7), rs.getString(8), rs.getString(9),
                instant(rs, 10), instant(rs, 11), rs.getString(12), rs.getInt(13), rs.getInt(14), rs.getInt(15));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

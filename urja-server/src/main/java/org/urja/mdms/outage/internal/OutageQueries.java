package org.urja.mdms.outage.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.outage.OutageScope;

/** Reads outages for the tracker and the API. */
final class OutageQueries {

    record Header(long id, OutageScope scope, String nodeCode, String feederCode, String meterSerialNo, String status,
                  Instant startedAt, Instant endedAt, Long durationSeconds, int metersAffected, int metersRestored,
                  Long mergedInto, Instant detectedAt, Instant restoredDetectedAt, String restoredBy, String source) {
    }

    record MeterView(String meterSerialNo, String dtCode, String feederCode, String consumerNo, Instant lastGaspAt,
                     Instant firstBreathAt, boolean restorationMissing, Instant liveByPingAt) {
    }

    /** A consumer's report of no supply that is part of the outage ({@code opened}: it opened the outage). */
    record ConsumerReportView(String reference, String consumerNo, String meterSerialNo, Instant reportedAt,
                              boolean opened, String note) {
    }

    record Detail(Header outage, List<MeterView> meters, List<Long> mergedOutageIds,
                  List<ConsumerReportView> consumerReports) {
    }

    private static final String HEADER = """
            SELECT o.id, o.scope, o.node_code, o.feeder_code, o.meter_serial, o.status, o.started_at, o.ended_at,
                   o.merged_into, o.detected_at, o.restored_detected_at, o.restored_by, o.source,
                   (SELECT count(*) FROM outage_meter m WHERE m.outage_id = o.id) AS affected,
                   (SELECT count(*) FROM outage_meter m WHERE m.outage_id = o.id
                      AND (m.first_breath_at IS NOT NULL OR m.restoration_missing OR m.live_by_ping_at IS NOT NULL)) AS back
            FROM outage o""";

    private OutageQueries() {
    }

    static Header header(JdbcClient jdbc, long id) {
        return find(jdbc, id).orElseThrow();
    }

    static Optional<Header> find(JdbcClient jdbc, long id) {
        return jdbc.sql(HEADER + " WHERE o.id = ?").param(id).query((rs, i) -> header(rs)).optional();
    }

    /** Most recent first. {@code open}: true = OPEN only, false = RESTORED only; MERGED ones only when asked by id. */
    static List<Header> list(JdbcClient jdbc, Boolean open, OutageScope scope, String node, String meter, Instant from,
                             Instant to, int limit) {
        return jdbc.sql(HEADER + """
                         WHERE o.status <> 'MERGED'
                          AND (CAST(? AS boolean) IS NULL OR (o.status = 'OPEN') = ?)
                          AND (CAST(? AS text) IS NULL OR o.scope = ?)
                          AND (CAST(? AS text) IS NULL OR o.node_code = ? OR o.feeder_code = ?)
                          AND (CAST(? AS text) IS NULL OR EXISTS (SELECT 1 FROM outage_meter m
                                                                   WHERE m.outage_id = o.id AND m.meter_serial = ?))
                          AND (CAST(? AS timestamptz) IS NULL OR coalesce(o.ended_at, 'infinity') >= ?)
                          AND (CAST(? AS timestamptz) IS NULL OR coalesce(o.started_at, o.ended_at) < ?)
                        ORDER BY coalesce(o.started_at, o.ended_at) DESC, o.id DESC LIMIT ?""")
                .params(open, open, scope == null ? null : scope.name(), scope == null ? null : scope.name(), node,
                        node, node, meter, meter, ts(from), ts(from), ts(to), ts(to), limit)
                .query((rs, i) -> header(rs)).list();
    }

    static List<MeterView> meters(JdbcClient jdbc, long outageId) {
        return jdbc.sql("""
                        SELECT meter_serial, dt_code, feeder_code, consumer_no, last_gasp_at, first_breath_at,
                               restoration_missing, live_by_ping_at
                        FROM outage_meter WHERE outage_id = ? ORDER BY meter_serial, id""")
                .param(outageId)
                .query((rs, i) -> new MeterView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs, "last_gasp_at"), instant(rs, "first_breath_at"), rs.getBoolean(7),
                        instant(rs, "live_by_ping_at")))
                .list();
    }

    static List<ConsumerReportView> reports(JdbcClient jdbc, long outageId) {
        return jdbc.sql("""
                        SELECT reference, consumer_no, meter_serial, reported_at, opened, note FROM outage_report
                        WHERE outage_id = ? ORDER BY reported_at, id""")
                .param(outageId)
                .query((rs, i) -> new ConsumerReportView(rs.getString(1), rs.getString(2), rs.getString(3),
                        instant(rs, "reported_at"), rs.getBoolean(5), rs.getString(6)))
                .list();
    }

    static List<Long> mergedInto(JdbcClient jdbc, long id) {
        return jdbc.sql("SELECT id FROM outage WHERE merged_into = ? ORDER BY id").param(id).query(Long.class).list();
    }

    private static Header header(ResultSet rs) throws SQLException {
        Instant started = instant(rs, "started_at");
        Instant ended = instant(rs, "ended_at");
        return new Header(rs.getLong("id"), OutageScope.valueOf(rs.getString("scope")), rs.getString("node_code"),
                rs.getString("feeder_code"), rs.getString("meter_serial"), rs.getString("status"), started, ended,
                started != null && ended != null ? Duration.between(started, ended).toSeconds() : null,
                rs.getInt("affected"), rs.getInt("back"), (Long) rs.getObject("merged_into"),
                instant(rs, "detected_at"), instant(rs, "restored_detected_at"), rs.getString("restored_by"),
                rs.getString("source"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}

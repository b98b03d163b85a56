package org.urja.mdms.outage.internal;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.urja.mdms.outage.OpenOutages;
import org.urja.mdms.outage.OutageScope;

/** Open outages for dashboards: reads only the open ones (partial indexes on status = 'OPEN'). */
@Component
class JdbcOpenOutages implements OpenOutages {

    private final JdbcClient jdbc;

    JdbcOpenOutages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<OutageScope, Integer> openCounts() {
        Map<OutageScope, Integer> out = new EnumMap<>(OutageScope.class);
        jdbc.sql("SELECT scope, count(*) FROM outage WHERE status = 'OPEN' GROUP BY scope")
                .query(rs -> {
                    out.put(OutageScope.valueOf(rs.getString(1)), rs.getInt(2));
                });
        return out;
    }

    @Override
    public List<OpenOutage> open(int limit) {
        return jdbc.sql("""
                        SELECT o.id, o.scope, o.node_code, o.feeder_code, o.meter_serial, o.started_at, o.detected_at,
                               (SELECT count(*) FROM outage_meter m WHERE m.outage_id = o.id),
                               (SELECT count(*) FROM outage_meter m WHERE m.outage_id = o.id
                                  AND (m.first_breath_at IS NOT NULL OR m.restoration_missing
                                       OR m.live_by_ping_at IS NOT NULL))
                        FROM outage o WHERE o.status = 'OPEN'
                        ORDER BY CASE o.scope WHEN 'FEEDER' THEN 0 WHEN 'DT' THEN 1 ELSE 2 END,
                                 coalesce(o.started_at, o.detected_at) DESC, o.id DESC
                        LIMIT ?""")
                .param(limit)
                .query((rs, i) -> new OpenOutage(rs.getLong(1), OutageScope.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), instant(rs.getObject(6, OffsetDateTime.class)),
                        instant(rs.getObject(7, OffsetDateTime.class)), rs.getInt(8), rs.getInt(9)))
                .list();
    }

    private static java.time.Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

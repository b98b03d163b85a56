package org.urja.mdms.reading.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.CollectionHealth;

/**
 * Collection counts in one statement per call: the meters come in as arrays, each is looked up by primary key in the
 * day's interval row (version 0, kWh import) and the register reads of the daily and billing snapshots, and the
 * results are summed per group in SQL.
 */
@Component
class JdbcCollectionHealth implements CollectionHealth {

    private final JdbcClient jdbc;

    JdbcCollectionHealth(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, GroupCounts> countsByGroup(List<String> serials, List<String> groups, LocalDate day,
                                                  Instant dailyAt, Instant billingAt, Instant heardSince) {
        if (serials.size() != groups.size()) {
            throw new IllegalArgumentException("one group per meter");
        }
        Map<String, GroupCounts> out = new HashMap<>();
        if (serials.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        WITH m AS (SELECT t.serial, t.grp, rm.id
                                   FROM unnest(?::text[], ?::text[]) AS t(serial, grp)
                                            LEFT JOIN reading_meter rm ON rm.serial_no = t.serial)
                        SELECT m.grp, count(*),
                               count(d.slots),
                               coalesce(sum(d.slots), 0),
                               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM register_read r
                                   WHERE r.meter_id = m.id AND r.reading_type = ? AND r.read_at = ?
                                     AND r.profile = 'DAILY_LOAD')),
                               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM register_read r
                                   WHERE r.meter_id = m.id AND r.reading_type = ? AND r.read_at = ?
                                     AND r.profile = 'BILLING')),
                               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM interval_day h
                                   WHERE h.meter_id = m.id AND h.channel = ? AND h.version = 0
                                     AND h.day BETWEEN ? AND ? AND h.updated_at >= ?))
                        FROM m LEFT JOIN LATERAL (
                                 SELECT (SELECT count(*) FROM unnest(i.flags) f WHERE f & 1 = 1) AS slots
                                 FROM interval_day i
                                 WHERE i.meter_id = m.id AND i.channel = ? AND i.day = ? AND i.version = 0) d ON true
                        GROUP BY m.grp""")
                .params(serials.toArray(String[]::new), groups.toArray(String[]::new),
                        ReadingTypes.REGISTER_KWH_IMPORT, Timestamp.from(dailyAt),
                        ReadingTypes.REGISTER_KWH_IMPORT, Timestamp.from(billingAt),
                        Channel.KWH_IMPORT.code(), day.minusDays(1), day, Timestamp.from(heardSince),
                        Channel.KWH_IMPORT.code(), day)
                .query(rs -> {
                    String g = rs.getString(1);
                    out.put(g, new GroupCounts(g, rs.getInt(2), rs.getInt(3), rs.getLong(4), rs.getInt(5),
                            rs.getInt(6), rs.getInt(7)));
                });
        return out;
    }
}

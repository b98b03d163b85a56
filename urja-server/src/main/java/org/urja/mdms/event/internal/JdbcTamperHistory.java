package org.urja.mdms.event.internal;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.TamperHistory;

@Service
class JdbcTamperHistory implements TamperHistory {

    /** What raises a site inspection: an occurrence (or a single event such as cover open) routed to INSPECTION. */
    private static final String TAMPER = "route = 'INSPECTION' AND kind IN ('OCCURRENCE', 'SINGLE')";

    private final JdbcClient jdbc;
    private final DeviceEventStore store;

    JdbcTamperHistory(JdbcClient jdbc, DeviceEventStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    @Override
    public List<DeviceEvent> tamperOccurrences(Instant from, Instant to, Collection<String> meterSerialNos, int limit) {
        return jdbc.sql("SELECT " + DeviceEventStore.COLUMNS + " FROM device_event WHERE " + TAMPER + """
                         AND occurred_at >= ? AND occurred_at < ?
                         AND (CAST(? AS text[]) IS NULL OR meter_serial = ANY(?))
                        ORDER BY occurred_at DESC, id DESC LIMIT ?""")
                .params(Timestamp.from(from), Timestamp.from(to), serials(meterSerialNos), serials(meterSerialNos), limit)
                .query((rs, i) -> store.event(rs)).list();
    }

    @Override
    public List<RepeatedTamper> repeatedTampers(Instant from, Instant to, int minOccurrences,
                                                Collection<String> meterSerialNos, int limit) {
        return jdbc.sql("""
                        SELECT meter_serial, count(*), array_agg(DISTINCT code ORDER BY code), min(occurred_at),
                               max(occurred_at)
                        FROM device_event WHERE""" + " " + TAMPER + """
                         AND occurred_at >= ? AND occurred_at < ?
                         AND (CAST(? AS text[]) IS NULL OR meter_serial = ANY(?))
                        GROUP BY meter_serial HAVING count(*) >= ?
                        ORDER BY count(*) DESC, max(occurred_at) DESC, meter_serial LIMIT ?""")
                .params(Timestamp.from(from), Timestamp.from(to), serials(meterSerialNos), serials(meterSerialNos),
                        minOccurrences, limit)
                .query((rs, i) -> {
                    Array codes = rs.getArray(3);
                    return new RepeatedTamper(rs.getString(1), rs.getInt(2),
                            Arrays.stream((Integer[]) codes.getArray()).toList(),
                            DeviceEventStore.instant(rs, "min"), DeviceEventStore.instant(rs, "max"));
                }).list();
    }

    private static String[] serials(Collection<String> meterSerialNos) {
        return meterSerialNos == null ? null : meterSerialNos.toArray(String[]::new);
    }
}

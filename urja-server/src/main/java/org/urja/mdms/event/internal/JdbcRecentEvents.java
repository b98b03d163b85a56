package org.urja.mdms.event.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.RecentEvents;

/** Recent events of a severity, read along the (severity, occurred_at) index. */
@Component
class JdbcRecentEvents implements RecentEvents {

    private final JdbcClient jdbc;
    private final DeviceEventStore store;

    JdbcRecentEvents(JdbcClient jdbc, DeviceEventStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    @Override
    public List<DeviceEvent> recent(DeviceEvent.Severity severity, Instant since, int limit) {
        return jdbc.sql("SELECT " + DeviceEventStore.COLUMNS + """
                         FROM device_event WHERE severity = ? AND occurred_at >= ?
                        ORDER BY occurred_at DESC, id DESC LIMIT ?""")
                .params(severity.name(), Timestamp.from(since), limit)
                .query((rs, i) -> store.event(rs)).list();
    }

    @Override
    public int count(DeviceEvent.Severity severity, Instant since) {
        return jdbc.sql("SELECT count(*) FROM device_event WHERE severity = ? AND occurred_at >= ?")
                .params(severity.name(), Timestamp.from(since)).query(Integer.class).single();
    }
}

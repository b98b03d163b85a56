package org.urja.mdms.workorder.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.urja.mdms.workorder.EventWorkOrders;

@Service
class JdbcEventWorkOrders implements EventWorkOrders {

    private final JdbcClient jdbc;

    JdbcEventWorkOrders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<Long, Ref> forEvents(Collection<Long> eventIds) {
        Map<Long, Ref> out = new HashMap<>();
        if (eventIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT e.event_id, w.id, w.type, w.status, w.priority, w.outcome, w.assignee, w.created_at,
                               w.due_at, w.completed_at
                        FROM work_order_event e JOIN work_order w ON w.id = e.work_order_id
                        WHERE e.event_id = ANY(?)""")
                .param(eventIds.toArray(Long[]::new))
                .query(rs -> {
                    out.put(rs.getLong(1), new Ref(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), instant(rs.getObject(8, OffsetDateTime.class)),
                            instant(rs.getObject(9, OffsetDateTime.class)), instant(rs.getObject(10, OffsetDateTime.class))));
                });
        return out;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

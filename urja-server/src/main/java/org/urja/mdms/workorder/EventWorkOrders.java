package org.urja.mdms.workorder;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** Published read API: the work order each device event raised or was attached to (revenue protection, meter views). */
public interface EventWorkOrders {

    /** A work order as a list shows it beside its event. */
    record Ref(long workOrderId, String type, String status, String priority, String outcome, String assignee,
               Instant createdAt, Instant dueAt, Instant completedAt) {
    }

    /** By event id, for the events among {@code eventIds} that belong to a work order; one query. */
    Map<Long, Ref> forEvents(Collection<Long> eventIds);
}

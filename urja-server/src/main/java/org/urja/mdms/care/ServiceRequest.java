package org.urja.mdms.care;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A service request as it stands (UC19): status OPEN → IN_PROGRESS → RESOLVED → CLOSED, or REJECTED; {@code breached}
 * once it was found unresolved past {@code dueAt}, escalated to level 1 then 2.
 *
 * @param targetReference what carries it out elsewhere, e.g. {@code migration:12}
 */
public record ServiceRequest(String srn, ServiceRequestType type, String consumerNo, String status,
                             Map<String, String> details, String description, String channel, String requestedBy,
                             Duration sla, Instant dueAt, boolean breached, Instant breachedAt, int escalationLevel,
                             Instant escalatedAt, String assignee, String targetReference, String resolution,
                             Instant createdAt, Instant updatedAt, Instant resolvedAt, Instant closedAt,
                             List<StatusChange> history) {
}

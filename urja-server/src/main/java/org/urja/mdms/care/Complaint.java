package org.urja.mdms.care;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A complaint as it stands (UC20): REGISTERED → ROUTED (to its target) → RESOLVED (the target reported completion)
 * → CLOSED; REOPENED (and routed again) when the consumer re-opens it within the window; VISIT_NOT_DONE when the field
 * force could not carry out its visit (back at the care desk, still waiting: a new visit routes it again).
 *
 * @param targetReference where it is being resolved: {@code outage:<id>}, {@code work-order:<id>}, {@code desk:BILLING}
 *                        or {@code desk:CARE}
 * @param routeRound      1, and one more for each re-opening or new visit
 */
public record Complaint(String crn, ComplaintCategory category, String consumerNo, String meterSerialNo,
                        String description, String channel, String status, ComplaintRoute route,
                        String targetReference, int routeRound, String requestedBy, Duration sla, Instant dueAt,
                        boolean breached, Instant breachedAt, int escalationLevel, Instant escalatedAt,
                        String resolution, String resolvedBy, int reopenCount, Instant createdAt, Instant updatedAt,
                        Instant resolvedAt, Instant closedAt, List<StatusChange> history) {
}

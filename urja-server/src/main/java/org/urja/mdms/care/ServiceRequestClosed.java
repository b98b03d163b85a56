package org.urja.mdms.care;

import java.time.Instant;

/**
 * Published when a service request ends (UC19.5): {@code outcome} CLOSED (it was resolved) or REJECTED; for CIS/CRM
 * and billing (a load change or closure matters to the bill).
 */
public record ServiceRequestClosed(String srn, ServiceRequestType type, String consumerNo, String outcome,
                                   String resolution, String closedBy, Instant closedAt) {
}

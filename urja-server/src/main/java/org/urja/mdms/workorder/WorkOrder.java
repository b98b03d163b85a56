package org.urja.mdms.workorder;

import java.time.Instant;

/**
 * A work order as other modules see it.
 *
 * @param status          OPEN (raised), ASSIGNED, EN_ROUTE, IN_PROGRESS, COMPLETED or CANCELLED
 * @param overdue         not closed and past its due time
 * @param outcome         the field force's outcome once COMPLETED (null for an installation order)
 * @param installedMeterSerialNo the meter an installation order's report installed
 */
public record WorkOrder(long id, WorkOrderType type, String reference, WorkOrderPriority priority, String status,
                        String consumerNo, String servicePointCode, String meterSerialNo, String description,
                        String crewCode, String assignee, Instant createdAt, Instant dueAt, boolean overdue,
                        InspectionOutcome outcome, String findings, String installedMeterSerialNo,
                        String completedBy, Instant completedAt) {

    /** COMPLETED or CANCELLED. */
    public boolean closed() {
        return status.equals("COMPLETED") || status.equals("CANCELLED");
    }
}

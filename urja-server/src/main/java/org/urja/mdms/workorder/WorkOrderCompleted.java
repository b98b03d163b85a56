package org.urja.mdms.workorder;

import java.time.Instant;

/** Published when the field force completes a work order, whatever the outcome. */
public record WorkOrderCompleted(long workOrderId, String type, InspectionOutcome outcome, String meterSerialNo,
                                 String consumerNo, String findings, String completedBy, Instant completedAt) {
}

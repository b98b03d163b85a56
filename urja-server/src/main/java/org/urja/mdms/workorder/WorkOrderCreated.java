package org.urja.mdms.workorder;

import java.time.Instant;

/**
 * Published when a work order is raised (UC5.3: MDM → WFM), with what the field force needs to go to site;
 * {@code reference} is the origin the order was raised under (null for a tamper inspection).
 */
public record WorkOrderCreated(long workOrderId, String type, String priority, String meterSerialNo, String consumerNo,
                               String servicePointCode, String address, Integer tamperCode, String tamperDescription,
                               Instant eventOccurredAt, Instant createdAt, Instant dueAt, String reference,
                               String description) {
}

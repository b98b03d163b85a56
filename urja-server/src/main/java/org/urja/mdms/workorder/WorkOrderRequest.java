package org.urja.mdms.workorder;

import java.time.Instant;
import java.util.Objects;

/**
 * A work order any module (or an external system through the API) raises for the field force.
 *
 * @param reference        the origin, chosen by the caller and unique (e.g. {@code complaint:CRN…},
 *                         {@code connection:42}): one order per reference, so raising again returns the same order;
 *                         completions ({@link WorkOrderCompleted}) carry it back
 * @param meterSerialNo    the meter at site; null when there is none yet (a new connection, a complaint visit)
 * @param priority         null for NORMAL
 * @param dueBy            null for the priority's default time from now
 */
public record WorkOrderRequest(WorkOrderType type, String reference, String consumerNo, String servicePointCode,
                               String meterSerialNo, String address, WorkOrderPriority priority, Instant dueBy,
                               String description) {

    public WorkOrderRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank()) {
            throw new IllegalArgumentException("reference is blank");
        }
        if (type == WorkOrderType.TAMPER_INSPECTION) {
            throw new IllegalArgumentException("tamper inspections are raised from device events (raiseTamperInspection)");
        }
        priority = priority == null ? WorkOrderPriority.NORMAL : priority;
    }
}

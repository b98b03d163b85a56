package org.urja.mdms.workorder;

import java.time.Instant;

/**
 * Published API: raise site inspections for tampers and tell them what the meter reports afterwards; raise and
 * withdraw meter installation orders.
 */
public interface WorkOrders {

    /** The work order an event raised or was attached to; {@code created} when it is new. */
    record Raised(long workOrderId, boolean created) {
    }

    /**
     * Raises a site inspection for a tamper occurrence, or attaches the occurrence to the inspection already open for
     * the meter and tamper code (no duplicates). Idempotent per event id. In the caller's transaction.
     */
    Raised raiseTamperInspection(TamperInspection request);

    /**
     * The meter reports the tamper condition cleared (the restoration of {@code tamperCode}); recorded on the latest
     * inspection of that meter and code that is open or confirmed and not yet resolved. Idempotent per event id.
     */
    void tamperCleared(String meterSerialNo, int tamperCode, Instant clearedAt, long eventId);

    /**
     * Raises a meter installation order (type METER_INSTALLATION), or returns the one already raised under the
     * order's reference. In the caller's transaction. Its completion (the installation report) publishes
     * {@link MeterInstallationReported}.
     */
    Raised raiseMeterInstallation(MeterInstallationOrder order);

    /** Cancels the installation order raised under {@code reference} while not yet done; false if there is none open. */
    boolean cancelMeterInstallation(String reference, String reason, String by);

    /**
     * A work order as a list shows it: what (type, priority, tamper), where it stands (status, assignee, due, outcome),
     * when raised and completed.
     */
    record Summary(long id, String type, String priority, String status, String meterSerialNo, String consumerNo,
                   Integer tamperCode, String tamperDescription, Instant createdAt, Instant dueAt, boolean overdue,
                   String assignee, InspectionOutcome outcome, Instant completedAt) {
    }

    /** The meter's work orders, newest first. */
    java.util.List<Summary> ofMeter(String meterSerialNo, int limit);
}

package org.urja.mdms.workorder;

import java.time.Instant;
import java.util.Optional;

/**
 * Published API of the work-force management (WFM) module: raise a work order of any type for an originating flow
 * (a new connection, a complaint, a service request …) under that flow's reference and find it again; raise site
 * inspections for tampers and tell them what the meter reports afterwards; raise and withdraw meter installation
 * orders. Completions are announced by {@link WorkOrderCompleted} carrying the order's reference and type.
 */
public interface WorkOrders {

    /** The work order a request or an event raised or was attached to; {@code created} when it is new. */
    record Raised(long workOrderId, boolean created) {
    }

    /**
     * Raises a work order, or returns the one already raised under the request's {@code reference} (one order per
     * reference, whatever was asked the second time). In the caller's transaction; publishes {@link WorkOrderCreated}
     * when it is new. Its completion publishes {@link WorkOrderCompleted} with the reference (and, for a
     * METER_INSTALLATION, its installation report {@link MeterInstallationReported}).
     */
    Raised raise(WorkOrderRequest request);

    /** A work order by id. */
    Optional<WorkOrder> find(long id);

    /** The work order raised under an origin reference. */
    Optional<WorkOrder> findByReference(String reference);

    /**
     * Cancels the order raised under {@code reference} while it is not completed (any type); false if there is none
     * still open. In the caller's transaction.
     */
    boolean cancel(String reference, String reason, String by);

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
     * Raises a meter installation order (type METER_INSTALLATION) replacing the consumer's current meter, or returns
     * the one already raised under the order's reference. In the caller's transaction. Its completion (the
     * installation report) publishes {@link MeterInstallationReported}.
     */
    Raised raiseMeterInstallation(MeterInstallationOrder order);

    /** Cancels the installation order raised under {@code reference} while not yet done; false if there is none open. */
    boolean cancelMeterInstallation(String reference, String reason, String by);

    /** The meter's work orders of every type, newest first. */
    java.util.List<WorkOrder> ofMeter(String meterSerialNo, int limit);
}

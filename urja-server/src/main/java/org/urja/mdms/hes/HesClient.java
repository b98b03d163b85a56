package org.urja.mdms.hes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;

/**
 * Published API: send requests to the HES. Each request is recorded (and committed) before it is sent; one the MDM
 * could not send ends UNDELIVERED, never silently missing. A command's outcome arrives asynchronously and is announced
 * as {@link HesControlsCompleted} (again, as a correction, if the HES's outcome arrives after the MDM timed it out).
 */
public interface HesClient {

    /**
     * Sends one command for one meter; returns the request as recorded (ACKNOWLEDGED, REJECTED or UNDELIVERED).
     * With a {@code requestKey} (idempotency key) a repeated call returns the first request instead of sending again.
     */
    OutboundRequest sendControl(String meterSerialNo, ControlType type, Map<String, String> parameters,
                                String requestedBy, String requestKey);

    default OutboundRequest sendControl(String meterSerialNo, ControlType type, Map<String, String> parameters,
                                        String requestedBy) {
        return sendControl(meterSerialNo, type, parameters, requestedBy, null);
    }

    /** One command of {@link #sendControls}: for one meter, with its own idempotency key (may be null). */
    record ControlOrder(String meterSerialNo, ControlType type, Map<String, String> parameters, String requestedBy,
                        String requestKey) {
    }

    /**
     * Sends many commands in as few HES requests as the contract allows (batches of {@code urja.hes.control-batch-size}
     * to {@code /end-device-controls/batch}; one by one to a HES without it). Each order is recorded and answered exactly
     * as {@link #sendControl} would: the returned list holds one request per order, in the orders' order.
     */
    List<OutboundRequest> sendControls(List<ControlOrder> orders);

    /** Asks the HES to read profiles of meters for a period (on-demand read, re-acquisition); {@code requestKey} as above. */
    OutboundRequest requestReadings(List<String> meterSerialNos, List<ReadingProfile> profiles, boolean includeEvents,
                                    Instant from, Instant to, MeterReadRequest.Purpose purpose, String requestedBy,
                                    String requestKey);

    Optional<OutboundRequest> find(String correlationId);
}

package org.urja.mdms.hes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;

/**
 * Published API: send requests to the HES. Each request is recorded before it is sent, so it is never lost; its
 * outcome arrives asynchronously and is announced as {@link HesControlCompleted}.
 */
public interface HesClient {

    /** Sends one command for one meter; returns the request as recorded (ACKNOWLEDGED, REJECTED or UNDELIVERED). */
    OutboundRequest sendControl(String meterSerialNo, ControlType type, Map<String, String> parameters,
                                String requestedBy);

    /** Asks the HES to read profiles of meters for a period (on-demand read, re-acquisition). */
    OutboundRequest requestReadings(List<String> meterSerialNos, List<ReadingProfile> profiles, boolean includeEvents,
                                    Instant from, Instant to, MeterReadRequest.Purpose purpose, String requestedBy);

    Optional<OutboundRequest> find(String correlationId);
}

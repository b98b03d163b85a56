package org.urja.mdms.hes;

import java.time.Instant;
import java.util.List;

import org.urja.hes.contract.MeterReadRequest;

/**
 * Published (after commit) when a read request sent with {@link HesClient#requestReadings} is complete: every meter
 * has an outcome — RECEIVED (data arrived under the request's correlation id), FAILED (the HES reported it unreadable,
 * or the request never reached the HES) or TIMED_OUT (nothing arrived within {@code urja.hes.read-timeout}). For
 * modules that act on a read: new-connection verification (UC12.4–12.5), gap re-acquisition (UC6). Data arriving
 * for a meter after its FAILED/TIMED_OUT replaces that outcome and the event is published again with {@code revised}.
 * Counts are what had arrived when the last meter got its outcome; the HES may still send more of a RECEIVED meter.
 */
public record ReadRequestCompleted(String correlationId, MeterReadRequest.Purpose purpose, String requestedBy,
                                   Instant requestedAt, Instant completedAt, boolean revised, List<MeterOutcome> meters) {

    /** The outcome of one meter of the request; {@code reason} says why it was not RECEIVED (or was late). */
    public record MeterOutcome(String meterSerialNo, String state, int intervalReadings, int registerReadings,
                               int events, List<String> profiles, String reason) {
    }

    public List<String> meterSerialNos(String state) {
        return meters.stream().filter(m -> m.state().equals(state)).map(MeterOutcome::meterSerialNo).toList();
    }
}

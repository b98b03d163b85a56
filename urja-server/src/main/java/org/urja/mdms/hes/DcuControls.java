package org.urja.mdms.hes;

import org.urja.hes.contract.ControlType;

/**
 * Published API: commands to a data concentrator (DCU) through the HES — {@code TIME_SYNC} or {@code PING} (UC10.1).
 * Each is recorded (and committed) before it is sent, like a meter's command through {@link HesClient}; one the MDM
 * could not send ends UNDELIVERED. The outcome arrives asynchronously as {@link HesDcuControlCompleted}, with the DCU's
 * clock offset, or TIMED_OUT after {@code urja.hes.control-timeout}.
 */
public interface DcuControls {

    /**
     * Sends one command to one DCU; returns the request as recorded (ACKNOWLEDGED, REJECTED or UNDELIVERED). With a
     * {@code requestKey} (idempotency key) a repeated call returns the first request instead of sending again.
     */
    OutboundRequest send(String dcuCode, ControlType type, String requestedBy, String requestKey);
}

package org.urja.hes.contract;

/** The HES's immediate answer to a request: ACCEPTED (outcome follows) or REJECTED (with reason, nothing follows). */
public record EndDeviceControlAck(String correlationId, Status status, String reason) {

    public enum Status { ACCEPTED, REJECTED }
}

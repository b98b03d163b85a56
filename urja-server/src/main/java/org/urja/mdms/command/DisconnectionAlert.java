package org.urja.mdms.command;

import java.time.Instant;

/**
 * UC3.2 disconnection alert: a disconnection passed the policy and is going to the HES. Notifications tell the
 * consumer; billing and prepaid learn that the switch instruction is under way. Confirmation follows as
 * {@link MeterDisconnected}, or the command's {@link CommandCompleted} says why not.
 */
public record DisconnectionAlert(long commandId, Long groupId, String meterSerialNo, String reason,
                                 Requester.Kind requesterKind, String requestedBy, Instant at) {
}

package org.urja.mdms.command;

import java.time.Instant;

import org.urja.hes.contract.ControlType;

/**
 * Published when a command reaches a final state: SUCCEEDED, FAILED, TIMED_OUT, REFUSED (with the rule) or CANCELLED —
 * and again if a late outcome from the HES replaces a TIMED_OUT. For requesters that act on the outcome (a system
 * module that issued the command, outage management for a ping).
 */
public record CommandCompleted(long commandId, Long groupId, String meterSerialNo, ControlType type, CommandState state,
                               String reason, String refusalRule, Requester.Kind requesterKind, String requestedBy,
                               Instant at) {
}

package org.urja.mdms.command;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.urja.hes.contract.ControlType;

/**
 * A command and where it stands; {@code history} is every state change (who, when, why), oldest first, when asked for
 * one command (empty in lists). {@code refusalRule} names the policy rule that refused it.
 */
public record CommandView(long id, Long groupId, String meterSerialNo, ControlType type, Map<String, String> parameters,
                          String reason, Requester.Kind requesterKind, String requestedBy, CommandState state,
                          String stateReason, String refusalRule, int attempts, Instant nextAttemptAt,
                          String hesCorrelationId, Instant requestedAt, Instant updatedAt, Instant completedAt,
                          List<StateChange> history) {

    /** One state change: from → to, when, by whom (staff user, system module, policy, dispatcher, hes), why. */
    public record StateChange(Instant at, CommandState from, CommandState to, String actor, String reason,
                              Integer attempt, String hesCorrelationId) {
    }
}

package org.urja.mdms.command;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.urja.hes.contract.ControlType;

/**
 * A group command: what was asked for how many meters, its progress (meters per state; {@code complete} once every
 * meter is in a final state) and one page of per-meter outcomes in serial order.
 */
public record GroupView(long id, ControlType type, Map<String, String> parameters, String reason,
                        Requester.Kind requesterKind, String requestedBy, String nodeCode, int meterCount,
                        Instant requestedAt, Map<CommandState, Integer> counts, int finished, boolean complete,
                        Instant lastCompletedAt, int page, int size, List<MeterOutcome> outcomes) {

    /** One meter's command in the group. */
    public record MeterOutcome(long commandId, String meterSerialNo, CommandState state, String stateReason,
                               String refusalRule, int attempts, Instant completedAt) {
    }
}

package org.urja.mdms.command;

import java.time.Instant;
import java.util.Map;

/**
 * The command queue at a glance: commands requested since {@code since} per state (the day's traffic), and every
 * command not yet final, whenever requested — {@code pending} (not yet sent: REQUESTED, POLICY_CHECKED) and
 * {@code inFlight} (SENT, ACKNOWLEDGED: waiting for the HES's outcome).
 */
public record QueueSummary(Instant since, Map<CommandState, Integer> requestedSince, int pending, int inFlight) {

    public QueueSummary {
        requestedSince = Map.copyOf(requestedSince);
    }

    public int requestedSince(CommandState state) {
        return requestedSince.getOrDefault(state, 0);
    }
}

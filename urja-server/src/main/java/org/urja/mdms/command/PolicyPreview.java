package org.urja.mdms.command;

import java.util.List;

import org.urja.hes.contract.ControlType;

/**
 * What the disconnection policy would decide now for each meter of a group command, before it is sent: how many
 * meters the request addresses, how many would go ahead, and each meter that would be refused with the rule and why
 * (at most {@code refusalsListed} of them listed; {@code refused} counts them all). Nothing is stored or sent.
 */
public record PolicyPreview(ControlType type, String nodeCode, int meterCount, int allowed, int refused,
                            List<Refusal> refusals) {

    public PolicyPreview {
        refusals = List.copyOf(refusals);
    }

    /** A meter the policy would refuse: the rule that refuses it and why. */
    public record Refusal(String meterSerialNo, String rule, String reason) {
    }
}

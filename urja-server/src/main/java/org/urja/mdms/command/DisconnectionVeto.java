package org.urja.mdms.command;

import java.util.Optional;

/**
 * Extension point of the disconnection policy: a module that knows a meter must not be disconnected now (the prepaid
 * engine's grace or emergency-credit period, an open complaint, ...) declares a bean of this type. It is asked for
 * every disconnection, when the command is submitted and again before each send; a veto refuses the command with
 * {@link #name()} as the rule. Reconnections are never vetoed. Keep it fast and free of side effects.
 */
public interface DisconnectionVeto {

    /** A short stable rule name shown on the refused command, e.g. {@code prepaid-grace-period}. */
    String name();

    /** Why this meter must not be disconnected at {@code candidate.at()}, or empty to allow it. */
    Optional<String> veto(DisconnectionCase candidate);
}

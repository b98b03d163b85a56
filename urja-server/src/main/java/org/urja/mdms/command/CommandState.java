package org.urja.mdms.command;

/**
 * Where a command stands. REQUESTED → POLICY_CHECKED (or REFUSED by a named policy rule) → SENT → ACKNOWLEDGED →
 * SUCCEEDED | FAILED | TIMED_OUT; CANCELLED while not yet sent. A send the HES never received returns the command to
 * POLICY_CHECKED to be sent again later (bounded attempts, then FAILED).
 */
public enum CommandState {
    REQUESTED, POLICY_CHECKED, REFUSED, SENT, ACKNOWLEDGED, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED;

    /** No further change is expected (a late HES outcome may still replace TIMED_OUT). */
    public boolean isFinal() {
        return this == REFUSED || this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == CANCELLED;
    }

    /** Not yet handed to the HES: may still be cancelled. */
    public boolean isCancellable() {
        return this == REQUESTED || this == POLICY_CHECKED;
    }
}

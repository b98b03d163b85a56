package org.urja.hes.fleet;

import java.util.Objects;

/** Outcome of a command sent to a meter; {@code reason} says why it failed, or "OK". */
public record CommandResult(boolean success, String reason) {

    public CommandResult {
        Objects.requireNonNull(reason, "reason");
    }

    /** A successful result. */
    public static CommandResult ok() {
        return new CommandResult(true, "OK");
    }

    /** A failed result with its reason. */
    public static CommandResult failed(String reason) {
        return new CommandResult(false, reason);
    }
}

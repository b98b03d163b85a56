package org.urja.mdms.command;

import java.util.Objects;

/** Who asks for a command: a member of staff (by user name) or a system module (e.g. {@code prepaid}). */
public record Requester(Kind kind, String name) {

    public enum Kind {
        STAFF, SYSTEM
    }

    public Requester {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a requester has a name");
        }
    }

    public static Requester staff(String username) {
        return new Requester(Kind.STAFF, username);
    }

    public static Requester system(String module) {
        return new Requester(Kind.SYSTEM, module);
    }
}

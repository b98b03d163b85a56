package org.urja.mdms.vee;

import java.util.Objects;

/**
 * What a rule found: slots {@code [fromSlot, toSlot)} of the day, or {@code -1, -1} for a finding about the day as a
 * whole (a total, the meter's configuration). A run of slots may also span the whole day, e.g. an all-gap day.
 */
public record Finding(String rule, Severity severity, int fromSlot, int toSlot, String reason) {

    public Finding {
        Objects.requireNonNull(rule);
        Objects.requireNonNull(severity);
        Objects.requireNonNull(reason);
        if (!(fromSlot == -1 && toSlot == -1) && !(0 <= fromSlot && fromSlot < toSlot)) {
            throw new IllegalArgumentException("bad slot range [" + fromSlot + ", " + toSlot + ")");
        }
    }

    /** A finding about the whole day. */
    public static Finding day(String rule, Severity severity, String reason) {
        return new Finding(rule, severity, -1, -1, reason);
    }

    public boolean wholeDay() {
        return fromSlot == -1;
    }

    public boolean covers(int slot) {
        return wholeDay() || (fromSlot <= slot && slot < toSlot);
    }
}

package org.urja.mdms.workorder;

import java.util.Locale;

/**
 * How urgent a work order is; each has a default time to complete (configurable, {@code urja.workorder.due.*}).
 * P1–P4 are accepted as the same four levels.
 */
public enum WorkOrderPriority {
    /** P1: danger to life or a supply failure (default due in 4 h). */
    EMERGENCY,
    /** P2 (24 h): a critical tamper, a consumer without supply. */
    HIGH,
    /** P3 (72 h). */
    NORMAL,
    /** P4 (7 days). */
    LOW;

    /** EMERGENCY, HIGH, NORMAL, LOW or P1–P4 (any case); {@code IllegalArgumentException} for anything else. */
    public static WorkOrderPriority parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        return switch (t) {
            case "P1" -> EMERGENCY;
            case "P2" -> HIGH;
            case "P3" -> NORMAL;
            case "P4" -> LOW;
            default -> valueOf(t);
        };
    }
}

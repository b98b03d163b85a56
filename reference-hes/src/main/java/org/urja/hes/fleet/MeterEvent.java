package org.urja.hes.fleet;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of an IS 15959 event log. {@code occurredAt} is true time. Odd codes of a pair are occurrences, even
 * codes restorations; 251 (cover opened) has no restoration.
 *
 * @param highPriority tamper (201–210, 251) and power-failure (101/102) events, which a meter pushes at once
 */
public record MeterEvent(String serialNo, Instant occurredAt, int code, EventGroup group, String description,
                         boolean highPriority) {

    private static final Map<Integer, String> DESCRIPTIONS = descriptions();

    public MeterEvent {
        Objects.requireNonNull(serialNo, "serialNo");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(description, "description");
    }

    /** An event with its log, description and priority derived from the code. */
    public static MeterEvent of(String serialNo, Instant occurredAt, int code) {
        return new MeterEvent(serialNo, occurredAt, code, EventGroup.ofCode(code), describe(code),
                isHighPriority(code));
    }

    /** An event whose description carries a detail, e.g. the new value of a setting. */
    static MeterEvent of(String serialNo, Instant occurredAt, int code, String detail) {
        return new MeterEvent(serialNo, occurredAt, code, EventGroup.ofCode(code), describe(code) + ": " + detail,
                isHighPriority(code));
    }

    /** Human-readable description of an IS 15959 event code, or "Unknown event N". */
    public static String describe(int code) {
        return DESCRIPTIONS.getOrDefault(code, "Unknown event " + code);
    }

    /** Whether the code is a power-failure or tamper event. */
    public static boolean isHighPriority(int code) {
        return code == 101 || code == 102 || (code >= 201 && code <= 210) || code == 251;
    }

    private static Map<Integer, String> descriptions() {
        Map<Integer, String> m = new HashMap<>();
        pair(m, 1, "R-phase voltage missing");
        pair(m, 3, "Y-phase voltage missing");
        pair(m, 5, "B-phase voltage missing");
        pair(m, 7, "Over-voltage");
        pair(m, 9, "Low voltage");
        pair(m, 11, "Voltage unbalance");
        pair(m, 51, "R-phase current reverse");
        pair(m, 53, "Y-phase current reverse");
        pair(m, 55, "B-phase current reverse");
        pair(m, 57, "R-phase CT open");
        pair(m, 59, "Y-phase CT open");
        pair(m, 61, "B-phase CT open");
        pair(m, 63, "Current unbalance");
        pair(m, 65, "Current bypass");
        pair(m, 67, "Over-current");
        pair(m, 69, "Earth loading");
        m.put(101, "Power failure (last gasp)");
        m.put(102, "Power restored (first breath)");
        m.put(151, "Real-time clock set");
        m.put(152, "Demand integration period set");
        m.put(153, "Profile capture period set");
        m.put(154, "Billing date set");
        m.put(155, "ToD activity calendar set");
        m.put(157, "Firmware activated");
        m.put(158, "Load limit set");
        m.put(159, "Load limit function enabled");
        m.put(160, "Load limit function disabled");
        m.put(166, "Maximum demand reset");
        m.put(167, "Metering mode changed");
        pair(m, 201, "Magnet influence");
        pair(m, 203, "Neutral disturbance");
        pair(m, 205, "Very low power factor");
        pair(m, 207, "Neutral missing");
        pair(m, 209, "Communication module removed");
        m.put(211, "Payment mode changed to prepaid");
        m.put(212, "Payment mode changed to postpaid");
        pair(m, 215, "Overload");
        m.put(251, "Meter cover opened");
        m.put(301, "Load switch disconnected");
        m.put(302, "Load switch connected");
        return Map.copyOf(m);
    }

    private static void pair(Map<Integer, String> m, int occurrence, String name) {
        m.put(occurrence, name + " - occurrence");
        m.put(occurrence + 1, name + " - restoration");
    }
}

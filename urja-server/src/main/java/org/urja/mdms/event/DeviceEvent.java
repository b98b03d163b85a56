package org.urja.mdms.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One device event as the MDM recorded it: what the meter logged ({@code code}, {@code occurredAt}), how the catalogue
 * classifies it, and its pairing. An occurrence's {@code partnerId}/{@code partnerAt} name its restoration once it
 * arrived; a restoration's name its occurrence.
 *
 * @param pairCode the other half of the pair (the restoration code of an occurrence and vice versa), null if none
 */
public record DeviceEvent(long id, String meterSerialNo, int code, Instant occurredAt, Category category,
                          Severity severity, Kind kind, Integer pairCode, Route route, String eventType,
                          String description, boolean highPriority, State state, Long partnerId, Instant partnerAt,
                          Map<String, String> details) {

    public DeviceEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** What the event is about; UNKNOWN for a code the catalogue does not hold. */
    public enum Category {
        VOLTAGE, CURRENT, POWER_FAIL, TRANSACTION, TAMPER, LOAD, CONTROL, UNKNOWN
    }

    public enum Severity {
        CRITICAL, HIGH, MEDIUM, LOW, INFO
    }

    /** An occurrence and its restoration form a pair (odd/even IS 15959 codes); other events stand alone. */
    public enum Kind {
        OCCURRENCE, RESTORATION, SINGLE
    }

    /** Which module acts on the event: site inspection (tamper), outage tracking, load violation, or none. */
    public enum Route {
        INSPECTION, OUTAGE, LOAD_VIOLATION, NONE
    }

    /**
     * OPEN: an occurrence whose restoration has not arrived; RESTORED: it has; SUPERSEDED: the meter logged the next
     * occurrence of the pair without a restoration between (the restoration was lost). PAIRED / UNPAIRED: a
     * restoration with / without its occurrence. SINGLE: an event without a pair.
     */
    public enum State {
        OPEN, RESTORED, SUPERSEDED, PAIRED, UNPAIRED, SINGLE
    }

    /** The occurrence code of the pair this event belongs to (itself for an occurrence), null for a single event. */
    public Integer family() {
        return switch (kind) {
            case OCCURRENCE -> code;
            case RESTORATION -> pairCode;
            case SINGLE -> null;
        };
    }

    /** How long the condition lasted: from an occurrence to its restoration, or null while unknown. */
    public Duration duration() {
        if (partnerAt == null || kind == Kind.SINGLE) {
            return null;
        }
        return kind == Kind.OCCURRENCE ? Duration.between(occurredAt, partnerAt) : Duration.between(partnerAt, occurredAt);
    }
}

package org.urja.mdms.event.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.urja.hes.contract.EventCategory;
import org.urja.mdms.event.DeviceEvent.Category;
import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.Route;
import org.urja.mdms.event.DeviceEvent.Severity;

/**
 * The device event catalogue, held as data (a CSV file, see {@code events/is15959-event-catalogue.csv}): for each
 * IS 15959 event log and code, the category, severity, English description, CIM-style event type, whether it is an
 * occurrence or a restoration (and its pair), and the route. Pure and immutable; a malformed file fails at start.
 */
final class EventCatalogue {

    /** One catalogued code. {@code pairCode} is the restoration of an occurrence and the occurrence of a restoration. */
    record Entry(EventCategory log, int code, Kind kind, Integer pairCode, Category category, Severity severity,
                 Route route, String eventType, String description) {

        boolean known() {
            return category != Category.UNKNOWN;
        }
    }

    static final List<String> HEADER = List.of("log", "code", "kind", "pair_code", "category", "severity", "route",
            "event_type", "description");

    private final String version;
    private final Map<EventCategory, Map<Integer, Entry>> entries;
    private final int size;

    private EventCatalogue(String version, Map<EventCategory, Map<Integer, Entry>> entries, int size) {
        this.version = version;
        this.entries = entries;
        this.size = size;
    }

    /**
     * The entry of a code in the event log the HES named. A code the catalogue does not hold in that log is UNKNOWN
     * (never dropped): kept with the HES's own description and event type, severity MEDIUM if the meter pushed it as
     * high priority, otherwise LOW.
     */
    Entry lookup(int code, EventCategory log, String hesDescription, String hesEventType, boolean highPriority) {
        Entry e = entries.getOrDefault(log, Map.of()).get(code);
        if (e != null) {
            return e;
        }
        return new Entry(log, code, Kind.SINGLE, null, Category.UNKNOWN, highPriority ? Severity.MEDIUM : Severity.LOW,
                Route.NONE, hesEventType,
                hesDescription == null || hesDescription.isBlank() ? "Unknown event " + code : hesDescription);
    }

    Entry lookup(int code, EventCategory log) {
        return lookup(code, log, null, null, false);
    }

    String version() {
        return version;
    }

    int size() {
        return size;
    }

    List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        entries.values().forEach(m -> all.addAll(m.values()));
        all.sort(java.util.Comparator.comparing(Entry::log).thenComparing(Entry::code));
        return all;
    }

    /**
     * Reads the catalogue: {@code #} lines are comments (one of them may say {@code version <v>}), then a header
     * ({@link #HEADER}) and one row per code. Checks that codes are unique per log, that pairs point at each other
     * with the opposite kind in the same log, and that singles have no pair.
     */
    static EventCatalogue parse(String text) {
        String version = "unversioned";
        Map<EventCategory, Map<Integer, Entry>> byLog = new HashMap<>();
        boolean header = false;
        int lineNo = 0;
        int size = 0;
        for (String raw : text.split("\\R")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                var m = java.util.regex.Pattern.compile("version\\s+([\\w.\\-]+)").matcher(line);
                if (m.find() && version.equals("unversioned")) {
                    version = m.group(1);
                }
                continue;
            }
            List<String> cells = List.of(line.split(",", -1)).stream().map(String::strip).toList();
            if (!header) {
                if (!cells.equals(HEADER)) {
                    throw bad(lineNo, "header must be " + String.join(",", HEADER));
                }
                header = true;
                continue;
            }
            if (cells.size() != HEADER.size()) {
                throw bad(lineNo, "expected " + HEADER.size() + " columns, found " + cells.size());
            }
            try {
                EventCategory log = EventCategory.valueOf(cells.get(0));
                int code = Integer.parseInt(cells.get(1));
                Kind kind = Kind.valueOf(cells.get(2));
                Integer pair = cells.get(3).isEmpty() ? null : Integer.valueOf(cells.get(3));
                Entry e = new Entry(log, code, kind, pair, Category.valueOf(cells.get(4)),
                        Severity.valueOf(cells.get(5)), Route.valueOf(cells.get(6)),
                        cells.get(7).isEmpty() ? null : cells.get(7), cells.get(8));
                if (e.category() == Category.UNKNOWN) {
                    throw bad(lineNo, "UNKNOWN is for codes not in the catalogue");
                }
                if (e.description().isEmpty()) {
                    throw bad(lineNo, "description is required");
                }
                if ((kind == Kind.SINGLE) != (pair == null)) {
                    throw bad(lineNo, kind == Kind.SINGLE ? "a SINGLE event has no pair_code" : "pair_code is required");
                }
                if (byLog.computeIfAbsent(log, k -> new HashMap<>()).putIfAbsent(code, e) != null) {
                    throw bad(lineNo, "code " + code + " repeats in log " + log);
                }
                size++;
            } catch (IllegalArgumentException ex) {
                if (ex.getMessage() != null && ex.getMessage().startsWith("event catalogue")) {
                    throw ex;
                }
                throw bad(lineNo, ex.getMessage());
            }
        }
        if (!header) {
            throw new IllegalArgumentException("event catalogue: no header line");
        }
        for (Map<Integer, Entry> log : byLog.values()) {
            for (Entry e : log.values()) {
                if (e.pairCode() == null) {
                    continue;
                }
                Entry other = log.get(e.pairCode());
                if (other == null || !Integer.valueOf(e.code()).equals(other.pairCode()) || other.kind() == e.kind()) {
                    throw new IllegalArgumentException("event catalogue: code " + e.code() + " in log " + e.log()
                            + " and its pair " + e.pairCode() + " must name each other as occurrence and restoration");
                }
            }
        }
        return new EventCatalogue(version, byLog, size);
    }

    private static IllegalArgumentException bad(int line, String why) {
        return new IllegalArgumentException("event catalogue line " + line + ": " + why);
    }
}

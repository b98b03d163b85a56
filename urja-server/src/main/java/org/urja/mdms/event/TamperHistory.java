package org.urja.mdms.event;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Published read API over recorded tamper events for revenue protection: the occurrences routed to site inspection
 * (magnet, neutral disturbance, cover open, current reversal / bypass / CT open, earth loading …, as the catalogue
 * routes them) and the meters that repeat them. {@code meterSerialNos} null means every meter.
 */
public interface TamperHistory {

    /** Tamper occurrences in {@code [from, to)}, most recent first, at most {@code limit}. */
    List<DeviceEvent> tamperOccurrences(Instant from, Instant to, Collection<String> meterSerialNos, int limit);

    /** A meter's tamper occurrences in a period: how many, of which codes, the first and the last. */
    record RepeatedTamper(String meterSerialNo, int occurrences, List<Integer> codes, Instant firstAt, Instant lastAt) {
    }

    /**
     * Meters with at least {@code minOccurrences} tamper occurrences in {@code [from, to)}, most occurrences first, at
     * most {@code limit}; one statement.
     */
    List<RepeatedTamper> repeatedTampers(Instant from, Instant to, int minOccurrences, Collection<String> meterSerialNos,
                                         int limit);
}

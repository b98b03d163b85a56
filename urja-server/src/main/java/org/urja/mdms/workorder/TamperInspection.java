package org.urja.mdms.workorder;

import java.time.Instant;
import java.util.Objects;

/**
 * What a site inspection of a tamper needs (UC5.3: consumer number, meter number, tamper code, address) and the event
 * that raised it. Consumer, service point and address are null for a meter not installed at a service point.
 *
 * @param urgent    a critical tamper (magnet, bypass, cover open, …): HIGH priority with the shorter due time
 * @param clearedAt when the meter reported the condition cleared, if that is already known (events read late), else null
 */
public record TamperInspection(String meterSerialNo, String consumerNo, String servicePointCode, String address,
                               int tamperCode, String tamperDescription, long eventId, Instant occurredAt,
                               boolean urgent, Instant clearedAt) {

    public TamperInspection {
        Objects.requireNonNull(meterSerialNo, "meterSerialNo");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}

package org.urja.mdms.command;

import java.time.Instant;
import java.util.Map;

/**
 * What the MDM knows of a meter from its confirmed (SUCCEEDED) commands only, by property: {@code relay}
 * (CONNECTED / DISCONNECTED), {@code paymentMode}, {@code loadLimitKw}, {@code demandIntegrationMinutes},
 * {@code profileCaptureMinutes}, {@code firmwareVersion}, {@code creditRupees}, {@code lastTimeSync},
 * {@code lastMaxDemandReset}, {@code lastTamperReset}, {@code lastEventStatusWordReset}, {@code eventPriority.<code>},
 * {@code lastContact}.
 */
public record MeterState(String meterSerialNo, Map<String, Value> properties) {

    /** A property's value, when the meter carried it out, and the command that confirmed it. */
    public record Value(String value, Instant changedAt, long commandId) {
    }

    /** CONNECTED, DISCONNECTED, or null when no relay command was ever confirmed. */
    public String relay() {
        Value v = properties.get(RELAY);
        return v == null ? null : v.value();
    }

    public static final String RELAY = "relay";
}

package org.urja.hes.contract;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * HES → MDM network change (UC11.2): {@code MeterInstalled}, {@code MeterMoved}, {@code MeterReplaced},
 * {@code DcuAdded}, {@code DcuRemoved}. Which fields are required depends on {@code changeType}; see
 * docs/hes-contract.md. Enumerated values are sent as strings (category SINGLE_PHASE_WC | THREE_PHASE_WC | LT_CT |
 * HT_CT; paymentMode PREPAID | POSTPAID; commPath RF_MESH | CELLULAR; role CONSUMER | DT_BOUNDARY | FEEDER_BOUNDARY).
 */
public record NetworkChange(String messageId, String changeType, Instant occurredAt, Nameplate meter,
                            String meterSerialNo, String dtCode, String feederCode, String dcuCode,
                            String servicePointCode, BigDecimal finalReadingKwh, BigDecimal initialReadingKwh) {

    /** A meter as read from its nameplate and configuration. */
    public record Nameplate(String serialNo, String manufacturer, String category, String firmwareVersion,
                            BigDecimal multiplier, Integer intervalMinutes, String paymentMode, Boolean relayCapable,
                            String commPath, String role) {
    }
}

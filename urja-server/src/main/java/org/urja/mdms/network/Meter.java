package org.urja.mdms.network;

import java.math.BigDecimal;

/** A meter's nameplate and configuration as registered. */
public record Meter(String serialNo, String manufacturer, MeterCategory category, String firmwareVersion,
                    BigDecimal multiplier, int intervalMinutes, PaymentMode paymentMode, boolean relayCapable,
                    CommPath commPath, MeterRole role) {
}

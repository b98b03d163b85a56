package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Instantaneous profile (1.0.94.91.0.255) read at {@code capturedAt} (true time).
 *
 * <p>Phase values are per phase R, Y, B; for single-phase meters Y and B are null. Voltages V scale 1, currents A
 * scale 2, power factor scale 3, frequency Hz scale 2, power kW/kVA scale 2 (the demand of the interval in
 * progress). During an outage voltages, currents, power and frequency are zero.
 *
 * @param meterTime      the meter's real-time clock, including drift
 * @param powerOnCount   supply restorations since commissioning
 * @param powerOffCount  supply failures since commissioning
 * @param relayConnected state of the load switch (always true for CT meters)
 * @param credit         current balance in rupees, scale 2; null for postpaid meters
 * @param demandIntegrationMinutes demand integration period as programmed (1.0.0.8.0.255)
 * @param profileCaptureMinutes    block-load capture period as programmed (1.0.0.8.4.255)
 * @param tamperLatched  whether a tamper occurred since commissioning or the last tamper reset
 */
public record InstantaneousProfile(String serialNo, Instant capturedAt, Instant meterTime,
                                   BigDecimal voltageR, BigDecimal voltageY, BigDecimal voltageB,
                                   BigDecimal currentR, BigDecimal currentY, BigDecimal currentB,
                                   BigDecimal powerFactor, BigDecimal frequencyHz,
                                   BigDecimal activePowerKw, BigDecimal apparentPowerKva,
                                   CumulativeRegisters registers, int powerOnCount, int powerOffCount,
                                   boolean relayConnected, PaymentMode paymentMode, BigDecimal credit,
                                   double loadLimitKw, int demandIntegrationMinutes, int profileCaptureMinutes,
                                   String firmwareVersion, boolean tamperLatched) {

    public InstantaneousProfile {
        Objects.requireNonNull(serialNo, "serialNo");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(meterTime, "meterTime");
        Objects.requireNonNull(voltageR, "voltageR");
        Objects.requireNonNull(currentR, "currentR");
        Objects.requireNonNull(registers, "registers");
        Objects.requireNonNull(paymentMode, "paymentMode");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
    }
}

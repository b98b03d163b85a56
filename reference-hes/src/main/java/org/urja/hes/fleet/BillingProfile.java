package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Billing profile entry (1.0.98.1.0.255) for {@code month}, captured at the billing reset {@code billingDate}
 * (00:00 IST on the 1st of the following month).
 *
 * @param todKWh             import kWh of the month per ToD zone (every zone present; they sum to the month's kWh)
 * @param maxDemandKw        highest demand over the demand integration period since the later of the month start
 *                           and the last MD reset; {@code maxDemandKwAt} is the start of that period (null if the
 *                           meter recorded no interval in the month)
 * @param averagePowerFactor kWh / kVAh of the month, scale 3; zero if no kVAh was recorded
 */
public record BillingProfile(YearMonth month, Instant billingDate, CumulativeRegisters registers,
                             Map<TodZone, BigDecimal> todKWh, BigDecimal maxDemandKw, Instant maxDemandKwAt,
                             BigDecimal maxDemandKva, Instant maxDemandKvaAt, BigDecimal averagePowerFactor) {

    public BillingProfile {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(billingDate, "billingDate");
        Objects.requireNonNull(registers, "registers");
        Objects.requireNonNull(maxDemandKw, "maxDemandKw");
        Objects.requireNonNull(maxDemandKva, "maxDemandKva");
        Objects.requireNonNull(averagePowerFactor, "averagePowerFactor");
        todKWh = Collections.unmodifiableMap(new EnumMap<>(todKWh));
    }
}

package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * Name-plate and installation data of one simulated meter.
 *
 * @param intervalMinutes block-load capture period at commissioning, 15 or 30
 * @param multiplier      CT/PT multiplier applied to every energy value (1 for whole-current meters)
 */
public record MeterSpec(String serialNo, MeterCategory category, ConsumerClass consumerClass, int intervalMinutes,
                        PaymentMode paymentMode, BigDecimal multiplier, double sanctionedLoadKw,
                        Instant commissionedAt) {

    public MeterSpec {
        Objects.requireNonNull(serialNo, "serialNo");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(consumerClass, "consumerClass");
        Objects.requireNonNull(paymentMode, "paymentMode");
        Objects.requireNonNull(multiplier, "multiplier");
        Objects.requireNonNull(commissionedAt, "commissionedAt");
        if (serialNo.isBlank()) {
            throw new IllegalArgumentException("serialNo is blank");
        }
        if (intervalMinutes != 15 && intervalMinutes != 30) {
            throw new IllegalArgumentException("intervalMinutes must be 15 or 30: " + intervalMinutes);
        }
        if (multiplier.signum() <= 0) {
            throw new IllegalArgumentException("multiplier must be positive: " + multiplier);
        }
        if (!(sanctionedLoadKw > 0)) {
            throw new IllegalArgumentException("sanctionedLoadKw must be positive: " + sanctionedLoadKw);
        }
    }
}

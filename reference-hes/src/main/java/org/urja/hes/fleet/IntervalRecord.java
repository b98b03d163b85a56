package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One block-load profile entry (1.0.99.1.0.255) covering [start, end). Values are in engineering units after the
 * multiplier: energy kWh/kVAh scale 3, voltage V scale 1, current A scale 2, demand kW/kVA scale 2.
 */
public record IntervalRecord(Instant start, Instant end, BigDecimal kWhImport, BigDecimal kVAhImport,
                             BigDecimal kWhExport, BigDecimal kVAhExport, BigDecimal avgVoltage,
                             BigDecimal avgCurrent, BigDecimal kWDemand, BigDecimal kVADemand,
                             Set<IntervalFlag> flags) {

    public IntervalRecord {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(kWhImport, "kWhImport");
        Objects.requireNonNull(kVAhImport, "kVAhImport");
        Objects.requireNonNull(kWhExport, "kWhExport");
        Objects.requireNonNull(kVAhExport, "kVAhExport");
        Objects.requireNonNull(avgVoltage, "avgVoltage");
        Objects.requireNonNull(avgCurrent, "avgCurrent");
        Objects.requireNonNull(kWDemand, "kWDemand");
        Objects.requireNonNull(kVADemand, "kVADemand");
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    }

    /** Whether the interval carries the flag. */
    public boolean has(IntervalFlag flag) {
        return flags.contains(flag);
    }
}

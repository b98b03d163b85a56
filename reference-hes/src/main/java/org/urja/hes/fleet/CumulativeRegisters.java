package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** Cumulative energy registers (kWh/kVAh import 1.0.1.8.0 / 1.0.9.8.0, export 1.0.2.8.0 / 1.0.10.8.0) at an instant. */
public record CumulativeRegisters(Instant at, BigDecimal kWhImport, BigDecimal kVAhImport, BigDecimal kWhExport,
                                  BigDecimal kVAhExport) {

    public CumulativeRegisters {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kWhImport, "kWhImport");
        Objects.requireNonNull(kVAhImport, "kVAhImport");
        Objects.requireNonNull(kWhExport, "kWhExport");
        Objects.requireNonNull(kVAhExport, "kVAhExport");
    }
}

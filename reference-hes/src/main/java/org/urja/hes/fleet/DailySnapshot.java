package org.urja.hes.fleet;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/** Daily load profile entry (1.0.99.2.0.255): the registers captured at 00:00 IST at the start of {@code day}. */
public record DailySnapshot(LocalDate day, Instant capturedAt, CumulativeRegisters registers) {

    public DailySnapshot {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(registers, "registers");
    }
}

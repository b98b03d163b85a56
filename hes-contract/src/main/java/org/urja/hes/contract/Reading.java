package org.urja.hes.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A register (non-interval) value: a cumulative register, a ToD-zone register, a maximum demand (with
 * {@code occurredAt}, when the maximum happened), or an instantaneous quantity.
 */
public record Reading(@NotBlank @Pattern(regexp = ReadingTypes.PATTERN) String readingType,
                      @NotNull Instant timeStamp, @NotNull BigDecimal value, Instant occurredAt,
                      List<ReadingQuality> qualities) {

    public Reading {
        qualities = qualities == null ? List.of() : List.copyOf(qualities);
    }

    public static Reading of(String readingType, Instant timeStamp, BigDecimal value) {
        return new Reading(readingType, timeStamp, value, null, List.of());
    }
}

package org.urja.hes.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotNull;

/**
 * One interval value. {@code timeStamp} is the END of the interval (IEC 61968-9 convention); the interval is
 * {@code (timeStamp - intervalSeconds, timeStamp]}. {@code qualities} is empty for a valid reading.
 */
public record IntervalReading(@NotNull Instant timeStamp, @NotNull BigDecimal value, List<ReadingQuality> qualities) {

    public IntervalReading {
        qualities = qualities == null ? List.of() : List.copyOf(qualities);
    }
}

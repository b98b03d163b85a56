package org.urja.hes.contract;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The interval readings of one reading type (channel), e.g. {@code interval.kWh.import}, at a fixed length. */
public record IntervalBlock(@NotBlank @Pattern(regexp = ReadingTypes.PATTERN) String readingType,
                            @NotNull @IntervalLength Integer intervalSeconds,
                            @NotNull @Valid List<@NotNull @Valid IntervalReading> intervalReadings) {
}

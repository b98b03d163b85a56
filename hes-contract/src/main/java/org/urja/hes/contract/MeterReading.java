package org.urja.hes.contract;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What one meter reported from one profile: interval blocks (load profile) and/or register readings. */
public record MeterReading(@NotBlank @Size(max = 64) String meterSerialNo, @NotNull ReadingProfile profile,
                           @Valid List<@NotNull @Valid IntervalBlock> intervalBlocks,
                           @Valid List<@NotNull @Valid Reading> readings) {

    public MeterReading {
        intervalBlocks = intervalBlocks == null ? List.of() : List.copyOf(intervalBlocks);
        readings = readings == null ? List.of() : List.copyOf(readings);
    }
}

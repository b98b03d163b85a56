package org.urja.hes.contract;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The outcome of one command, matched to its request by {@code correlationId}. */
public record EndDeviceControlResult(@NotBlank @Size(max = 128) String correlationId,
                                     @NotBlank @Size(max = 64) String meterSerialNo, @NotNull ControlType controlType,
                                     @NotNull ControlOutcome outcome, @Size(max = 500) String reason,
                                     @NotNull Instant completedDateTime, Map<String, String> details) {

    public EndDeviceControlResult {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}

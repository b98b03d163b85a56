package org.urja.hes.contract;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The outcome of one command, matched to its request by {@code correlationId}; names the device as the request did
 * ({@code meterSerialNo}, or {@code dcuCode} for a data concentrator — exactly one). A DCU's {@code TIME_SYNC} and
 * {@code PING} report {@code details.clockOffsetSeconds}: how far the DCU's clock was ahead of the HES's (negative:
 * behind) before it was set.
 */
public record EndDeviceControlResult(@NotBlank @Size(max = 128) String correlationId,
                                     @Size(min = 1, max = 64) String meterSerialNo, @NotNull ControlType controlType,
                                     @NotNull ControlOutcome outcome, @Size(max = 500) String reason,
                                     @NotNull Instant completedDateTime, Map<String, String> details,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) @Size(min = 1, max = 64) String dcuCode) {

    /** {@code details} key of a DCU's clock offset in seconds (decimal), before a TIME_SYNC set it. */
    public static final String CLOCK_OFFSET_SECONDS = "clockOffsetSeconds";

    public EndDeviceControlResult {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** The outcome of a meter's command (the contract before DCU targets). */
    public EndDeviceControlResult(String correlationId, String meterSerialNo, ControlType controlType,
                                  ControlOutcome outcome, String reason, Instant completedDateTime,
                                  Map<String, String> details) {
        this(correlationId, meterSerialNo, controlType, outcome, reason, completedDateTime, details, null);
    }

    /** The result names exactly one end device: a meter or a DCU. */
    public boolean namesOneDevice() {
        return (meterSerialNo == null || meterSerialNo.isBlank()) != (dcuCode == null || dcuCode.isBlank());
    }
}

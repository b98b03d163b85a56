package org.urja.hes.contract;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One meter event: the IS 15959 {@code eventCode} (e.g. 101 power failure, 201 magnet tamper, 301 relay
 * disconnected), its {@code category} (event log group), the CIM-style {@code eventType}
 * ({@code <deviceType>.<domain>.<subDomain>.<eventOrAction>}), and whether the meter pushed it as high priority.
 */
public record EndDeviceEvent(@NotBlank @Size(max = 64) String meterSerialNo, @NotNull Instant createdDateTime,
                             @NotNull @Min(1) @Max(9999) Integer eventCode, @NotNull EventCategory category,
                             @Size(max = 64) String eventType, @Size(max = 200) String description,
                             boolean highPriority, Map<String, String> details) {

    public EndDeviceEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}

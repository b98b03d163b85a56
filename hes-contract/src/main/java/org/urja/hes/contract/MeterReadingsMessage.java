package org.urja.hes.contract;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * HES → MDM {@code MeterReadings(created)}: scheduled collection (UC1.3, UC2.4), re-acquired gaps (UC6.3), on-demand
 * reads (UC21.2; {@code correlationId} = the request's). Data may be incremental, late, out of order or re-sent.
 */
public record MeterReadingsMessage(@NotBlank @Size(max = 128) String messageId, @NotNull Instant sentAt,
                                   @Size(max = 128) String correlationId,
                                   @NotEmpty @Valid List<@NotNull @Valid MeterReading> meterReadings) {
}

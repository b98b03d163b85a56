package org.urja.hes.contract;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * MDM → HES {@code MeterReadings(get)}: read these profiles (and/or the event logs) of these meters for
 * {@code [from, to)} — an on-demand read (UC21.1, UC12.4) or the re-acquisition of a gap (UC6.1). The HES acknowledges
 * at once and delivers the data as MeterReadings / EndDeviceEvents messages carrying this {@code correlationId};
 * a meter that cannot be read is reported as an {@link EndDeviceControlResult} of type PING with outcome
 * FAILED or TIMED_OUT.
 */
public record MeterReadRequest(@NotBlank @Size(max = 128) String messageId,
                               @NotBlank @Size(max = 128) String correlationId, @NotNull Instant sentAt,
                               @NotEmpty @Size(max = 10000) List<@NotBlank String> meterSerialNos,
                               @NotEmpty List<@NotNull ReadingProfile> profiles, boolean includeEvents,
                               Instant from, Instant to, @NotNull Purpose purpose) {

    public enum Purpose { ON_DEMAND, REACQUISITION, SCHEDULED }
}

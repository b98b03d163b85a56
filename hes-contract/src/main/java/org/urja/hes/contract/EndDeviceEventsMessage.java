package org.urja.hes.contract;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** HES → MDM {@code EndDeviceEvents(created)}: alarms pushed as they happen (UC5.2, UC7.2, UC9.1) or read from logs. */
public record EndDeviceEventsMessage(@NotBlank @Size(max = 128) String messageId, @NotNull Instant sentAt,
                                     @Size(max = 128) String correlationId,
                                     @NotEmpty @Valid List<@NotNull @Valid EndDeviceEvent> endDeviceEvents) {
}

package org.urja.hes.contract;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** HES → MDM {@code EndDeviceControls(reply)}: outcomes of earlier commands (UC3.6, UC4.5, UC8.3, UC13.6, UC14.7). */
public record EndDeviceControlResultsMessage(@NotBlank @Size(max = 128) String messageId, @NotNull Instant sentAt,
                                             @NotEmpty @Valid List<@NotNull @Valid EndDeviceControlResult> results) {
}

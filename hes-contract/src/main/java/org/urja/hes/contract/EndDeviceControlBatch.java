package org.urja.hes.contract;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * MDM → HES {@code EndDeviceControls(create)} for many meters in one request — a group command (a feeder's
 * disconnection, a campaign wave). Each control is handled exactly as if it had been posted alone to
 * {@code /end-device-controls}: acknowledged on its own (by its {@code correlationId}), de-duplicated by its own
 * {@code messageId}, its outcome reported later to the MDM. At most {@link #MAX_CONTROLS} controls per batch.
 */
public record EndDeviceControlBatch(@NotBlank @Size(max = 128) String messageId, @NotNull Instant sentAt,
                                    @NotEmpty @Size(max = MAX_CONTROLS)
                                    @Valid List<@NotNull @Valid EndDeviceControlRequest> controls) {

    public static final int MAX_CONTROLS = 1000;

    public EndDeviceControlBatch {
        controls = controls == null ? List.of() : List.copyOf(controls);
    }
}

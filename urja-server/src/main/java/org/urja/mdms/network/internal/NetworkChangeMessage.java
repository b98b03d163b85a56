package org.urja.mdms.network.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.urja.mdms.network.CommPath;
import org.urja.mdms.network.MeterCategory;
import org.urja.mdms.network.MeterRole;
import org.urja.mdms.network.PaymentMode;

/**
 * HES → MDM network change message (UC11.2). One flat shape for all change types; which fields are required
 * depends on {@code changeType} and is checked by {@link NetworkChangeProcessor}.
 */
record NetworkChangeMessage(
        @NotBlank @Size(max = 128) String messageId,
        @NotNull ChangeType changeType,
        @NotNull OffsetDateTime occurredAt,
        @Valid MeterNameplate meter,
        @Size(max = 64) String meterSerialNo,
        @Size(max = 64) String dtCode,
        @Size(max = 64) String feederCode,
        @Size(max = 64) String dcuCode,
        @Size(max = 64) String servicePointCode,
        @DecimalMin("0") BigDecimal finalReadingKwh,
        @DecimalMin("0") BigDecimal initialReadingKwh) {

    enum ChangeType {
        MeterInstalled, MeterMoved, MeterReplaced, DcuAdded, DcuRemoved
    }

    /** A meter as the HES reads it from the nameplate and configuration. */
    record MeterNameplate(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]{0,63}") String serialNo,
            @NotBlank @Size(max = 100) String manufacturer,
            @NotNull MeterCategory category,
            @Size(max = 64) String firmwareVersion,
            @DecimalMin(value = "0", inclusive = false) BigDecimal multiplier,
            @NotNull Integer intervalMinutes,
            @NotNull PaymentMode paymentMode,
            @NotNull Boolean relayCapable,
            @NotNull CommPath commPath,
            @NotNull MeterRole role) {
    }
}

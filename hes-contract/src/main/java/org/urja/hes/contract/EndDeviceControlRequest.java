package org.urja.hes.contract;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * MDM → HES {@code EndDeviceControls(create)}: one command for one end device — a meter ({@code meterSerialNo}) or a
 * data concentrator ({@code dcuCode}, for {@code TIME_SYNC} and {@code PING}; added later, optional); exactly one of the
 * two is given. The HES acknowledges at once ({@link EndDeviceControlAck}) and reports the outcome later to the
 * MDM with the same {@code correlationId}. Parameters by type: SET_LOAD_LIMIT {@code loadLimitKw};
 * SET_DEMAND_INTEGRATION_PERIOD / SET_PROFILE_CAPTURE_PERIOD {@code minutes}; FIRMWARE_UPGRADE {@code firmwareVersion}
 * and, when the MDM holds the image, {@code imagePath} (to GET under the MDM's HES base URL), {@code imageSha256},
 * {@code imageSizeBytes} and {@code imageModels} (comma-separated meter models it is for); SET_PAYMENT_MODE
 * {@code paymentMode} (PREPAID|POSTPAID) and {@code engineeringToken}; UPDATE_CREDIT {@code creditRupees};
 * SET_EVENT_PRIORITY {@code eventCode}, {@code highPriority}.
 */
public record EndDeviceControlRequest(@NotBlank @Size(max = 128) String messageId,
                                      @NotBlank @Size(max = 128) String correlationId, @NotNull Instant sentAt,
                                      @Size(min = 1, max = 64) String meterSerialNo, @NotNull ControlType controlType,
                                      Map<String, String> parameters,
                                      @JsonInclude(JsonInclude.Include.NON_NULL) @Size(min = 1, max = 64) String dcuCode) {

    public EndDeviceControlRequest {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** A command for a meter (the contract before DCU targets). */
    public EndDeviceControlRequest(String messageId, String correlationId, Instant sentAt, String meterSerialNo,
                                   ControlType controlType, Map<String, String> parameters) {
        this(messageId, correlationId, sentAt, meterSerialNo, controlType, parameters, null);
    }

    /** A command for a data concentrator. */
    public static EndDeviceControlRequest forDcu(String messageId, String correlationId, Instant sentAt, String dcuCode,
                                                 ControlType controlType, Map<String, String> parameters) {
        return new EndDeviceControlRequest(messageId, correlationId, sentAt, null, controlType, parameters, dcuCode);
    }

    /** The command names exactly one end device: a meter or a DCU. */
    public boolean namesOneDevice() {
        return (meterSerialNo == null || meterSerialNo.isBlank()) != (dcuCode == null || dcuCode.isBlank());
    }
}

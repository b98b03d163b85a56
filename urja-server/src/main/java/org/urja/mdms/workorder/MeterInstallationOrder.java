package org.urja.mdms.workorder;

import java.util.Objects;

/**
 * A meter to be installed in place of the one serving a consumer's service point (UC13.3: MDM → WFM, with the
 * consumer's details), raised by another module under its own {@code reference} (one order per reference).
 */
public record MeterInstallationOrder(String reference, String consumerNo, String servicePointCode, String address,
                                     String currentMeterSerialNo, String reason) {

    public MeterInstallationOrder {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(servicePointCode, "servicePointCode");
        Objects.requireNonNull(currentMeterSerialNo, "currentMeterSerialNo");
    }
}

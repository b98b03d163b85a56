package org.urja.mdms.command;

import java.time.Instant;

import org.urja.mdms.network.MeterCategory;
import org.urja.mdms.network.PaymentMode;

/**
 * A disconnection (or reconnection) about to be sent, with what the policy rules decide on: the meter as registered,
 * whether it is protected (and why), and the instant the command would go out.
 */
public record DisconnectionCase(String meterSerialNo, MeterCategory category, boolean relayCapable,
                                PaymentMode paymentMode, String protectionReason, Instant at) {

    public boolean isProtected() {
        return protectionReason != null;
    }
}

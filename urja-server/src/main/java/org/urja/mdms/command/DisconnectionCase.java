package org.urja.mdms.command;

import java.time.Instant;

import org.urja.mdms.network.MeterCategory;
import org.urja.mdms.network.PaymentMode;

/**
 * A disconnection (or reconnection) about to be sent, with what the policy rules decide on: the meter as registered,
 * whether it is protected (and why), the instant the command would go out, and who asks for it ({@code requester};
 * a veto may hold back only some requesters' disconnections — the prepaid grace period those for exhausted credit).
 */
public record DisconnectionCase(String meterSerialNo, MeterCategory category, boolean relayCapable,
                                PaymentMode paymentMode, String protectionReason, Instant at, Requester requester) {

    public boolean isProtected() {
        return protectionReason != null;
    }
}

package org.urja.mdms.payment.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param gateway          the adapter new orders go to ({@code sandbox}); empty: online payment is off (503)
 * @param reconcileAfter   an order still CREATED or PENDING this long after creation is asked about at the gateway
 * @param reconcileEvery   how often reconciliation looks for such orders, and asks again about one still open
 * @param expireAfter      an order the gateway holds no captured or pending payment for this long after creation
 *                         is EXPIRED
 * @param webhookMaxAge    a webhook whose event is older than this (or dated in the future by more than a minute)
 *                         is refused as a replay
 * @param sandbox          how the sandbox adapter reaches the sandbox gateway
 */
@ConfigurationProperties("urja.payment")
record PaymentProperties(String gateway, Duration reconcileAfter, Duration reconcileEvery, Duration expireAfter,
                         Duration webhookMaxAge, Sandbox sandbox) {

    /**
     * @param baseUrl       the sandbox gateway's URL ({@code …/sandbox-gateway}); empty: this server's
     * @param keyId         the merchant's key id (HTTP Basic user of the gateway's API)
     * @param keySecret     the key secret: API password and the callback signature key
     * @param webhookSecret the key of webhook signatures
     */
    record Sandbox(String baseUrl, String keyId, String keySecret, String webhookSecret) {
    }

    PaymentProperties {
        gateway = gateway == null ? "" : gateway.strip();
        reconcileAfter = reconcileAfter == null ? Duration.ofMinutes(15) : reconcileAfter;
        reconcileEvery = reconcileEvery == null ? Duration.ofMinutes(1) : reconcileEvery;
        expireAfter = expireAfter == null ? Duration.ofHours(24) : expireAfter;
        webhookMaxAge = webhookMaxAge == null ? Duration.ofHours(24) : webhookMaxAge;
        sandbox = sandbox == null ? new Sandbox(null, null, null, null) : sandbox;
    }
}

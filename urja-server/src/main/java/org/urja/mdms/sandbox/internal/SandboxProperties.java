package org.urja.mdms.sandbox.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled            serve the sandbox gateway at all (the demo and the tests; never in production)
 * @param keyId              the merchant's key id (HTTP Basic user of the API)
 * @param keySecret          the merchant's key secret: API password and the key of callback signatures
 * @param webhookSecret      the key of webhook signatures
 * @param webhookUrl         where webhooks go; empty: this server's {@code /api/v1/payments/webhooks/sandbox}
 * @param webhookPoll        how often due webhooks are sent
 * @param webhookMaxAttempts deliveries tried before a webhook the merchant did not take (5xx, unreachable) is FAILED
 */
@ConfigurationProperties("urja.sandbox-gateway")
record SandboxProperties(boolean enabled, String keyId, String keySecret, String webhookSecret, String webhookUrl,
                         Duration webhookPoll, Integer webhookMaxAttempts) {

    SandboxProperties {
        webhookPoll = webhookPoll == null ? Duration.ofSeconds(1) : webhookPoll;
        webhookMaxAttempts = webhookMaxAttempts == null ? 5 : webhookMaxAttempts;
    }
}

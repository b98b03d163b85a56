package org.urja.mdms.connection.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param poll             how often connections in progress are looked at (a retry that is due, a step a crash left)
 * @param retryAfter       how long a step refused for now (an unreachable HES) waits before it is tried again
 * @param consumerNoPrefix the prefix of consumer numbers the MDM assigns when the request names none
 * @param installationDue  time allowed for the meter installation order
 */
@ConfigurationProperties("urja.connection")
record ConnectionProperties(Duration poll, Duration retryAfter, String consumerNoPrefix, Duration installationDue) {

    ConnectionProperties {
        poll = poll == null ? Duration.ofSeconds(5) : poll;
        retryAfter = retryAfter == null ? Duration.ofMinutes(10) : retryAfter;
        consumerNoPrefix = consumerNoPrefix == null ? "NC" : consumerNoPrefix;
        installationDue = installationDue == null ? Duration.ofDays(3) : installationDue;
    }
}

package org.urja.mdms.migration.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param poll       how often migrations in progress are looked at (a command's outcome, a retry that is due)
 * @param retryAfter how long a step refused for now (the disconnection policy's hours, an unreachable HES) waits
 *                   before it is tried again
 */
@ConfigurationProperties("urja.migration")
record MigrationProperties(Duration poll, Duration retryAfter) {

    MigrationProperties {
        poll = poll == null ? Duration.ofSeconds(5) : poll;
        retryAfter = retryAfter == null ? Duration.ofMinutes(30) : retryAfter;
    }
}

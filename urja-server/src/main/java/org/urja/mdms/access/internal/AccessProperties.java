package org.urja.mdms.access.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxFailedAttempts consecutive failed sign-ins before the account is locked
 * @param lockDuration      how long a locked account stays locked
 * @param adminPassword     password of the first admin, created at first start when no staff user exists;
 *                          when empty a one-time password is generated and printed once
 * @param hesApiKey         API key the HES presents in header {@code X-Urja-Api-Key}; empty disables HES access
 */
@ConfigurationProperties("urja.access")
record AccessProperties(Integer maxFailedAttempts, Duration lockDuration, String adminPassword, String hesApiKey) {

    AccessProperties {
        maxFailedAttempts = maxFailedAttempts == null ? 5 : maxFailedAttempts;
        lockDuration = lockDuration == null ? Duration.ofMinutes(15) : lockDuration;
    }
}

package org.urja.mdms.access.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxFailedAttempts consecutive failed sign-ins before the account is locked
 * @param lockDuration      how long a locked account stays locked
 * @param adminPassword     password of the first admin, created at first start when no staff user exists;
 *                          when empty a one-time password is generated and printed once
 * @param hesApiKey         API key the HES may present in header {@code X-Urja-Api-Key}; empty disables that way in
 * @param hesKeyId          key id the HES puts in {@code X-Urja-Key-Id} when it signs requests
 * @param hesSecret         shared secret of HMAC-signed HES requests; empty disables signed access
 * @param hesReplayWindowSeconds how far a signed request's timestamp may be from now
 */
@ConfigurationProperties("urja.access")
record AccessProperties(Integer maxFailedAttempts, Duration lockDuration, String adminPassword, String hesApiKey,
                        String hesKeyId, String hesSecret, Long hesReplayWindowSeconds) {

    AccessProperties {
        maxFailedAttempts = maxFailedAttempts == null ? 5 : maxFailedAttempts;
        lockDuration = lockDuration == null ? Duration.ofMinutes(15) : lockDuration;
        hesKeyId = hesKeyId == null || hesKeyId.isBlank() ? "hes" : hesKeyId;
        hesReplayWindowSeconds = hesReplayWindowSeconds == null ? 300L : hesReplayWindowSeconds;
    }
}

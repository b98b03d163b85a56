package org.urja.mdms.portal.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Consumer portal settings ({@code urja.portal.*}).
 *
 * @param otpValidity           how long a one-time code is valid (5–10 minutes)
 * @param otpMaxAttempts        wrong codes before the challenge is dead and a new one must be asked for
 * @param otpResendCooldown     how long before a code can be sent again
 * @param otpSendsPerHour       codes sent to one mobile number or email within an hour, at most
 * @param maxFailedSignIns      consecutive wrong passwords before the login is locked
 * @param lockDuration          how long a locked login stays locked (a password reset by code unlocks it)
 * @param rateWindow            the window of the per-address rate limits below
 * @param signInsPerWindow      sign-in attempts from one address per window
 * @param otpRequestsPerWindow  requests that send or check a code from one address per window
 */
@ConfigurationProperties("urja.portal")
record PortalProperties(Duration otpValidity, Integer otpMaxAttempts, Duration otpResendCooldown, Integer otpSendsPerHour,
                        Integer maxFailedSignIns, Duration lockDuration, Duration rateWindow, Integer signInsPerWindow,
                        Integer otpRequestsPerWindow) {

    PortalProperties {
        otpValidity = otpValidity == null ? Duration.ofMinutes(10) : otpValidity;
        otpMaxAttempts = otpMaxAttempts == null ? 5 : otpMaxAttempts;
        otpResendCooldown = otpResendCooldown == null ? Duration.ofSeconds(60) : otpResendCooldown;
        otpSendsPerHour = otpSendsPerHour == null ? 5 : otpSendsPerHour;
        maxFailedSignIns = maxFailedSignIns == null ? 5 : maxFailedSignIns;
        lockDuration = lockDuration == null ? Duration.ofMinutes(15) : lockDuration;
        rateWindow = rateWindow == null ? Duration.ofMinutes(1) : rateWindow;
        signInsPerWindow = signInsPerWindow == null ? 20 : signInsPerWindow;
        otpRequestsPerWindow = otpRequestsPerWindow == null ? 20 : otpRequestsPerWindow;
    }
}

package org.urja.mdms.hes.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param baseUrl        the HES contract base URL (e.g. {@code https://hes.example/hes/v1}); empty: no HES configured
 * @param keyId          key id the MDM signs its requests with
 * @param outboundSecret shared secret for signing requests to the HES (not {@code secret}: the environment variable
 *                       URJA_HES_SECRET, the HES's own secret, would bind to {@code urja.hes.secret})
 * @param requestTimeout how long one HTTP call to the HES may take
 * @param controlTimeout how long an acknowledged command may wait for its outcome before it is TIMED_OUT
 * @param readTimeout    how long after a read request a meter nothing arrived for stays REQUESTED before it is
 *                       TIMED_OUT
 */
@ConfigurationProperties("urja.hes")
record HesProperties(String baseUrl, String keyId, String outboundSecret, Duration requestTimeout, Duration controlTimeout,
                     Duration readTimeout) {

    HesProperties {
        keyId = keyId == null || keyId.isBlank() ? "mdm" : keyId;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        controlTimeout = controlTimeout == null ? Duration.ofMinutes(10) : controlTimeout;
        readTimeout = readTimeout == null ? Duration.ofMinutes(15) : readTimeout;
    }

    boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }
}

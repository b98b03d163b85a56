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
 * @param breakerOpenWait how long the MDM stops calling a HES that keeps failing before it tries again
 * @param controlBatchSize commands sent per request to the HES's {@code /end-device-controls/batch} (1: one request
 *                       per command, for a HES without the batch endpoint)
 */
@ConfigurationProperties("urja.hes")
record HesProperties(String baseUrl, String keyId, String outboundSecret, Duration requestTimeout, Duration controlTimeout,
                     Duration readTimeout, Integer controlBatchSize, Duration breakerOpenWait) {

    HesProperties {
        keyId = keyId == null || keyId.isBlank() ? "mdm" : keyId;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        controlTimeout = controlTimeout == null ? Duration.ofMinutes(10) : controlTimeout;
        readTimeout = readTimeout == null ? Duration.ofMinutes(15) : readTimeout;
        breakerOpenWait = breakerOpenWait == null ? Duration.ofSeconds(30) : breakerOpenWait;
        controlBatchSize = controlBatchSize == null ? 200 : Math.max(1, Math.min(controlBatchSize,
                org.urja.hes.contract.EndDeviceControlBatch.MAX_CONTROLS));
    }

    boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }
}

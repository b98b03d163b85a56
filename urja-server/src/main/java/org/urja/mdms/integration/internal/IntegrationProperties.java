package org.urja.mdms.integration.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code urja.integration.*}: webhook delivery of the event feed.
 *
 * @param poll           how often due subscribers are served
 * @param batchSize      events per webhook request
 * @param retryBase      wait after a first failed delivery, doubled per failure …
 * @param retryMax       … up to this
 * @param requestTimeout how long one webhook request may take
 */
@ConfigurationProperties("urja.integration")
record IntegrationProperties(Duration poll, Integer batchSize, Duration retryBase, Duration retryMax,
                             Duration requestTimeout) {

    IntegrationProperties {
        poll = poll == null ? Duration.ofSeconds(1) : poll;
        batchSize = batchSize == null ? 100 : batchSize;
        retryBase = retryBase == null ? Duration.ofSeconds(5) : retryBase;
        retryMax = retryMax == null ? Duration.ofMinutes(10) : retryMax;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
    }

    Duration backoffAfter(int failures) {
        Duration wait = retryBase.multipliedBy(1L << Math.min(20, Math.max(0, failures - 1)));
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }
}

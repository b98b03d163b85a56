package org.urja.mdms.billing.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param poll                      how often the billing worker looks for work (collections due, determinant runs,
 *                                  restatements); a request wakes it at once
 * @param chunkSize                 service points per transaction of a determinant run (and per event)
 * @param threads                   threads computing a chunk's determinants side by side (default: the cores)
 * @param demandIntegrationMinutes  the demand integration period for maximum demand from intervals; 0 (default) uses
 *                                  each meter's interval length, as meters do by default; never below it
 * @param issueAfterCollection      a cycle's determinants are issued as soon as its collection is complete
 * @param collection                retries of billing-profile reads
 */
@ConfigurationProperties("urja.billing")
record BillingProperties(Duration poll, Integer chunkSize, Integer threads, Integer demandIntegrationMinutes,
                         Boolean issueAfterCollection, Collection collection) {

    BillingProperties {
        poll = poll == null ? Duration.ofSeconds(5) : poll;
        chunkSize = chunkSize == null ? 1000 : chunkSize;
        threads = threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
        demandIntegrationMinutes = demandIntegrationMinutes == null ? 0 : demandIntegrationMinutes;
        issueAfterCollection = issueAfterCollection == null || issueAfterCollection;
        collection = collection == null ? new Collection(null, null, null, null) : collection;
    }

    /**
     * @param maxAttempts how many BILLING read requests a meter gets before it is MISSING
     * @param retryAfter  wait after a read that brought no billing profile
     * @param requestSize meters per read request to the HES
     * @param staleAfter  a read request without any outcome for this long is given up and the meter asked again
     */
    record Collection(Integer maxAttempts, Duration retryAfter, Integer requestSize, Duration staleAfter) {
        Collection {
            maxAttempts = maxAttempts == null ? 3 : maxAttempts;
            retryAfter = retryAfter == null ? Duration.ofMinutes(30) : retryAfter;
            requestSize = requestSize == null ? 500 : requestSize;
            staleAfter = staleAfter == null ? Duration.ofHours(2) : staleAfter;
        }
    }
}

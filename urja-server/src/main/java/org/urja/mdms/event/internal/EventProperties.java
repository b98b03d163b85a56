package org.urja.mdms.event.internal;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param catalogue              where the event catalogue is read from at start (a Spring resource location)
 * @param loadViolationWindow    the rolling window over which a consumer's load violations are counted (UC9)
 * @param repeatViolations       from how many violations in the window a consumer is a repeat violator
 * @param maxDemandFactor        billing maximum demand above this × sanctioned load is a load violation
 */
@ConfigurationProperties("urja.events")
record EventProperties(String catalogue, Duration loadViolationWindow, Integer repeatViolations,
                       BigDecimal maxDemandFactor) {

    EventProperties {
        catalogue = catalogue == null || catalogue.isBlank() ? "classpath:events/is15959-event-catalogue.csv" : catalogue;
        loadViolationWindow = loadViolationWindow == null ? Duration.ofDays(30) : loadViolationWindow;
        repeatViolations = repeatViolations == null ? 3 : repeatViolations;
        maxDemandFactor = maxDemandFactor == null ? BigDecimal.ONE : maxDemandFactor;
    }
}

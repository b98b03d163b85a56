package org.urja.mdms.workorder.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param inspectionDueHigh   time allowed for a HIGH priority (critical tamper) inspection, from when it is raised
 * @param inspectionDueNormal time allowed for any other inspection
 * @param installationDue     time allowed for a meter installation order
 */
@ConfigurationProperties("urja.workorder")
record WorkOrderProperties(Duration inspectionDueHigh, Duration inspectionDueNormal, Duration installationDue) {

    WorkOrderProperties {
        inspectionDueHigh = inspectionDueHigh == null ? Duration.ofHours(24) : inspectionDueHigh;
        inspectionDueNormal = inspectionDueNormal == null ? Duration.ofHours(72) : inspectionDueNormal;
        installationDue = installationDue == null ? Duration.ofDays(7) : installationDue;
    }
}

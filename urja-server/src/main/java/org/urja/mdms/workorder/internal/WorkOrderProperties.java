package org.urja.mdms.workorder.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.urja.mdms.workorder.WorkOrderPriority;

/**
 * @param inspectionDueHigh   time allowed for a HIGH priority (critical tamper) inspection, from when it is raised
 * @param inspectionDueNormal time allowed for any other inspection
 * @param installationDue     time allowed for a meter installation order a migration raises
 * @param due                 time allowed for any other order by priority, unless its originator gives a due time
 */
@ConfigurationProperties("urja.workorder")
record WorkOrderProperties(Duration inspectionDueHigh, Duration inspectionDueNormal, Duration installationDue, Due due) {

    /** Defaults: EMERGENCY (P1) 4 h, HIGH (P2) 24 h, NORMAL (P3) 72 h, LOW (P4) 7 days. */
    record Due(Duration emergency, Duration high, Duration normal, Duration low) {

        Due {
            emergency = emergency == null ? Duration.ofHours(4) : emergency;
            high = high == null ? Duration.ofHours(24) : high;
            normal = normal == null ? Duration.ofHours(72) : normal;
            low = low == null ? Duration.ofDays(7) : low;
        }

        Duration of(WorkOrderPriority p) {
            return switch (p) {
                case EMERGENCY -> emergency;
                case HIGH -> high;
                case NORMAL -> normal;
                case LOW -> low;
            };
        }
    }

    WorkOrderProperties {
        due = due == null ? new Due(null, null, null, null) : due;
        inspectionDueHigh = inspectionDueHigh == null ? Duration.ofHours(24) : inspectionDueHigh;
        inspectionDueNormal = inspectionDueNormal == null ? Duration.ofHours(72) : inspectionDueNormal;
        installationDue = installationDue == null ? Duration.ofDays(7) : installationDue;
    }
}

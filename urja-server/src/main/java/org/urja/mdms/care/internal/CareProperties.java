package org.urja.mdms.care.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.urja.mdms.care.ComplaintCategory;
import org.urja.mdms.care.ServiceRequestType;

/**
 * Customer care settings ({@code urja.care}).
 *
 * @param serviceRequestSla the SLA of a service request type, where the utility's differs from the catalogue's
 * @param complaintSla      the SLA of a complaint category, likewise
 * @param reopenWindow      a complaint may be re-opened this long after it was closed (or resolved)
 * @param autoCloseAfter    a resolved request or complaint nobody closed is closed by the system after this long
 * @param sweepInterval     how often the SLA sweep looks for breaches, escalations and closures
 * @param escalation        whom to tell (email) at each escalation level; none: the flag alone
 */
@ConfigurationProperties("urja.care")
record CareProperties(Map<ServiceRequestType, Duration> serviceRequestSla, Map<ComplaintCategory, Duration> complaintSla,
                      Duration reopenWindow, Duration autoCloseAfter, Duration sweepInterval, Escalation escalation) {

    /** Email addresses told of a breach (level 1) and of a case still open another SLA later (level 2). */
    record Escalation(List<String> level1, List<String> level2) {
        Escalation {
            level1 = level1 == null ? List.of() : level1.stream().filter(a -> !a.isBlank()).toList();
            level2 = level2 == null ? List.of() : level2.stream().filter(a -> !a.isBlank()).toList();
        }

        List<String> to(int level) {
            return level == 1 ? level1 : level2;
        }
    }

    CareProperties {
        serviceRequestSla = serviceRequestSla == null ? Map.of() : Map.copyOf(serviceRequestSla);
        complaintSla = complaintSla == null ? Map.of() : Map.copyOf(complaintSla);
        reopenWindow = reopenWindow == null ? Duration.ofDays(7) : reopenWindow;
        autoCloseAfter = autoCloseAfter == null ? Duration.ofDays(2) : autoCloseAfter;
        sweepInterval = sweepInterval == null ? Duration.ofMinutes(1) : sweepInterval;
        escalation = escalation == null ? new Escalation(null, null) : escalation;
    }

    Duration sla(ServiceRequestType type) {
        return serviceRequestSla.getOrDefault(type, type.defaultSla());
    }

    Duration sla(ComplaintCategory category) {
        return complaintSla.getOrDefault(category, category.defaultSla());
    }
}

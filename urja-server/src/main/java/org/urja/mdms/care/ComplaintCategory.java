package org.urja.mdms.care;

import java.time.Duration;

/**
 * What a complaint is about (UC20.2), where it is routed (UC20.4) and its default SLA (the utility sets its own under
 * {@code urja.care.complaint-sla}).
 */
public enum ComplaintCategory {

    NO_SUPPLY("No supply", ComplaintRoute.OMS, Duration.ofHours(4)),
    VOLTAGE("Low, high or fluctuating voltage", ComplaintRoute.WFM, Duration.ofDays(2)),
    BILLING("Bill or payment", ComplaintRoute.BILLING_DESK, Duration.ofDays(7)),
    METER("Meter defective, burnt, running fast or stopped", ComplaintRoute.WFM, Duration.ofDays(3)),
    SAFETY("Danger to life or property (sparking, fallen line, open box)", ComplaintRoute.WFM, Duration.ofHours(4)),
    THEFT_REPORT("Report of electricity theft", ComplaintRoute.WFM, Duration.ofDays(7)),
    OTHER("Anything else", ComplaintRoute.CARE_DESK, Duration.ofDays(7));

    private final String label;
    private final ComplaintRoute route;
    private final Duration defaultSla;

    ComplaintCategory(String label, ComplaintRoute route, Duration defaultSla) {
        this.label = label;
        this.route = route;
        this.defaultSla = defaultSla;
    }

    public String label() {
        return label;
    }

    public ComplaintRoute route() {
        return route;
    }

    public Duration defaultSla() {
        return defaultSla;
    }
}

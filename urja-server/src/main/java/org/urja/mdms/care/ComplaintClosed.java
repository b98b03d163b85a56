package org.urja.mdms.care;

import java.time.Instant;

/** Published when a complaint is closed (UC20.6), with how it was resolved and by whom. */
public record ComplaintClosed(String crn, ComplaintCategory category, String consumerNo, ComplaintRoute route,
                              String targetReference, String resolution, String resolvedBy, boolean slaBreached,
                              int reopenCount, String closedBy, Instant closedAt) {
}

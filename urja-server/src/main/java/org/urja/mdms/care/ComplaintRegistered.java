package org.urja.mdms.care;

import java.time.Instant;

/** Published when a complaint is registered (UC20.3) and routed (UC20.4). */
public record ComplaintRegistered(String crn, ComplaintCategory category, String consumerNo, String meterSerialNo,
                                  ComplaintRoute route, String targetReference, Instant registeredAt, Instant dueAt) {
}

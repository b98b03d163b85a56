package org.urja.mdms.care;

import java.time.Instant;

/** One entry of a service request's or complaint's history: the status it moved to, what happened, who, when, why. */
public record StatusChange(String status, String action, String note, String actor, Instant at) {
}

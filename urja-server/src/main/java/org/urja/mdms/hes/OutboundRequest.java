package org.urja.mdms.hes;

import java.time.Instant;
import java.util.List;

/**
 * A request the MDM sent to the HES and where it stands: {@code status} PENDING → ACKNOWLEDGED → COMPLETED (with
 * {@code outcome} SUCCEEDED, FAILED or TIMED_OUT), or REJECTED / UNDELIVERED.
 */
public record OutboundRequest(String correlationId, String kind, List<String> meterSerialNos, String controlType,
                              String requestedBy, Instant requestedAt, String status, String statusReason, int attempts,
                              String outcome, String outcomeReason, Instant completedAt) {
}

package org.urja.mdms.hes;

import java.time.Instant;

/** Published when a command sent to the HES reaches its final outcome (reported by the HES, or timed out here). */
public record HesControlCompleted(String correlationId, String meterSerialNo, String controlType, String outcome,
                                  String reason, Instant completedAt) {
}

package org.urja.mdms.hes;

import java.time.Instant;

/**
 * A command sent to the HES that reached its final outcome (reported by the HES, or timed out here); published in
 * batches as {@link HesControlsCompleted}.
 */
public record HesControlCompleted(String correlationId, String meterSerialNo, String controlType, String outcome,
                                  String reason, Instant completedAt) {
}

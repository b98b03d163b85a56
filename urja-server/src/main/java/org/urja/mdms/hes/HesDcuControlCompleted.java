package org.urja.mdms.hes;

import java.time.Instant;
import java.util.Map;

/**
 * Published when a command sent to a DCU ({@link DcuControls}) reaches its final outcome: reported by the HES, or timed
 * out here (again, as a correction, if the HES's outcome arrives later). {@code details} as the HES reported them, e.g.
 * {@code clockOffsetSeconds}: how far the DCU's clock was ahead before a TIME_SYNC set it.
 */
public record HesDcuControlCompleted(String correlationId, String dcuCode, String controlType, String outcome,
                                     String reason, Instant completedAt, Map<String, String> details) {

    public HesDcuControlCompleted {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}

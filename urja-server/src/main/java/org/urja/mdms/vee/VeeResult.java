package org.urja.mdms.vee;

import java.util.List;
import java.util.Objects;

import org.urja.mdms.reading.DaySeries;

/**
 * The outcome of {@link Vee#run}: the input series with FAILED_VALIDATION set where an ERROR finding covers a slot;
 * the same with the gaps filled that could be ({@code estimatedSlots} of them now ESTIMATED, {@code remainingGaps}
 * still without a value); and all findings.
 */
public record VeeResult(DaySeries validated, DaySeries estimated, List<Finding> findings, int estimatedSlots,
                        int remainingGaps) {

    public VeeResult {
        Objects.requireNonNull(validated);
        Objects.requireNonNull(estimated);
        findings = List.copyOf(findings);
    }

    /** Whether any finding is an ERROR (an exception for the work queue). */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}

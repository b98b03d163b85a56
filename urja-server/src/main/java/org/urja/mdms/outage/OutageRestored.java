package org.urja.mdms.outage;

import java.time.Instant;
import java.util.List;

/**
 * Published when every meter of an outage is back (UC7.3): {@code endedAt} is the last first breath.
 * {@code startedAt} is null for a meter whose last gasp never arrived (only its restoration did).
 */
public record OutageRestored(long outageId, OutageScope scope, String nodeCode, String feederCode, Instant startedAt,
                             Instant endedAt, List<String> meterSerialNos, List<String> consumerNos) {
}

package org.urja.mdms.outage;

import java.time.Instant;
import java.util.List;

/**
 * Published when an outage is recorded (UC7.3: MDM → OMS, CIS/CRM). {@code nodeCode} is the DT or feeder of a DT/FEEDER
 * outage and the meter's DT (or feeder) for a METER outage, null for a meter not in the network registry. A DT or
 * feeder outage that absorbs outages already published names them in {@code supersededOutageIds}: they are now part
 * of this one.
 */
public record OutageStarted(long outageId, OutageScope scope, String nodeCode, String feederCode, Instant startedAt,
                            List<String> meterSerialNos, List<String> consumerNos, List<Long> supersededOutageIds,
                            Instant detectedAt) {
}

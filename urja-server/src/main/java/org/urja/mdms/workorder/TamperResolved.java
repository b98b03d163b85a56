package org.urja.mdms.workorder;

import java.time.Instant;

/**
 * Published when a confirmed tamper is resolved (UC5.7: the reconnection order once the issue is resolved, from
 * CIS/WFM through the MDM): for reconnection by the command module and closure of the case in billing/CIS.
 *
 * @param meterClearedAt when the meter last reported the tamper condition cleared (its restoration event), or null
 */
public record TamperResolved(long workOrderId, String meterSerialNo, String consumerNo, int tamperCode,
                             String resolution, String resolvedBy, Instant resolvedAt, Instant meterClearedAt) {
}

package org.urja.mdms.workorder;

import java.time.Instant;

/**
 * Published when a site inspection confirms a tamper: for the resulting action (disconnection subject to the
 * disconnection policy, UC5.4–5.5, by the command module) and for billing/CIS assessment (UC5.6: meter number, event
 * date and time, event code, description).
 *
 * @param eventOccurredAt when the meter first logged the tamper that raised the inspection
 * @param occurrences     how many occurrences of the tamper the inspection gathered
 */
public record TamperConfirmed(long workOrderId, String meterSerialNo, String consumerNo, String servicePointCode,
                              int tamperCode, String tamperDescription, Instant eventOccurredAt, int occurrences,
                              String findings, String confirmedBy, Instant confirmedAt) {
}

package org.urja.mdms.prepaid;

/**
 * Published (after commit) when a prepaid consumer's balance falls below the disconnection limit (UC3.1): the
 * command service disconnects the meter, subject to the disconnection policy (no night, holiday or grace-period
 * disconnections). Published once until the credit is restored.
 */
public record CreditExhausted(String consumerNo, String meterSerialNo, long balancePaise, long limitPaise) {
}

package org.urja.mdms.prepaid;

/**
 * Published (after commit) when a recharge brings an exhausted consumer's balance back to or above the reconnection
 * level (UC4.1): the command service reconnects the meter (reconnections are never held by time windows).
 */
public record CreditRestored(String consumerNo, String meterSerialNo, long balancePaise) {
}

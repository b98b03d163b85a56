package org.urja.mdms.prepaid;

/**
 * Published API: a paid recharge posted to the consumer's wallet (the payments module, UC17.3), with the consumer's
 * notification (UC17.6) and the balance policy (a restored credit reconnects), in the caller's transaction.
 */
public interface Recharges {

    /**
     * Posts {@code amountPaise} once per {@code paymentReference}: the same reference again changes nothing (another
     * amount under it is a conflict). Returns the wallet's balance afterwards.
     */
    long recharge(String consumerNo, long amountPaise, String paymentReference, String channel, String by);
}

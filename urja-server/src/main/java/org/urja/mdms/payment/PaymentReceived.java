package org.urja.mdms.payment;

import java.time.Instant;

/**
 * Published (after commit, once per order) when a bill payment is paid and its amount checked against the order
 * (UC18.5): billing takes it against the bill. Prepaid recharges are posted to the wallet instead and do not publish it.
 *
 * @param orderId          the payment order
 * @param purpose          {@code BILL_PAYMENT}
 * @param billReference    the bill the consumer paid
 * @param amountPaise      the order's amount (equal to what the gateway captured)
 * @param receiptNo        the receipt issued for it
 * @param gatewayPaymentId the gateway's payment id (the bank's reference for a refund or a dispute)
 */
public record PaymentReceived(long orderId, Payments.Purpose purpose, String consumerNo, String billReference,
                              long amountPaise, String receiptNo, String gateway, String gatewayPaymentId,
                              Instant paidAt) {
}

package org.urja.mdms.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Published API: payment orders and receipts. Staff create orders on behalf of a consumer through the API today;
 * the consumer portal calls the same {@link #create} for the signed-in consumer (requestedBy {@code consumer:<no>})
 * and shows only orders and receipts whose {@code consumerNo} is theirs. Amounts are paise.
 */
public interface Payments {

    enum Purpose { PREPAID_RECHARGE, BILL_PAYMENT }

    /**
     * CREATED (at the gateway, not paid yet) → PENDING (the gateway reports a payment in progress) → PAID | FAILED |
     * EXPIRED (never paid within the expiry time). A FAILED or EXPIRED order the gateway later reports captured is
     * PAID (the money was taken). HELD: the gateway reported a payment that does not match the order (amount or
     * currency); nothing is posted and staff settle it with the gateway.
     */
    enum State { CREATED, PENDING, PAID, FAILED, EXPIRED, HELD }

    /** What is to be paid: a recharge of a consumer's prepaid wallet, or a bill ({@code billReference}). */
    record NewOrder(Purpose purpose, String consumerNo, String billReference, Long amountPaise) {
    }

    record Receipt(String receiptNo, long orderId, String consumerNo, Purpose purpose, String billReference,
                   long amountPaise, String gateway, String gatewayPaymentId, String method, Instant issuedAt) {
    }

    record Attempt(String gatewayPaymentId, String status, long amountPaise, String currency, String method,
                   String reason, String firstSeenVia, Instant createdAt, Instant updatedAt) {
    }

    record Event(Instant at, String kind, String via, String gatewayPaymentId, String detail) {
    }

    record Order(long id, Purpose purpose, String consumerNo, String billReference, long amountPaise, String currency,
                 State state, String stateReason, String gateway, String gatewayOrderId, String checkoutUrl,
                 String paidPaymentId, String paidMethod, Instant paidAt, Receipt receipt, String requestedBy,
                 Instant createdAt, Instant updatedAt, List<Attempt> attempts, List<Event> history) {
    }

    /** The order, and whether it was created before under the same idempotency key. */
    record Created(Order order, boolean duplicate) {
    }

    /**
     * Creates an order at the configured gateway and returns it with its checkout URL. Checked in full before
     * anything is stored (400/422 naming the field). The same {@code idempotencyKey} of the same requester returns
     * the first order; with other content it is a 409.
     */
    Created create(NewOrder order, String requestedBy, String idempotencyKey);

    Optional<Order> find(long orderId);

    Optional<Receipt> receipt(String receiptNo);

    /** A consumer's receipts, newest first. */
    List<Receipt> receipts(String consumerNo, int limit);
}

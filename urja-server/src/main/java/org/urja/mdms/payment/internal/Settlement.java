package org.urja.mdms.payment.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.notification.ConsumerNotifications;
import org.urja.mdms.payment.PaymentGateway.Payment;
import org.urja.mdms.payment.PaymentGateway.Status;
import org.urja.mdms.payment.PaymentReceived;
import org.urja.mdms.payment.Payments.Purpose;
import org.urja.mdms.payment.Payments.Receipt;
import org.urja.mdms.payment.Payments.State;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.Money;
import org.urja.mdms.prepaid.Recharges;

/**
 * Applies what the gateway says of a payment — from the callback, a webhook or reconciliation — to its order, under
 * the order's row lock, so any number of reports of one payment, arriving together, post it exactly once. A captured
 * payment pays the order only when its amount and currency are the order's; it is then posted (a recharge to the
 * prepaid wallet, a bill payment as {@link PaymentReceived}), a receipt is issued and the consumer told, all in one
 * transaction.
 */
@Service
class Settlement {

    /** What a report did. */
    enum Outcome { POSTED, ALREADY_PAID, RECORDED, AMOUNT_MISMATCH, DUPLICATE_PAYMENT, HELD, DUPLICATE_MESSAGE }

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final Logger log = LoggerFactory.getLogger(Settlement.class);

    private final PaymentStore store;
    private final Recharges recharges;
    private final ConsumerNotifications notices;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final Clock clock;

    Settlement(PaymentStore store, Recharges recharges, ConsumerNotifications notices, ApplicationEventPublisher events,
               AuditTrail audit, Clock clock) {
        this.store = store;
        this.recharges = recharges;
        this.notices = notices;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Applies a verified report of {@code payment} for the gateway's order {@code gatewayOrderId}. When
     * {@code messageKind} is given, the callback or webhook {@code messageId} is marked as taken in within the same
     * transaction; one taken in before changes nothing and is answered {@link Outcome#DUPLICATE_MESSAGE} (a gateway
     * re-sends a webhook it has no acknowledgement for; a browser re-posts a callback on reload).
     */
    @Transactional
    Outcome apply(String gateway, String gatewayOrderId, Payment payment, String via, String messageKind,
                  String messageId) {
        if (messageKind != null && !store.firstTime(gateway, messageKind, messageId)) {
            return Outcome.DUPLICATE_MESSAGE;
        }
        PaymentStore.Row order = store.lockByGatewayOrder(gateway, gatewayOrderId)
                .orElseThrow(() -> ApiProblem.notFound("orderId", "No payment order " + gatewayOrderId + " at " + gateway));
        return apply(order, payment, via);
    }

    /** As above, for an order already locked by the caller (reconciliation). */
    Outcome apply(PaymentStore.Row order, Payment p, String via) {
        Instant now = clock.instant();
        String before = store.upsertAttempt(order.id(), order.gateway(), p, via, now);
        String seen = p.status() + " " + Money.rupees(p.amountPaise()) + " " + p.currency() + " by " + p.method();
        if (p.status() == Status.CAPTURED) {
            return captured(order, p, via, seen, now);
        }
        if (order.state() == State.PAID || order.state() == State.HELD) {
            store.event(order.id(), p.status() == Status.FAILED ? "ATTEMPT_FAILED" : "ATTEMPT_PENDING", via,
                    p.gatewayPaymentId(), seen + " (the order is " + order.state() + ")", now);
            return Outcome.RECORDED;
        }
        State next = p.status() == Status.PENDING || store.hasPendingAttempt(order.id()) ? State.PENDING : State.FAILED;
        if (next == order.state() && p.status().name().equals(before)) {
            repeat(order, p, via, now);
            return Outcome.RECORDED;
        }
        if (next != order.state()) {
            store.setState(order.id(), next, p.status() == Status.FAILED ? p.reason() : null, now);
        }
        store.event(order.id(), p.status() == Status.FAILED ? "FAILED" : "PENDING", via, p.gatewayPaymentId(),
                seen + (p.reason() == null ? "" : ": " + p.reason()), now);
        return Outcome.RECORDED;
    }

    private Outcome captured(PaymentStore.Row order, Payment p, String via, String seen, Instant now) {
        if (order.state() == State.PAID) {
            if (p.gatewayPaymentId().equals(order.paidPaymentId())) {
                repeat(order, p, via, now);
                return Outcome.ALREADY_PAID;
            }
            // A second payment captured for a paid order: not posted again; the money is owed back to the payer.
            store.event(order.id(), "DUPLICATE_PAYMENT", via, p.gatewayPaymentId(), seen
                    + ": the order was paid by " + order.paidPaymentId() + "; not posted, to be refunded", now);
            log.warn("Payment order {}: a second payment {} was captured after {}; not posted", order.id(),
                    p.gatewayPaymentId(), order.paidPaymentId());
            return Outcome.DUPLICATE_PAYMENT;
        }
        if (order.state() == State.HELD) {
            store.event(order.id(), "ATTEMPT_CAPTURED", via, p.gatewayPaymentId(), seen + " (the order is HELD)", now);
            return Outcome.HELD;
        }
        if (p.amountPaise() != order.amountPaise() || !order.currency().equals(p.currency())) {
            String why = "The gateway reports " + p.amountPaise() + " paise " + p.currency() + " captured by "
                    + p.gatewayPaymentId() + " for an order of " + order.amountPaise() + " paise " + order.currency();
            store.setState(order.id(), State.HELD, why, now);
            store.event(order.id(), "AMOUNT_MISMATCH", via, p.gatewayPaymentId(), why + ": not posted", now);
            log.warn("Suspicious payment for order {} ({} via {}): {}", order.id(), order.gateway(), via, why);
            audit.record("gateway:" + order.gateway(), "PAYMENT AMOUNT MISMATCH", "payment order " + order.id(),
                    "HELD", why, null);
            return Outcome.AMOUNT_MISMATCH;
        }
        store.paid(order.id(), p.gatewayPaymentId(), p.method(), now);
        String channel = order.gateway() + ":" + (p.method() == null ? "online" : p.method());
        if (order.purpose() == Purpose.PREPAID_RECHARGE) {
            recharges.recharge(order.consumerNo(), order.amountPaise(), p.gatewayPaymentId(), channel, "payment");
        }
        // Issued last: the year's counter row is held only for the rest of this transaction.
        Receipt receipt = store.issueReceipt(order, p.gatewayPaymentId(), p.method(), now.atZone(IST).getYear(), now);
        if (order.purpose() == Purpose.BILL_PAYMENT) {
            events.publishEvent(new PaymentReceived(order.id(), order.purpose(), order.consumerNo(),
                    order.billReference(), order.amountPaise(), receipt.receiptNo(), order.gateway(),
                    p.gatewayPaymentId(), now));
            notices.notify(order.consumerNo(), "PAYMENT_RECEIVED", Map.of("amount", Money.rupees(order.amountPaise()),
                            "bill", order.billReference(), "receipt", receipt.receiptNo(), "transaction",
                            p.gatewayPaymentId()),
                    "payment:" + order.id(), "payment");
        }
        store.event(order.id(), "PAID", via, p.gatewayPaymentId(), seen + "; receipt " + receipt.receiptNo()
                + (order.state() == State.CREATED || order.state() == State.PENDING ? "" : " (was " + order.state() + ")"), now);
        log.info("Payment order {} PAID by {} via {}: receipt {}", order.id(), p.gatewayPaymentId(), via,
                receipt.receiptNo());
        return Outcome.POSTED;
    }

    /** A report that changes nothing (the callback after the webhook, say) is still part of the order's history. */
    private void repeat(PaymentStore.Row order, Payment p, String via, Instant now) {
        if (!via.equals("RECONCILIATION")) {
            store.event(order.id(), "REPEATED", via, p.gatewayPaymentId(), p.status() + ": already applied", now);
        }
    }

    /** Expires an order the gateway holds nothing paid or pending for (reconciliation, under the row lock). */
    void expire(PaymentStore.Row order, String why) {
        Instant now = clock.instant();
        store.setState(order.id(), State.EXPIRED, why, now);
        store.event(order.id(), "EXPIRED", "RECONCILIATION", null, why, now);
        log.info("Payment order {} EXPIRED: {}", order.id(), why);
    }
}

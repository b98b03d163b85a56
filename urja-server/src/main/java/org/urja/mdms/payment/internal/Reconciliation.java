package org.urja.mdms.payment.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.payment.PaymentGateway;
import org.urja.mdms.payment.PaymentGateway.Status;
import org.urja.mdms.payment.Payments.State;

/**
 * Settles what callbacks and webhooks missed: orders still CREATED or PENDING {@code reconcile-after} their creation
 * are asked about at the gateway (status API) every {@code reconcile-every}, and what the gateway reports is applied
 * like a webhook; an order the gateway holds no captured or pending payment for {@code expire-after} its creation is
 * EXPIRED. Any number of nodes may run it: due orders are claimed by moving their next check on (SKIP LOCKED), and
 * each is settled under its row lock.
 */
@Component
class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final PaymentStore store;
    private final PaymentService payments;
    private final Settlement settlement;
    private final PaymentProperties props;
    private final TransactionTemplate tx;
    private final Clock clock;

    Reconciliation(PaymentStore store, PaymentService payments, Settlement settlement, PaymentProperties props,
                   TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.payments = payments;
        this.settlement = settlement;
        this.props = props;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${urja.payment.reconcile-every:PT1M}")
    void run() {
        try {
            Instant now = clock.instant();
            List<PaymentStore.Row> due;
            do {
                due = tx.execute(s -> store.claimDue(now, now.plus(props.reconcileEvery()), 50));
                due.forEach(o -> reconcile(o, now));
            } while (due.size() == 50);
        } catch (RuntimeException e) {
            log.warn("Payment reconciliation failed; tried again at the next run", e);
        }
    }

    private void reconcile(PaymentStore.Row order, Instant now) {
        boolean expired = order.createdAt().isBefore(now.minus(props.expireAfter()));
        PaymentGateway gateway = payments.gateway(order.gateway()).orElse(null);
        if (gateway == null || order.gatewayOrderId() == null) {
            if (expired) {
                tx.executeWithoutResult(s -> store.lock(order.id()).filter(Reconciliation::open).ifPresent(o ->
                        settlement.expire(o, "Never created at the gateway")));
            }
            return;
        }
        PaymentGateway.OrderStatus status;
        try {
            status = gateway.fetchOrderStatus(order.gatewayOrderId());
        } catch (PaymentGateway.GatewayException e) {
            log.info("Payment order {} not reconciled now: {}", order.id(), e.getMessage());
            return;
        }
        // Failures first, captures last: the order ends in the state of its best payment.
        List<PaymentGateway.Payment> reported = status.payments().stream()
                .sorted(Comparator.comparingInt(p -> p.status() == Status.FAILED ? 0 : p.status() == Status.PENDING ? 1 : 2))
                .toList();
        boolean live = reported.stream().anyMatch(p -> p.status() != Status.FAILED);
        tx.executeWithoutResult(s -> store.lock(order.id()).filter(Reconciliation::open).ifPresent(o -> {
            PaymentStore.Row current = o;
            for (PaymentGateway.Payment p : reported) {
                settlement.apply(current, p, "RECONCILIATION");
                current = store.lock(o.id()).orElseThrow();
            }
            if (!live && expired && open(current)) {
                settlement.expire(current, reported.isEmpty() ? "Not paid within " + props.expireAfter()
                        : "No payment succeeded within " + props.expireAfter());
            }
        }));
    }

    private static boolean open(PaymentStore.Row o) {
        return o.state() == State.CREATED || o.state() == State.PENDING;
    }
}

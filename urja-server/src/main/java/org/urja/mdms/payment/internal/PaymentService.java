package org.urja.mdms.payment.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.HesSignature;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.payment.PayableBills;
import org.urja.mdms.payment.PaymentGateway;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.Money;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import org.urja.mdms.platform.PublicUrl;

/**
 * Payment orders: checked, stored (CREATED), then created at the gateway, whose order id and checkout URL they keep.
 * A gateway that cannot be reached leaves the order without them; the same request again (same idempotency key)
 * tries the gateway again instead of creating a second order.
 */
@Service
class PaymentService implements Payments {

    static final long MIN_PAISE = 100;
    /** A recharge: up to ₹1,00,000 (as the prepaid recharge API); a bill: up to ₹1 crore. */
    static final long MAX_RECHARGE_PAISE = 10_000_000;
    static final long MAX_BILL_PAISE = 1_000_000_000;
    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

    private final PaymentStore store;
    private final Map<String, PaymentGateway> gateways;
    private final PaymentProperties props;
    private final ConsumerAccounts consumers;
    private final AuditTrail audit;
    private final PublicUrl publicUrl;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final org.springframework.beans.factory.ObjectProvider<PayableBills> bills;

    PaymentService(PaymentStore store, List<PaymentGateway> gateways, PaymentProperties props,
                   ConsumerAccounts consumers, AuditTrail audit, PublicUrl publicUrl, TransactionTemplate tx,
                   Clock clock, org.springframework.beans.factory.ObjectProvider<PayableBills> bills) {
        this.bills = bills;
        this.store = store;
        this.gateways = gateways.stream().collect(Collectors.toMap(PaymentGateway::name, Function.identity()));
        this.props = props;
        this.consumers = consumers;
        this.audit = audit;
        this.publicUrl = publicUrl;
        this.tx = tx;
        this.clock = clock;
    }

    Optional<PaymentGateway> gateway(String name) {
        return Optional.ofNullable(gateways.get(name));
    }

    @Override
    public Created create(NewOrder asked, String requestedBy, String idempotencyKey) {
        NewOrder o = forKnownBill(asked);
        check(o, idempotencyKey);
        PaymentGateway gateway = gateways.get(props.gateway());
        if (gateway == null) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Online payment unavailable",
                    "No payment gateway is configured (urja.payment.gateway)", List.of(FieldIssue.of("gateway",
                    "No payment gateway is configured")));
        }
        String bill = blankToNull(o.billReference());
        String hash = hash(o.purpose() + "|" + o.consumerNo() + "|" + bill + "|" + asked.amountPaise());
        Optional<PaymentStore.Row> earlier = earlier(requestedBy, idempotencyKey, hash);
        if (earlier.isPresent()) {
            return new Created(register(earlier.get(), gateway), true);
        }
        if (consumers.find(o.consumerNo()).isEmpty()) {
            throw ApiProblem.invalid("consumerNo", "No consumer " + o.consumerNo());
        }
        Instant now = clock.instant();
        long id;
        try {
            id = tx.execute(s -> {
                long created = store.insertOrder(o.purpose(), o.consumerNo(), bill, o.amountPaise(), gateway.name(),
                        requestedBy, idempotencyKey, hash, now, now.plus(props.reconcileAfter()));
                store.event(created, "CREATED", "API", null, "By " + requestedBy + ": " + o.purpose() + " of "
                        + Money.rupees(o.amountPaise()) + " INR for " + o.consumerNo()
                        + (bill == null ? "" : ", bill " + bill), now);
                return created;
            });
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            return new Created(register(earlier(requestedBy, idempotencyKey, hash).orElseThrow(() -> sameKeyMeanwhile),
                    gateway), true);
        }
        audit.record(requestedBy, "PAYMENT ORDER", "payment order " + id + " (" + o.consumerNo() + ")", "CREATED",
                o.purpose() + " " + o.amountPaise() + " paise" + (bill == null ? "" : " bill " + bill), null);
        return new Created(register(store.row(id).orElseThrow(), gateway), false);
    }

    /** Creates the order at the gateway unless that was done already; returns the order as it stands. */
    private Order register(PaymentStore.Row row, PaymentGateway gateway) {
        if (row.gatewayOrderId() == null) {
            Map<String, String> notes = new LinkedHashMap<>();
            notes.put("consumerNo", row.consumerNo());
            notes.put("purpose", row.purpose().name());
            if (row.billReference() != null) {
                notes.put("billReference", row.billReference());
            }
            PaymentGateway.CreatedOrder created;
            try {
                created = gateway.createOrder(new PaymentGateway.OrderRequest(row.amountPaise(), row.currency(),
                        "URJA-" + row.id(), notes, publicUrl.base() + "/payments/callback/" + gateway.name()));
            } catch (PaymentGateway.GatewayException e) {
                log.warn("Payment order {} not created at {}: {}", row.id(), gateway.name(), e.getMessage());
                throw new ApiProblem(HttpStatus.BAD_GATEWAY, "Payment gateway unavailable", "The payment gateway "
                        + gateway.name() + " did not create the order; send the same request again (same Idempotency-Key)",
                        List.of(FieldIssue.of("gateway", e.getMessage())));
            }
            Instant now = clock.instant();
            // Two requests with the same key may both get here: the first gateway order recorded is the one every
            // answer shows; the other is never shown to a payer and lapses at the gateway.
            tx.executeWithoutResult(s -> {
                if (store.registered(row.id(), created.gatewayOrderId(), created.checkoutUrl(), now)) {
                    store.event(row.id(), "GATEWAY_ORDER", "API", null, gateway.name() + " order "
                            + created.gatewayOrderId(), now);
                }
            });
        }
        return store.order(row.id()).orElseThrow();
    }

    /**
     * A bill payment of a bill this utility's bill engine issued: the bill must be the consumer's, current and not
     * paid in full, the amount at most what is outstanding; without an amount, the outstanding amount is paid. Other
     * bill references (an external billing system's) are taken as given.
     */
    private NewOrder forKnownBill(NewOrder o) {
        PayableBills engine = bills.getIfAvailable();
        if (o.purpose() != Purpose.BILL_PAYMENT || o.billReference() == null || o.billReference().isBlank()
                || engine == null) {
            return o;
        }
        Optional<PayableBills.PayableBill> known = engine.payable(o.billReference());
        if (known.isEmpty()) {
            return o;
        }
        PayableBills.PayableBill b = known.get();
        if (o.consumerNo() != null && !o.consumerNo().equals(b.consumerNo())) {
            throw ApiProblem.invalid("consumerNo", "Bill " + b.billNo() + " is not consumer " + o.consumerNo() + "'s");
        }
        if (!b.current()) {
            throw ApiProblem.invalid("billReference", "Bill " + b.billNo() + " was revised: pay " + b.supersededBy());
        }
        if (b.outstandingPaise() <= 0) {
            throw ApiProblem.invalid("billReference", "Nothing is outstanding of bill " + b.billNo());
        }
        if (o.amountPaise() != null && o.amountPaise() > b.outstandingPaise()) {
            throw ApiProblem.invalid("amountPaise", "At most " + b.outstandingPaise() + " paise are outstanding of bill "
                    + b.billNo());
        }
        return o.amountPaise() != null ? o : new NewOrder(o.purpose(), b.consumerNo(), o.billReference(),
                b.outstandingPaise());
    }

    private Optional<PaymentStore.Row> earlier(String requestedBy, String key, String hash) {
        return store.byKey(requestedBy, key).map(r -> {
            if (!r.requestHash().equals(hash)) {
                throw ApiProblem.conflict("Idempotency-Key", "Idempotency key " + key
                        + " was already used for another payment order (" + r.id() + ")");
            }
            return r;
        });
    }

    private static void check(NewOrder o, String key) {
        List<FieldIssue> issues = new ArrayList<>();
        if (key == null || key.isBlank() || key.length() > 100) {
            issues.add(FieldIssue.of("Idempotency-Key", "An Idempotency-Key header of 1 to 100 characters is required"));
        }
        if (o.purpose() == null) {
            issues.add(FieldIssue.of("purpose", "purpose is PREPAID_RECHARGE or BILL_PAYMENT"));
        }
        if (o.consumerNo() == null || o.consumerNo().isBlank() || o.consumerNo().length() > 64) {
            issues.add(FieldIssue.of("consumerNo", "consumerNo of 1 to 64 characters is required"));
        }
        long max = o.purpose() == Purpose.BILL_PAYMENT ? MAX_BILL_PAISE : MAX_RECHARGE_PAISE;
        if (o.amountPaise() == null || o.amountPaise() < MIN_PAISE || o.amountPaise() > max) {
            issues.add(FieldIssue.of("amountPaise", "amountPaise (integer paise) from " + MIN_PAISE + " to " + max
                    + " is required"));
        }
        String bill = o.billReference();
        if (o.purpose() == Purpose.BILL_PAYMENT
                && (bill == null || !bill.matches("[A-Za-z0-9._:/-]{1,64}"))) {
            issues.add(FieldIssue.of("billReference", "A bill payment names its bill: 1 to 64 letters, digits or ._:/-"));
        }
        if (o.purpose() == Purpose.PREPAID_RECHARGE && bill != null && !bill.isBlank()) {
            issues.add(FieldIssue.of("billReference", "A prepaid recharge has no bill reference"));
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + ": " + issues.get(0).message(), issues);
        }
    }

    @Override
    public Optional<Order> find(long orderId) {
        return store.order(orderId);
    }

    @Override
    public Optional<Receipt> receipt(String receiptNo) {
        return store.receipt(receiptNo);
    }

    @Override
    public List<Receipt> receipts(String consumerNo, int limit) {
        return store.receipts(consumerNo, limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String hash(String s) {
        return HesSignature.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }
}

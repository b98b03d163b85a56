package org.urja.mdms.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.Hmac;
import org.urja.mdms.platform.PublicUrl;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the sandbox gateway does: takes orders, takes a tester's payment on one (the method and outcome they pick),
 * signs the callback, queues the webhook — as many copies as asked, after the delay asked — and settles a pending
 * payment later, without a webhook (as when a gateway's webhook never arrives), so the merchant must ask.
 */
@Service
@ConditionalOnProperty("urja.sandbox-gateway.enabled")
class SandboxService {

    enum Method { UPI, NETBANKING, CARD, WALLET }

    enum Outcome { SUCCESS, FAILURE, PENDING }

    /** What the checkout asked for: the method, the outcome, and the test options. */
    record Checkout(Method method, Outcome outcome, int webhookCopies, int webhookDelaySeconds, Long capturedAmountPaise) {
    }

    /** The signed callback the browser carries back to the merchant. */
    record Callback(String url, String orderId, String paymentId, String signature) {
    }

    private final SandboxBooks books;
    private final SandboxProperties props;
    private final PublicUrl publicUrl;
    private final JsonMapper json;

    SandboxService(SandboxBooks books, SandboxProperties props, PublicUrl publicUrl, JsonMapper json) {
        this.books = books;
        this.props = props;
        this.publicUrl = publicUrl;
        this.json = json;
    }

    String checkoutUrl(String orderId) {
        return publicUrl.base() + "/sandbox-gateway/checkout/" + orderId;
    }

    @Transactional
    Callback pay(String orderId, Checkout c) {
        SandboxBooks.Order order = books.lockOrder(orderId)
                .orElseThrow(() -> ApiProblem.notFound("orderId", "No sandbox order " + orderId));
        if (books.payments(orderId).stream().anyMatch(p -> p.status().equals("CAPTURED"))) {
            throw ApiProblem.conflict("orderId", "Order " + orderId + " is paid already");
        }
        long amount = c.capturedAmountPaise() == null ? order.amountPaise() : c.capturedAmountPaise();
        String status = switch (c.outcome()) {
            case SUCCESS -> "CAPTURED";
            case FAILURE -> "FAILED";
            case PENDING -> "PENDING";
        };
        String reason = c.outcome() == Outcome.FAILURE ? "Payment declined by the bank (sandbox)" : null;
        SandboxBooks.Payment payment = books.insertPayment(orderId, amount, order.currency(),
                c.method().name().toLowerCase(), status, reason);
        if (c.outcome() != Outcome.PENDING) {
            queueWebhooks(payment, c.webhookCopies(), Duration.ofSeconds(c.webhookDelaySeconds()));
        }
        return new Callback(order.callbackUrl(), orderId, payment.id(),
                Hmac.sha256Hex(props.keySecret(), orderId + "|" + payment.id()));
    }

    /** Settles a pending payment as the tester says; no webhook is sent (the merchant reconciles). */
    @Transactional
    void settle(String paymentId, Outcome outcome) {
        SandboxBooks.Payment p = books.payment(paymentId)
                .orElseThrow(() -> ApiProblem.notFound("paymentId", "No sandbox payment " + paymentId));
        if (outcome == Outcome.PENDING) {
            throw ApiProblem.badRequest("outcome", "A payment is settled as SUCCESS or FAILURE");
        }
        if (!books.settle(p.id(), outcome == Outcome.SUCCESS ? "CAPTURED" : "FAILED",
                outcome == Outcome.FAILURE ? "Payment declined by the bank (sandbox)" : null)) {
            throw ApiProblem.conflict("paymentId", "Payment " + paymentId + " is not pending");
        }
    }

    /** The webhook of a settled payment, Razorpay-shaped, signed over its exact bytes; one row per copy. */
    private void queueWebhooks(SandboxBooks.Payment p, int copies, Duration delay) {
        String eventId = SandboxBooks.newId("evt");
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", p.id());
        entity.put("entity", "payment");
        entity.put("order_id", p.orderId());
        entity.put("amount", p.amountPaise());
        entity.put("currency", p.currency());
        entity.put("status", p.status().toLowerCase());
        entity.put("method", p.method());
        entity.put("error_reason", p.reason());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("entity", "event");
        event.put("id", eventId);
        event.put("event", p.status().equals("CAPTURED") ? "payment.captured" : "payment.failed");
        event.put("created_at", Instant.now().getEpochSecond());
        event.put("payload", Map.of("payment", Map.of("entity", entity)));
        String body = json.writeValueAsString(event);
        String signature = Hmac.sha256Hex(props.webhookSecret(), body.getBytes(StandardCharsets.UTF_8));
        String url = props.webhookUrl() == null || props.webhookUrl().isBlank()
                ? publicUrl.base() + "/api/v1/payments/webhooks/sandbox" : props.webhookUrl();
        Instant due = Instant.now().plus(delay);
        for (int i = 0; i < copies; i++) {
            books.queueWebhook(eventId, p.id(), url, body, signature, due);
        }
    }

    /** An order as the API shows it, with its payments. */
    Map<String, Object> view(SandboxBooks.Order o) {
        List<SandboxBooks.Payment> payments = books.payments(o.id());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", o.id());
        v.put("entity", "order");
        v.put("amount", o.amountPaise());
        v.put("currency", o.currency());
        v.put("receipt", o.receipt());
        v.put("status", payments.stream().anyMatch(p -> p.status().equals("CAPTURED")) ? "paid"
                : payments.isEmpty() ? "created" : "attempted");
        v.put("checkout_url", checkoutUrl(o.id()));
        v.put("created_at", o.createdAt().getEpochSecond());
        v.put("payments", payments.stream().map(p -> {
            Map<String, Object> pv = new LinkedHashMap<>();
            pv.put("id", p.id());
            pv.put("amount", p.amountPaise());
            pv.put("currency", p.currency());
            pv.put("status", p.status().toLowerCase());
            pv.put("method", p.method());
            pv.put("error_reason", p.reason());
            pv.put("created_at", p.createdAt().getEpochSecond());
            return pv;
        }).toList());
        return v;
    }
}

package org.urja.mdms.payment.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.payment.PaymentGateway;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.Money;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/**
 * What the gateway sends: the payer's browser coming back from checkout (the callback, answered with a result page)
 * and server-to-server webhooks. Neither has a staff session; each is authenticated by the gateway's signature (see
 * {@code PaymentSecurity}). A forged one (signature wrong), a replayed one (a webhook event dated too long ago) and a
 * malformed one are refused as problem+json (401, 400); the same callback or webhook event again is acknowledged as a
 * duplicate and changes nothing (a gateway re-sends what it has no 2xx for). All of them change nothing and are
 * logged and audited. The callback says only which payment to look at: its outcome and amount are fetched from the
 * gateway; a webhook's payment is signed by the gateway. Either way the amount must be the order's.
 */
@Controller
class GatewayEndpoints {

    private static final Logger log = LoggerFactory.getLogger(GatewayEndpoints.class);

    /** {@code requestedBy} of an order the consumer placed in the portal ({@code consumer:<consumer no>}). */
    static final String CONSUMER_REQUESTER = "consumer:";
    /** Where the browser of such an order goes after the callback: the portal's page of the order (id appended). */
    static final String CONSUMER_RESULT_PAGE = "/portal/payments/";

    private final PaymentService payments;
    private final PaymentStore store;
    private final Settlement settlement;
    private final PaymentProperties props;
    private final AuditTrail audit;
    private final Clock clock;

    GatewayEndpoints(PaymentService payments, PaymentStore store, Settlement settlement, PaymentProperties props,
                     AuditTrail audit, Clock clock) {
        this.payments = payments;
        this.store = store;
        this.settlement = settlement;
        this.props = props;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping(path = "/payments/callback/{gateway}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String callback(@PathVariable String gateway, @RequestParam Map<String, String> form, HttpServletRequest request,
                    Model model) {
        PaymentGateway gw = gateway(gateway);
        PaymentGateway.Callback cb = gw.readCallback(form);
        String missing = cb.gatewayOrderId() == null ? "orderId" : cb.gatewayPaymentId() == null ? "paymentId"
                : cb.signature() == null ? "signature" : null;
        if (missing != null) {
            throw refused(request, "PAYMENT CALLBACK MALFORMED", gateway, HttpStatus.BAD_REQUEST, missing,
                    "The callback has no " + missing);
        }
        if (!gw.verifyCallback(cb)) {
            throw refused(request, "PAYMENT CALLBACK FORGED", gateway + " order " + cb.gatewayOrderId() + " payment "
                    + cb.gatewayPaymentId(), HttpStatus.UNAUTHORIZED, "signature", "The callback's signature is not the gateway's");
        }
        PaymentGateway.Payment payment = fetch(gw, cb.gatewayOrderId()).payments().stream()
                .filter(p -> p.gatewayPaymentId().equals(cb.gatewayPaymentId())).findFirst()
                .orElseThrow(() -> new ApiProblem(HttpStatus.BAD_GATEWAY, "Payment gateway inconsistent", "The gateway "
                        + "does not report payment " + cb.gatewayPaymentId() + " of order " + cb.gatewayOrderId(),
                        List.of(FieldIssue.of("paymentId", "unknown to the gateway"))));
        apply(request, gw, cb.gatewayOrderId(), payment, "CALLBACK", cb.gatewayPaymentId());
        long id = store.idByGatewayOrder(gw.name(), cb.gatewayOrderId()).orElseThrow();
        var order = payments.find(id).orElseThrow();
        if (order.requestedBy().startsWith(CONSUMER_REQUESTER)) {
            // Ordered by the consumer in the portal: their own result page (signed in, polls until the outcome is final).
            return "redirect:" + CONSUMER_RESULT_PAGE + id;
        }
        model.addAttribute("order", order);
        model.addAttribute("amount", Money.rupees(order.amountPaise()));
        return "payment/result";
    }

    @PostMapping("/api/v1/payments/webhooks/{gateway}")
    @ResponseBody
    Map<String, Object> webhook(@PathVariable String gateway, @RequestBody byte[] body, HttpServletRequest request) {
        PaymentGateway gw = gateway(gateway);
        if (!gw.verifyWebhook(body, request::getHeader)) {
            throw refused(request, "PAYMENT WEBHOOK FORGED", gateway, HttpStatus.UNAUTHORIZED, "signature",
                    "The webhook's signature is not the gateway's");
        }
        PaymentGateway.WebhookEvent event;
        try {
            event = gw.readWebhook(body, request::getHeader);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().contains(":") ? e.getMessage().substring(0, e.getMessage().indexOf(':')) : "body";
            throw refused(request, "PAYMENT WEBHOOK MALFORMED", gateway, HttpStatus.BAD_REQUEST, field, e.getMessage());
        }
        Instant now = clock.instant();
        if (event.createdAt().isBefore(now.minus(props.webhookMaxAge())) || event.createdAt().isAfter(now.plusSeconds(60))) {
            throw refused(request, "PAYMENT WEBHOOK REPLAYED", gateway + " event " + event.eventId(),
                    HttpStatus.UNAUTHORIZED, "created_at", "Webhook event " + event.eventId() + " is dated "
                            + event.createdAt() + ", outside " + props.webhookMaxAge() + " of now: replayed");
        }
        Settlement.Outcome outcome = apply(request, gw, event.gatewayOrderId(), event.payment(), "WEBHOOK",
                event.eventId());
        if (outcome == Settlement.Outcome.DUPLICATE_MESSAGE) {
            // Acknowledged (a gateway re-sends what it has no 2xx for) but it changes nothing.
            return Map.of("eventId", event.eventId(), "outcome", "DUPLICATE");
        }
        if (outcome == Settlement.Outcome.AMOUNT_MISMATCH || outcome == Settlement.Outcome.HELD) {
            throw ApiProblem.invalid("amount", "The order is held: the gateway reported a payment of another amount or "
                    + "currency than the order's; not posted");
        }
        return Map.of("eventId", event.eventId(), "outcome", outcome.name());
    }

    private Settlement.Outcome apply(HttpServletRequest request, PaymentGateway gw, String orderId,
                                     PaymentGateway.Payment payment, String kind, String messageId) {
        Settlement.Outcome outcome = settlement.apply(gw.name(), orderId, payment, kind, kind, messageId);
        if (outcome == Settlement.Outcome.DUPLICATE_MESSAGE) {
            log.info("{} {} of {} received again: nothing changes", kind, messageId, gw.name());
            audit.record("anonymous", "PAYMENT " + kind + " DUPLICATE", gw.name() + " " + messageId, "IGNORED",
                    "received before; acknowledged, nothing changed", request.getRemoteAddr());
        }
        return outcome;
    }

    private PaymentGateway gateway(String name) {
        return payments.gateway(name).orElseThrow(() -> ApiProblem.notFound("gateway", "No payment gateway " + name));
    }

    private static PaymentGateway.OrderStatus fetch(PaymentGateway gw, String orderId) {
        try {
            return gw.fetchOrderStatus(orderId);
        } catch (PaymentGateway.GatewayException e) {
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "Payment gateway unavailable", "The payment's status could "
                    + "not be fetched from " + gw.name() + "; it will be reconciled", List.of(FieldIssue.of("gateway",
                    e.getMessage())));
        }
    }

    private ApiProblem refused(HttpServletRequest request, String action, String target, HttpStatus status,
                               String field, String detail) {
        log.warn("{} ({}) from {}: {}", action, target, request.getRemoteAddr(), detail);
        audit.record("anonymous", action, target, "REJECTED", detail, request.getRemoteAddr());
        return new ApiProblem(status, status == HttpStatus.UNAUTHORIZED ? "Unauthorized" : "Invalid request", detail,
                List.of(FieldIssue.of(field, detail)));
    }
}

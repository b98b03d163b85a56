package org.urja.mdms.payment.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.stereotype.Component;
import org.urja.mdms.payment.PaymentGateway;
import org.urja.mdms.platform.Hmac;
import org.urja.mdms.platform.PublicUrl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adapter of the built-in sandbox gateway, which speaks like Razorpay: orders over its REST API with HTTP Basic
 * (key id, key secret); the callback form carries {@code sandbox_order_id}, {@code sandbox_payment_id} and
 * {@code sandbox_signature = HMAC_SHA256(order_id + "|" + payment_id, key_secret)}; webhooks carry
 * {@code X-Sandbox-Signature = HMAC_SHA256(raw body, webhook_secret)} and their event id in the body and in
 * {@code X-Sandbox-Event-Id}. An adapter for a real gateway follows the same shape with its own names.
 */
@Component
class SandboxGateway implements PaymentGateway {

    static final String SIGNATURE_HEADER = "X-Sandbox-Signature";

    private final PaymentProperties.Sandbox config;
    private final PublicUrl publicUrl;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SandboxGateway(PaymentProperties props, PublicUrl publicUrl, JsonMapper json) {
        this.config = props.sandbox();
        this.publicUrl = publicUrl;
        this.json = json;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public CreatedOrder createOrder(OrderRequest r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", r.amountPaise());
        body.put("currency", r.currency());
        body.put("receipt", r.receipt());
        body.put("notes", r.notes());
        body.put("callback_url", r.callbackUrl());
        JsonNode order = call(HttpRequest.newBuilder(uri("/v1/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
        return new CreatedOrder(order.get("id").asString(), order.get("checkout_url").asString());
    }

    @Override
    public Callback readCallback(Map<String, String> form) {
        return new Callback(form.get("sandbox_order_id"), form.get("sandbox_payment_id"), form.get("sandbox_signature"));
    }

    @Override
    public boolean verifyCallback(Callback c) {
        return c.gatewayOrderId() != null && c.gatewayPaymentId() != null && Hmac.matches(config.keySecret(),
                (c.gatewayOrderId() + "|" + c.gatewayPaymentId()).getBytes(StandardCharsets.UTF_8), c.signature());
    }

    @Override
    public boolean verifyWebhook(byte[] rawBody, Function<String, String> header) {
        return Hmac.matches(config.webhookSecret(), rawBody, header.apply(SIGNATURE_HEADER));
    }

    @Override
    public WebhookEvent readWebhook(byte[] rawBody, Function<String, String> header) {
        JsonNode event;
        try {
            event = json.readTree(rawBody);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("body: not JSON");
        }
        JsonNode entity = event.path("payload").path("payment").path("entity");
        return new WebhookEvent(text(event, "id"), text(event, "event"),
                Instant.ofEpochSecond(number(event, "created_at")), text(entity, "order_id"), payment(entity));
    }

    @Override
    public OrderStatus fetchOrderStatus(String gatewayOrderId) {
        JsonNode order = call(HttpRequest.newBuilder(uri("/v1/orders/"
                + URLEncoder.encode(gatewayOrderId, StandardCharsets.UTF_8))).GET());
        List<Payment> payments = new ArrayList<>();
        order.path("payments").forEach(p -> payments.add(payment(p)));
        return new OrderStatus(order.get("id").asString(), order.get("amount").asLong(), order.get("currency").asString(),
                payments);
    }

    private static Payment payment(JsonNode p) {
        Status status = switch (text(p, "status")) {
            case "captured" -> Status.CAPTURED;
            case "failed" -> Status.FAILED;
            default -> Status.PENDING;
        };
        return new Payment(text(p, "id"), status, number(p, "amount"), text(p, "currency"),
                p.path("method").isString() ? p.get("method").asString() : null,
                p.path("error_reason").isString() ? p.get("error_reason").asString() : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return v.asString();
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(field + ": missing or not an integer");
        }
        return v.asLong();
    }

    private JsonNode call(HttpRequest.Builder request) {
        if (config.keyId() == null || config.keyId().isBlank() || config.keySecret() == null
                || config.keySecret().isBlank()) {
            throw new GatewayException("the sandbox gateway's key id and secret are not configured", null);
        }
        String basic = Base64.getEncoder().encodeToString((config.keyId() + ":" + config.keySecret())
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(request.header("Authorization", "Basic " + basic)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new GatewayException("sandbox gateway answered HTTP " + r.statusCode() + ": " + r.body(), null);
            }
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new GatewayException("sandbox gateway unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("interrupted", e);
        }
    }

    private URI uri(String path) {
        String base = config.baseUrl() == null || config.baseUrl().isBlank()
                ? publicUrl.base() + "/sandbox-gateway" : config.baseUrl().replaceAll("/+$", "");
        return URI.create(base + path);
    }
}

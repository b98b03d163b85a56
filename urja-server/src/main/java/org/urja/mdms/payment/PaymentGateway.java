package org.urja.mdms.payment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A payment gateway adapter (provider SPI), shaped like Indian payment gateways work: the merchant creates an order
 * server to server, sends the payer's browser to the gateway's hosted checkout, and learns the outcome three ways —
 * the browser coming back to the callback URL with parameters signed with the key secret, a server-to-server webhook
 * signed over its raw body with the webhook secret, and the order's status asked for at any time (reconciliation).
 * Nothing a callback or webhook says is trusted before its signature is checked, and the amount is always compared
 * with the order's. Every adapter must pass the conformance suite ({@code PaymentGatewayConformance} in the tests).
 */
public interface PaymentGateway {

    /** The adapter's name in configuration and in the callback and webhook URLs, e.g. {@code sandbox}. */
    String name();

    /**
     * @param amountPaise  what the payer pays, in paise
     * @param currency     {@code INR}
     * @param receipt      the merchant's reference of the order (shown by the gateway, unique per order)
     * @param notes        free key-value notes kept with the gateway's order (consumer, purpose …)
     * @param callbackUrl  where the gateway sends the payer's browser back with the signed outcome
     */
    record OrderRequest(long amountPaise, String currency, String receipt, Map<String, String> notes, String callbackUrl) {
    }

    record CreatedOrder(String gatewayOrderId, String checkoutUrl) {
    }

    enum Status { PENDING, CAPTURED, FAILED }

    /** One payment the gateway holds for an order (a payer may try several times on one order). */
    record Payment(String gatewayPaymentId, Status status, long amountPaise, String currency, String method,
                   String reason) {
    }

    record OrderStatus(String gatewayOrderId, long amountPaise, String currency, List<Payment> payments) {
    }

    /** The browser's return from checkout as the gateway posts it; fields absent from the form are null. */
    record Callback(String gatewayOrderId, String gatewayPaymentId, String signature) {
    }

    /** A verified webhook: the gateway's event id (the same for a redelivery), when the event arose, the payment. */
    record WebhookEvent(String eventId, String type, Instant createdAt, String gatewayOrderId, Payment payment) {
    }

    /** Thrown when the gateway cannot be reached or refuses a call (the caller may try again later). */
    class GatewayException extends RuntimeException {
        public GatewayException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    CreatedOrder createOrder(OrderRequest request);

    /** Reads the callback's fields from the form the browser posted. */
    Callback readCallback(Map<String, String> form);

    /** Whether the callback's signature is the gateway's over its order id and payment id (key secret). */
    boolean verifyCallback(Callback callback);

    /** Whether {@code rawBody} is signed by the gateway (webhook secret); {@code header} looks up request headers. */
    boolean verifyWebhook(byte[] rawBody, Function<String, String> header);

    /** Reads a verified webhook; throws IllegalArgumentException naming what is missing from a malformed one. */
    WebhookEvent readWebhook(byte[] rawBody, Function<String, String> header);

    /** The order and its payments as the gateway holds them now; throws GatewayException when unreachable. */
    OrderStatus fetchOrderStatus(String gatewayOrderId);
}

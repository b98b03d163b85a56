package org.urja.mdms.payment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link PaymentGateway} adapter must do, written once and run against each implementation (a subclass
 * per gateway, against the gateway's test mode): create an order, report its payments with their amounts, verify
 * the callback's signature and the webhook's, read the webhook, and fail loudly for what it does not know.
 */
abstract class PaymentGatewayConformance {

    /** A webhook as the gateway sent it: the raw body and the request headers. */
    record Webhook(byte[] body, Map<String, String> headers) {
    }

    /** The adapter under test. */
    protected abstract PaymentGateway gateway();

    /** A callback URL the gateway may send payers' browsers to. */
    protected abstract String callbackUrl();

    /** Pays the order at the gateway's checkout as a payer would (SUCCESS or FAILURE); returns the callback's form. */
    protected abstract Map<String, String> payAtCheckout(PaymentGateway.CreatedOrder order, String outcome);

    /** The webhook the gateway sent for the payment. */
    protected abstract Webhook webhookOf(String paymentId);

    private PaymentGateway.CreatedOrder order(long paise) {
        return gateway().createOrder(new PaymentGateway.OrderRequest(paise, "INR", "CONF-" + System.nanoTime() % 1_000_000,
                Map.of("purpose", "conformance"), callbackUrl()));
    }

    @Test
    void anOrderIsCreatedWithACheckoutUrlAndShowsItsAmountAndNoPaymentYet() {
        PaymentGateway.CreatedOrder created = order(12_345);
        assertThat(created.gatewayOrderId()).isNotBlank();
        assertThat(created.checkoutUrl()).startsWith("http");
        PaymentGateway.OrderStatus status = gateway().fetchOrderStatus(created.gatewayOrderId());
        assertThat(status.gatewayOrderId()).isEqualTo(created.gatewayOrderId());
        assertThat(status.amountPaise()).isEqualTo(12_345);
        assertThat(status.currency()).isEqualTo("INR");
        assertThat(status.payments()).isEmpty();
    }

    @Test
    void aCapturedPaymentComesBackWithASignedCallbackAndItsAmountInTheStatus() {
        PaymentGateway.CreatedOrder created = order(23_456);
        PaymentGateway.Callback cb = gateway().readCallback(payAtCheckout(created, "SUCCESS"));
        assertThat(cb.gatewayOrderId()).isEqualTo(created.gatewayOrderId());
        assertThat(gateway().verifyCallback(cb)).isTrue();
        // A signature is bound to its order and payment, and to the key secret.
        assertThat(gateway().verifyCallback(new PaymentGateway.Callback(cb.gatewayOrderId(), cb.gatewayPaymentId() + "x",
                cb.signature()))).isFalse();
        assertThat(gateway().verifyCallback(new PaymentGateway.Callback(order(100).gatewayOrderId(),
                cb.gatewayPaymentId(), cb.signature()))).isFalse();
        assertThat(gateway().verifyCallback(new PaymentGateway.Callback(cb.gatewayOrderId(), cb.gatewayPaymentId(),
                flip(cb.signature())))).isFalse();
        assertThat(gateway().verifyCallback(new PaymentGateway.Callback(cb.gatewayOrderId(), cb.gatewayPaymentId(),
                null))).isFalse();

        PaymentGateway.OrderStatus status = gateway().fetchOrderStatus(created.gatewayOrderId());
        assertThat(status.payments()).singleElement().satisfies(p -> {
            assertThat(p.gatewayPaymentId()).isEqualTo(cb.gatewayPaymentId());
            assertThat(p.status()).isEqualTo(PaymentGateway.Status.CAPTURED);
            assertThat(p.amountPaise()).isEqualTo(23_456);
            assertThat(p.currency()).isEqualTo("INR");
            assertThat(p.method()).isNotBlank();
        });
    }

    @Test
    void aFailedPaymentIsReportedFailedWithAReason() {
        PaymentGateway.CreatedOrder created = order(5_000);
        PaymentGateway.Callback cb = gateway().readCallback(payAtCheckout(created, "FAILURE"));
        assertThat(gateway().fetchOrderStatus(created.gatewayOrderId()).payments()).singleElement().satisfies(p -> {
            assertThat(p.gatewayPaymentId()).isEqualTo(cb.gatewayPaymentId());
            assertThat(p.status()).isEqualTo(PaymentGateway.Status.FAILED);
            assertThat(p.reason()).isNotBlank();
        });
    }

    @Test
    void theWebhookIsSignedOverItsRawBodyAndReadsBackThePayment() {
        PaymentGateway.CreatedOrder created = order(34_567);
        PaymentGateway.Callback cb = gateway().readCallback(payAtCheckout(created, "SUCCESS"));
        Webhook w = webhookOf(cb.gatewayPaymentId());
        assertThat(gateway().verifyWebhook(w.body(), w.headers()::get)).isTrue();
        byte[] altered = new String(w.body(), StandardCharsets.UTF_8).replace("34567", "34568").getBytes(StandardCharsets.UTF_8);
        assertThat(altered).isNotEqualTo(w.body());
        assertThat(gateway().verifyWebhook(altered, w.headers()::get)).isFalse();
        assertThat(gateway().verifyWebhook(w.body(), name -> null)).isFalse();

        PaymentGateway.WebhookEvent event = gateway().readWebhook(w.body(), w.headers()::get);
        assertThat(event.eventId()).isNotBlank();
        assertThat(event.createdAt()).isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plusSeconds(60));
        assertThat(event.gatewayOrderId()).isEqualTo(created.gatewayOrderId());
        assertThat(event.payment().gatewayPaymentId()).isEqualTo(cb.gatewayPaymentId());
        assertThat(event.payment().status()).isEqualTo(PaymentGateway.Status.CAPTURED);
        assertThat(event.payment().amountPaise()).isEqualTo(34_567);
        assertThatThrownBy(() -> gateway().readWebhook("{}".getBytes(StandardCharsets.UTF_8), w.headers()::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownOrderIsAGatewayError() {
        assertThatThrownBy(() -> gateway().fetchOrderStatus("order_doesNotExist1"))
                .isInstanceOf(PaymentGateway.GatewayException.class);
    }

    private static String flip(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }
}

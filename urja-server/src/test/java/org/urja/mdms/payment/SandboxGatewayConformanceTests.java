package org.urja.mdms.payment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

/** The gateway conformance suite against the built-in sandbox gateway, over real HTTP. */
@UrjaIntegrationTest
class SandboxGatewayConformanceTests extends PaymentGatewayConformance {

    @LocalServerPort
    int port;

    @Autowired
    List<PaymentGateway> gateways;

    @Override
    protected PaymentGateway gateway() {
        return gateways.stream().filter(g -> g.name().equals("sandbox")).findFirst().orElseThrow();
    }

    @Override
    protected String callbackUrl() {
        return "http://localhost:" + port + "/payments/callback/sandbox";
    }

    @Override
    protected Map<String, String> payAtCheckout(PaymentGateway.CreatedOrder order, String outcome) {
        SandboxPayer.Returned r = new SandboxPayer(port).checkout(order.checkoutUrl(), "CARD", outcome, Map.of());
        return Map.of("sandbox_order_id", r.orderId(), "sandbox_payment_id", r.paymentId(),
                "sandbox_signature", r.signature());
    }

    @Override
    protected Webhook webhookOf(String paymentId) {
        JsonNode w = Eventually.await(Duration.ofSeconds(10), () -> new SandboxPayer(port).webhooks(paymentId),
                l -> l.size() > 0).get(0);
        return new Webhook(w.get("body").asString().getBytes(StandardCharsets.UTF_8),
                Map.of("X-Sandbox-Signature", w.get("signature").asString(), "X-Sandbox-Event-Id",
                        w.get("eventId").asString()));
    }
}

package org.urja.mdms.payment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestMail;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC18.3–18.6: a postpaid consumer's bill paid through the sandbox gateway with the option they choose, acknowledged
 * on the callback page with a receipt, announced to billing once as {@link PaymentReceived} although the webhook
 * comes late and twice, and acknowledged by SMS and email.
 */
@UrjaIntegrationTest
class UC18BillPaymentTests implements org.urja.mdms.support.HesUp {

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc18_3to18_6_aBillPaidThroughTheSandboxIsAnnouncedOnceAndAcknowledgedBySmsAndEmail() throws Exception {
        String p = Fixtures.unique("BL").toUpperCase() + "-";
        String mobile = "+9195" + (10_000_000 + (int) (Math.random() * 89_999_999));
        String email = p.toLowerCase() + "suresh@example.in";
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %sK1,Suresh Nair,"22 MG Road, Kochi",5,DOM,%s,%s
                """.formatted(p, mobile, email));
        String consumerNo = p + "K1";
        String bill = p + "BILL-2026-05";
        String user = Fixtures.staffUser(port, "bpay", List.of("BILLING"));
        TestHttp staff = TestHttp.staffApi(port, user, Fixtures.password(user));

        // UC18.3: the bill is to be paid; UC18.4: the consumer picks net banking at the gateway. The gateway's webhook
        // comes two seconds late, and twice.
        JsonNode created = SandboxPayer.order(staff, "BILL_PAYMENT", consumerNo, bill, 123_456);
        long id = created.get("id").asLong();
        SandboxPayer payer = new SandboxPayer(port);
        SandboxPayer.Returned r = payer.pay(created.get("checkoutUrl").asString(), "NETBANKING", "SUCCESS",
                Map.of("webhookCopies", "2", "webhookDelaySeconds", "2"));

        // UC18.5: the acknowledgement on the page the browser comes back to.
        assertThat(r.result().status()).isEqualTo(200);
        assertThat(r.page().selectFirst("#outcome").text()).isEqualTo("Payment received");
        String receiptNo = r.page().selectFirst("#receipt").text();
        assertThat(r.page().selectFirst("#amount").text()).isEqualTo("₹1234.56");
        JsonNode order = staff.get("/api/v1/payments/orders/" + id).json();
        assertThat(order.get("state").asString()).isEqualTo("PAID");
        assertThat(order.get("paidMethod").asString()).isEqualTo("netbanking");
        assertThat(order.get("receipt").get("billReference").asString()).isEqualTo(bill);

        // The late duplicates: the first is taken (already paid), the copy acknowledged as a duplicate; billing hears
        // once.
        JsonNode webhooks = Eventually.await(Duration.ofSeconds(20), () -> payer.webhooks(r.paymentId()), l -> {
            for (JsonNode w : l) {
                if (w.get("status").asString().equals("PENDING")) {
                    return false;
                }
            }
            return l.size() == 2;
        });
        List<String> outcomes = new ArrayList<>();
        webhooks.forEach(w -> outcomes.add(w.get("status").asString() + " " + w.get("lastStatus").asInt()));
        assertThat(outcomes).containsExactlyInAnyOrder("DELIVERED 200", "DELIVERED 200");
        PaymentReceived received = Eventually.await(Duration.ofSeconds(10), () -> committed.of(PaymentReceived.class)
                .stream().filter(e -> e.orderId() == id).findFirst().orElse(null), e -> e != null);
        assertThat(received.purpose()).isEqualTo(Payments.Purpose.BILL_PAYMENT);
        assertThat(received.billReference()).isEqualTo(bill);
        assertThat(received.consumerNo()).isEqualTo(consumerNo);
        assertThat(received.amountPaise()).isEqualTo(123_456);
        // An external billing system reads it from the integration feed.
        assertThat(org.urja.mdms.support.Feeds.event(port, "PaymentReceived", "orderId", id).get("data")
                .get("billReference").asString()).isEqualTo(bill);
        assertThat(received.receiptNo()).isEqualTo(receiptNo);
        assertThat(received.gatewayPaymentId()).isEqualTo(r.paymentId());

        // UC18.6: acknowledged by SMS and email, once.
        JsonNode sms = Eventually.await(Duration.ofSeconds(10), () -> TestSms.to(mobile), l -> !l.isEmpty()).get(0);
        assertThat(sms.get("text").asString()).contains("Rs 1234.56", bill, receiptNo, r.paymentId(), consumerNo);
        MimeMessage mail = Eventually.await(Duration.ofSeconds(10), () -> List.of(TestMail.get().getReceivedMessages())
                .stream().filter(m -> to(m).equals(email)).findFirst().orElse(null), m -> m != null);
        assertThat(mail.getSubject()).isEqualTo("Payment of Rs 1234.56 received");
        assertThat(((String) mail.getContent()).strip()).startsWith("Dear Suresh Nair").contains(receiptNo);
        Thread.sleep(1000);
        assertThat(TestSms.to(mobile)).hasSize(1);
        assertThat(committed.of(PaymentReceived.class).stream().filter(e -> e.orderId() == id)).hasSize(1);
        // A bill payment does not touch a prepaid wallet.
        assertThat(staff.get("/api/v1/prepaid/accounts/" + consumerNo).json().get("entries")).isEmpty();
    }

    @Test
    void uc18_4_everyPaymentOptionOfTheGatewayPaysABill() {
        String p = Fixtures.unique("BO").toUpperCase() + "-";
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %sK1,Farida Khan,"9 Park Street, Kolkata",4,DOM,,
                """.formatted(p));
        TestHttp admin = Fixtures.admin(port);
        for (String method : List.of("UPI", "CARD", "WALLET")) {
            JsonNode created = SandboxPayer.order(admin, "BILL_PAYMENT", p + "K1", p + "B-" + method, 40_000);
            SandboxPayer.Returned r = new SandboxPayer(port).pay(created.get("checkoutUrl").asString(), method,
                    "SUCCESS", Map.of());
            assertThat(r.page().selectFirst("#outcome").text()).isEqualTo("Payment received");
            JsonNode order = admin.get("/api/v1/payments/orders/" + created.get("id").asLong()).json();
            assertThat(order.get("state").asString()).isEqualTo("PAID");
            assertThat(order.get("paidMethod").asString()).isEqualTo(method.toLowerCase());
        }
        assertThat(admin.get("/api/v1/payments/receipts?consumerNo=" + p + "K1").json()).hasSize(3);
    }

    private static String to(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

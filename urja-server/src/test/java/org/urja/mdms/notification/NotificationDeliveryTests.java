package org.urja.mdms.notification;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestMail;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC17.6: a consumer is told of a recharge by SMS and email through the durable outbox — real SMTP (an in-process
 * server) and an HTTP SMS provider —, in English or Hindi, retried when the provider fails, visible to staff.
 */
@UrjaIntegrationTest
class NotificationDeliveryTests implements org.urja.mdms.support.HesUp {

    @LocalServerPort
    int port;

    @Autowired
    Notifications notifications;

    @Autowired
    TransactionTemplate tx;

    @Test
    void uc17_6_aRechargeIsConfirmedBySmsAndEmailOnce() throws Exception {
        String p = Fixtures.unique("NT").toUpperCase() + "-";
        String email = p.toLowerCase() + "asha@example.in";
        TestHttp admin = Fixtures.admin(port);
        assertThat(admin.postCsv("/api/v1/imports/consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %sK1,Asha Devi,"12 Gali 3, Shahdara",2,DOM,9811122233,%s
                """.formatted(p, email)).status()).isEqualTo(200);
        Map<String, Object> recharge = Map.of("consumerNo", p + "K1", "amountPaise", 50_000,
                "paymentReference", p + "UPI-77", "channel", "UPI");
        assertThat(admin.postJson("/api/v1/prepaid/recharges", recharge).status()).isEqualTo(201);
        assertThat(admin.postJson("/api/v1/prepaid/recharges", recharge).status()).isEqualTo(200); // once

        JsonNode sms = Eventually.await(Duration.ofSeconds(10), () -> TestSms.to("+919811122233"), l -> !l.isEmpty()).get(0);
        assertThat(sms.get("text").asString()).contains("Rs 500.00", p + "K1", p + "UPI-77", "Urja Test Discom");
        MimeMessage mail = Eventually.await(Duration.ofSeconds(10), () -> List.of(TestMail.get().getReceivedMessages())
                .stream().filter(m -> recipient(m).equals(email)).findFirst().orElse(null), m -> m != null);
        assertThat(mail.getSubject()).isEqualTo("Recharge of Rs 500.00 received");
        assertThat(((String) mail.getContent()).strip()).startsWith("Dear Asha Devi");

        JsonNode outbox = admin.get("/api/v1/notifications?to=%2B919811122233").json();
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).get("status").asString()).isEqualTo("SENT");
        assertThat(outbox.get(0).get("template").asString()).isEqualTo("RECHARGE_RECEIVED");
        Thread.sleep(1000);
        assertThat(TestSms.to("+919811122233")).hasSize(1);
        String viewer = Fixtures.staffUser(port, "ntv", List.of("VIEWER"));
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer)).get("/api/v1/notifications").status())
                .isEqualTo(403);
    }

    @Test
    void uc17_6_hindiTextAndRetriesWhenTheSmsProviderFails() throws Exception {
        String number = "+9198" + (10_000_000 + (int) (Math.random() * 89_999_999));
        TestSms.failNext(2);
        String key = Fixtures.unique("low-");
        Map<String, String> params = Map.of("name", "आशा देवी", "consumerNo", "K-7", "balance", "42.50", "utility", "उर्जा");
        tx.executeWithoutResult(s -> notifications.queue(new Notifications.Request(Notifications.Channel.SMS, number,
                "LOW_BALANCE", "hi", params, key, "test")));
        tx.executeWithoutResult(s -> notifications.queue(new Notifications.Request(Notifications.Channel.SMS, number,
                "LOW_BALANCE", "hi", params, key, "test"))); // the same key: queued once
        JsonNode sms = Eventually.await(Duration.ofSeconds(15), () -> TestSms.to(number), l -> !l.isEmpty()).get(0);
        assertThat(sms.get("text").asString()).isEqualTo(
                "प्रिय आशा देवी, उपभोक्ता संख्या K-7 की प्रीपेड शेष राशि ₹42.50 है। कृपया कनेक्शन कटने से बचने के लिए रिचार्ज करें। - उर्जा");
        JsonNode outbox = Fixtures.admin(port).get("/api/v1/notifications?to=" + number.replace("+", "%2B")).json();
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(outbox.get(0).get("status").asString()).isEqualTo("SENT");

        // A template that does not exist, or a missing parameter, is refused before anything is queued.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.executeWithoutResult(s -> notifications.queue(
                new Notifications.Request(Notifications.Channel.SMS, number, "LOW_BALANCE", "hi", Map.of("name", "x"),
                        Fixtures.unique("bad-"), "test")))).hasMessageContaining("missing parameter");
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

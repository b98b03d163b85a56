package org.urja.mdms.care;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestMail;
import org.urja.mdms.support.TestSms;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Consumers with a mobile number and email, customer-care staff, and the messages the consumer receives. */
final class CareFixtures {

    /** {@code meter}: the meter installed at the consumer's service point, or null for a consumer without one. */
    record Consumer(String consumerNo, String mobile, String email, String meter) {
    }

    private CareFixtures() {
    }

    /** A consumer account (no meter) with its own mobile number and email address. */
    static Consumer consumer(int port, String p) {
        String mobile = "+9197" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        String email = p.toLowerCase().replaceAll("[^a-z0-9]", "") + "@consumer.example";
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Meena Kumari,"4 Old Market, Karol Bagh",3,DOM,%2$s,%3$s
                """.formatted(p, mobile, email));
        return new Consumer(p + "K1", mobile, email, null);
    }

    /**
     * A consumer supplied through a meter of their own under a DT of its own ({@code p}DT, feeder {@code p}F), the
     * meter installed at the consumer's service point.
     */
    static Consumer supplied(int port, String p) {
        Consumer c = consumer(port, p);
        String dt = Fixtures.importChain(port, p);
        String meter = p + "M1";
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %s,Secure,SINGLE_PHASE_WC,30,POSTPAID,true,CELLULAR,CONSUMER,1.0,1,%s,
                """.formatted(meter, dt));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address,meter_serial_no
                %1$sSP1,%2$s,"4 Old Market, Karol Bagh",%3$s
                """.formatted(p, c.consumerNo(), meter));
        return new Consumer(c.consumerNo(), c.mobile(), c.email(), meter);
    }

    /** A member of staff with the role, through the admin API (password changed as at first sign-in). */
    static TestHttp staff(int port, String role) {
        String user = Fixtures.staffUser(port, role.toLowerCase().replace("_", ""), List.of(role));
        return TestHttp.staffApi(port, user, Fixtures.password(user));
    }

    static Map<String, String> key(String key) {
        return Map.of("Idempotency-Key", key);
    }

    /** Registers a complaint through the API ({@code POST /api/v1/complaints}), expecting it new (201). */
    static JsonNode registerComplaint(TestHttp api, Map<String, Object> body, String key) {
        TestHttp.Response r = api.postJson("/api/v1/complaints", body, key(key));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** The complaint once it reached {@code status} (a target's completion arrives asynchronously). */
    static JsonNode awaitComplaint(TestHttp api, String crn, String status) {
        return Eventually.await(Duration.ofSeconds(15), () -> api.get("/api/v1/complaints/" + crn).json(),
                c -> c.get("status").asString().equals(status));
    }

    /** The SMS texts sent to a number, waiting until one contains {@code text}. */
    static List<String> smsContaining(String mobile, String text) {
        return Eventually.await(Duration.ofSeconds(15), () -> TestSms.to(mobile).stream()
                .map(s -> s.get("text").asString()).toList(), l -> l.stream().anyMatch(t -> t.contains(text)));
    }

    /** The subjects of the emails sent to an address, waiting until one is {@code subject}. */
    static List<String> mailSubjects(String to, String subject) {
        return Eventually.await(Duration.ofSeconds(15), () -> List.of(TestMail.get().getReceivedMessages()).stream()
                .filter(m -> recipient(m).equals(to)).map(CareFixtures::subject).toList(), l -> l.contains(subject));
    }

    /** The actions of a case's history, as "STATUS ACTION". */
    static List<String> trail(JsonNode c) {
        List<String> out = new java.util.ArrayList<>();
        c.get("history").forEach(h -> out.add(h.get("status").asString() + " " + h.get("action").asString()));
        return out;
    }

    static String field(TestHttp.Response problem) {
        assertThat(problem.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        return problem.json().get("errors").get(0).get("field").asString();
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

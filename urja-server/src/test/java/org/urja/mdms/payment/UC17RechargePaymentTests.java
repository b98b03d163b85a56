package org.urja.mdms.payment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.Hmac;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC17.2–17.4 on the payment side: a recharge requested for a prepaid consumer, paid through the sandbox gateway's
 * checkout over real HTTP, acknowledged on the callback page with a receipt, and posted to the wallet exactly once
 * whatever mix of callback, duplicated and delayed webhooks and reconciliation reports it; forged and replayed
 * reports, failed payments and a captured amount other than the order's post nothing.
 */
@UrjaIntegrationTest
class UC17RechargePaymentTests implements org.urja.mdms.support.HesUp {

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Autowired
    CommittedEvents committed;

    @Autowired
    JdbcClient jdbc;

    /** A consumer with a mobile number and email address; returns the consumer number. */
    private String consumer(String p, String mobile) {
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Meera Joshi,"4 Civil Lines, Jaipur",3,DOM,%2$s,%3$smeera@example.in
                """.formatted(p, mobile, p.toLowerCase()));
        return p + "K1";
    }

    private TestHttp billing() {
        String user = Fixtures.staffUser(port, "bill", List.of("BILLING"));
        return TestHttp.staffApi(port, user, Fixtures.password(user));
    }

    private static String mobile() {
        return "+9196" + (10_000_000 + (int) (Math.random() * 89_999_999));
    }

    private JsonNode order(TestHttp staff, long id) {
        return staff.get("/api/v1/payments/orders/" + id).json();
    }

    private JsonNode awaitState(TestHttp staff, long id, String state, Duration within) {
        return Eventually.await(within, () -> order(staff, id), o -> o.get("state").asString().equals(state));
    }

    private List<JsonNode> recharges(TestHttp staff, String consumerNo) {
        List<JsonNode> entries = new ArrayList<>();
        staff.get("/api/v1/prepaid/accounts/" + consumerNo).json().get("entries").forEach(e -> {
            if (e.get("kind").asString().equals("RECHARGE")) {
                entries.add(e);
            }
        });
        return entries;
    }

    /** The webhooks of a payment once none is waiting to be sent. */
    private JsonNode settledWebhooks(SandboxPayer payer, String paymentId, int copies) {
        return Eventually.await(Duration.ofSeconds(20), () -> payer.webhooks(paymentId), l -> {
            int done = 0;
            for (JsonNode w : l) {
                done += w.get("status").asString().equals("PENDING") ? 0 : 1;
            }
            return l.size() == copies && done == copies;
        });
    }

    private static List<String> statuses(JsonNode webhooks) {
        List<String> s = new ArrayList<>();
        webhooks.forEach(w -> s.add(w.get("status").asString() + " " + w.get("lastStatus").asInt()));
        return s;
    }

    @Test
    void uc17_2to17_4_aRechargePaidThroughTheSandboxLandsInTheWalletOnceAlthoughCallbackAndDuplicatedWebhooksArrive()
            throws InterruptedException {
        String p = Fixtures.unique("PR").toUpperCase() + "-";
        String mobile = mobile();
        String consumerNo = consumer(p, mobile);
        TestHttp staff = billing();

        // UC17.2: the recharge is requested; the gateway holds the order and the payer is sent to its checkout.
        JsonNode created = SandboxPayer.order(staff, "PREPAID_RECHARGE", consumerNo, null, 50_000);
        long id = created.get("id").asLong();
        assertThat(created.get("gatewayOrderId").asString()).startsWith("order_");
        assertThat(created.get("checkoutUrl").asString()).contains("/sandbox-gateway/checkout/");

        // UC17.3: paid by UPI; the gateway sends its webhook three times at once while the browser comes back.
        SandboxPayer payer = new SandboxPayer(port);
        SandboxPayer.Returned returned = payer.pay(created.get("checkoutUrl").asString(), "UPI", "SUCCESS",
                Map.of("webhookCopies", "3"));
        // UC17.4: the acknowledgement page with the receipt.
        assertThat(returned.result().status()).isEqualTo(200);
        assertThat(returned.page().selectFirst("#outcome").text()).isEqualTo("Payment received");
        String receiptNo = returned.page().selectFirst("#receipt").text();
        assertThat(receiptNo).matches("RC-\\d{4}-\\d{6}");
        assertThat(returned.page().selectFirst("#amount").text()).isEqualTo("₹500.00");

        // One webhook was taken (posting nothing new); the two copies of the same event acknowledged as duplicates
        // (so the gateway stops re-sending them), changing nothing.
        JsonNode webhooks = settledWebhooks(payer, returned.paymentId(), 3);
        assertThat(statuses(webhooks)).containsExactlyInAnyOrder("DELIVERED 200", "DELIVERED 200", "DELIVERED 200");

        JsonNode paid = order(staff, id);
        assertThat(paid.get("state").asString()).isEqualTo("PAID");
        assertThat(paid.get("paidPaymentId").asString()).isEqualTo(returned.paymentId());
        assertThat(paid.get("paidMethod").asString()).isEqualTo("upi");
        assertThat(paid.get("receipt").get("receiptNo").asString()).isEqualTo(receiptNo);
        assertThat(paid.get("attempts")).hasSize(1);
        List<String> kinds = new ArrayList<>();
        paid.get("history").forEach(e -> kinds.add(e.get("kind").asString()));
        assertThat(kinds).containsSubsequence("CREATED", "GATEWAY_ORDER", "PAID", "REPEATED");
        assertThat(kinds.stream().filter("PAID"::equals)).hasSize(1);

        // Posted once to the wallet, by the gateway's payment id.
        List<JsonNode> recharges = recharges(staff, consumerNo);
        assertThat(recharges).singleElement().satisfies(e -> {
            assertThat(e.get("amountPaise").asLong()).isEqualTo(50_000);
            assertThat(e.get("reference").asString()).isEqualTo(returned.paymentId());
        });
        assertThat(staff.get("/api/v1/prepaid/accounts/" + consumerNo).json().get("balancePaise").asLong()).isEqualTo(50_000);
        JsonNode receipt = staff.get("/api/v1/payments/receipts/" + receiptNo).json();
        assertThat(receipt.get("amountPaise").asLong()).isEqualTo(50_000);
        assertThat(receipt.get("purpose").asString()).isEqualTo("PREPAID_RECHARGE");
        assertThat(staff.get("/api/v1/payments/receipts?consumerNo=" + consumerNo).json()).hasSize(1);

        // The consumer hears of the recharge once (the prepaid module's RECHARGE_RECEIVED, UC17.6).
        Eventually.await(Duration.ofSeconds(10), () -> TestSms.to(mobile), l -> !l.isEmpty());
        Thread.sleep(1000);
        assertThat(TestSms.to(mobile)).singleElement()
                .satisfies(sms -> assertThat(sms.get("text").asString()).contains("Rs 500.00", returned.paymentId()));
        // A recharge is not a bill payment: billing is not told.
        assertThat(committed.of(PaymentReceived.class)).noneMatch(e -> e.orderId() == id);

        // The browser posting the callback again (a reload): the same result page, nothing changes.
        SandboxPayer.Returned again = payer.back(returned);
        assertThat(again.result().status()).isEqualTo(200);
        assertThat(again.page().selectFirst("#receipt").text()).isEqualTo(receiptNo);
        assertThat(recharges(staff, consumerNo)).hasSize(1);
        assertThat(order(staff, id).get("history")).hasSize(paid.get("history").size());
    }

    @Test
    void uc17_3_aForgedCallbackAndAReplayedWebhookAreRejectedAndChangeNothing() {
        String p = Fixtures.unique("PF").toUpperCase() + "-";
        String consumerNo = consumer(p, mobile());
        TestHttp staff = billing();
        JsonNode created = SandboxPayer.order(staff, "PREPAID_RECHARGE", consumerNo, null, 20_000);
        long id = created.get("id").asLong();
        SandboxPayer payer = new SandboxPayer(port);
        // The webhook comes two seconds late, so the forgeries below meet an unpaid order.
        SandboxPayer.Returned genuine = payer.checkout(created.get("checkoutUrl").asString(), "CARD", "SUCCESS",
                Map.of("webhookDelaySeconds", "2"));

        // A callback with a made-up signature: 401 naming the signature, the order untouched.
        String forged = Hmac.sha256Hex("not-the-key-secret", genuine.orderId() + "|" + genuine.paymentId());
        SandboxPayer.Returned refused = payer.back(genuine, forged);
        assertThat(refused.result().status()).isEqualTo(401);
        assertThat(refused.result().json().get("errors").get(0).get("field").asString()).isEqualTo("signature");
        // A webhook signed with another secret: 401.
        byte[] fake = ("{\"entity\":\"event\",\"id\":\"evt_forged1\",\"event\":\"payment.captured\",\"created_at\":"
                + Instant.now().getEpochSecond() + ",\"payload\":{\"payment\":{\"entity\":{\"id\":\"" + genuine.paymentId()
                + "\",\"order_id\":\"" + genuine.orderId() + "\",\"amount\":20000,\"currency\":\"INR\",\"status\":\"captured\","
                + "\"method\":\"card\"}}}}").getBytes(StandardCharsets.UTF_8);
        TestHttp anyone = TestHttp.browser(port);
        TestHttp.Response forgedWebhook = anyone.postRaw("/api/v1/payments/webhooks/sandbox", fake,
                Map.of("X-Sandbox-Signature", Hmac.sha256Hex("guessed-secret", fake)));
        assertThat(forgedWebhook.status()).isEqualTo(401);
        assertThat(forgedWebhook.json().get("errors").get(0).get("field").asString()).isEqualTo("signature");
        JsonNode untouched = order(staff, id);
        assertThat(untouched.get("state").asString()).isEqualTo("CREATED");
        assertThat(untouched.get("attempts")).isEmpty();
        assertThat(recharges(staff, consumerNo)).isEmpty();

        // The genuine (late) webhook pays the order.
        JsonNode webhook = settledWebhooks(payer, genuine.paymentId(), 1).get(0);
        assertThat(webhook.get("status").asString()).isEqualTo("DELIVERED");
        JsonNode paid = awaitState(staff, id, "PAID", Duration.ofSeconds(10));
        assertThat(recharges(staff, consumerNo)).hasSize(1);

        // Sent again word for word within the window (what a gateway does without a 2xx): acknowledged as a
        // duplicate, nothing changes.
        byte[] body = webhook.get("body").asString().getBytes(StandardCharsets.UTF_8);
        TestHttp.Response replay = anyone.postRaw("/api/v1/payments/webhooks/sandbox", body,
                Map.of("X-Sandbox-Signature", webhook.get("signature").asString()));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("outcome").asString()).isEqualTo("DUPLICATE");
        // A correctly signed event dated two days ago (someone kept it): refused as a replay too.
        byte[] stale = new String(fake, StandardCharsets.UTF_8).replace("evt_forged1", "evt_stale1")
                .replaceFirst("\"created_at\":\\d+", "\"created_at\":" + Instant.now().minus(Duration.ofDays(2)).getEpochSecond())
                .getBytes(StandardCharsets.UTF_8);
        TestHttp.Response old = anyone.postRaw("/api/v1/payments/webhooks/sandbox", stale,
                Map.of("X-Sandbox-Signature", Hmac.sha256Hex(SandboxPayer.WEBHOOK_SECRET, stale)));
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.json().get("errors").get(0).get("field").asString()).isEqualTo("created_at");
        // A signed webhook missing what it must say: 400 naming it.
        byte[] malformed = "{\"entity\":\"event\",\"id\":\"evt_x\"}".getBytes(StandardCharsets.UTF_8);
        TestHttp.Response bad = anyone.postRaw("/api/v1/payments/webhooks/sandbox", malformed,
                Map.of("X-Sandbox-Signature", Hmac.sha256Hex(SandboxPayer.WEBHOOK_SECRET, malformed)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("event");

        JsonNode after = order(staff, id);
        assertThat(after.get("history")).hasSize(paid.get("history").size());
        assertThat(recharges(staff, consumerNo)).hasSize(1);
        // Logged and audited.
        List<AuditTrail.Entry> trail = audit.recent("anonymous", 500);
        assertThat(trail).anyMatch(e -> e.action().equals("PAYMENT CALLBACK FORGED") && e.target().contains(genuine.paymentId()));
        assertThat(trail).anyMatch(e -> e.action().equals("PAYMENT WEBHOOK FORGED"));
        assertThat(trail).anyMatch(e -> e.action().equals("PAYMENT WEBHOOK DUPLICATE")
                && e.target().contains(webhook.get("eventId").asString()));
        assertThat(trail).anyMatch(e -> e.action().equals("PAYMENT WEBHOOK REPLAYED") && e.target().contains("evt_stale1"));
    }

    @Test
    void uc17_3_aPaymentLeftPendingIsReconciledByTheJobAndAnOrderNeverPaidExpires() {
        String p = Fixtures.unique("PP").toUpperCase() + "-";
        String consumerNo = consumer(p, mobile());
        TestHttp staff = billing();
        long neverPaid = SandboxPayer.order(staff, "PREPAID_RECHARGE", consumerNo, null, 10_000).get("id").asLong();
        JsonNode created = SandboxPayer.order(staff, "PREPAID_RECHARGE", consumerNo, null, 30_000);
        long id = created.get("id").asLong();

        // The bank has not decided: the payer is told so, nothing is posted.
        SandboxPayer payer = new SandboxPayer(port);
        SandboxPayer.Returned pending = payer.pay(created.get("checkoutUrl").asString(), "WALLET", "PENDING", Map.of());
        assertThat(pending.page().selectFirst("#outcome").text()).isEqualTo("Payment pending");
        assertThat(order(staff, id).get("state").asString()).isEqualTo("PENDING");
        assertThat(recharges(staff, consumerNo)).isEmpty();

        // The bank confirms later and no webhook comes: reconciliation asks the gateway and posts it.
        payer.settle(pending.paymentId(), "SUCCESS");
        JsonNode paid = awaitState(staff, id, "PAID", Duration.ofSeconds(20));
        List<JsonNode> paidEvents = new ArrayList<>();
        paid.get("history").forEach(e -> {
            if (e.get("kind").asString().equals("PAID")) {
                paidEvents.add(e);
            }
        });
        assertThat(paidEvents).singleElement().satisfies(e -> assertThat(e.get("via").asString()).isEqualTo("RECONCILIATION"));
        assertThat(paid.get("receipt").get("receiptNo").asString()).matches("RC-\\d{4}-\\d{6}");
        assertThat(recharges(staff, consumerNo)).singleElement()
                .satisfies(e -> assertThat(e.get("amountPaise").asLong()).isEqualTo(30_000));

        // The order nobody paid expires (expire-after is 20 s in the tests), with nothing posted.
        JsonNode expired = awaitState(staff, neverPaid, "EXPIRED", Duration.ofSeconds(40));
        assertThat(expired.get("receipt").isNull()).isTrue();
        assertThat(recharges(staff, consumerNo)).hasSize(1);
    }

    @Test
    void uc17_3_aFailedPaymentPostsNothingAndThePayerMayTryAgain() {
        String p = Fixtures.unique("PX").toUpperCase() + "-";
        String consumerNo = consumer(p, mobile());
        TestHttp staff = billing();
        JsonNode created = SandboxPayer.order(staff, "PREPAID_RECHARGE", consumerNo, null, 15_000);
        long id = created.get("id").asLong();
        SandboxPayer payer = new SandboxPayer(port);
        SandboxPayer.Returned failed = payer.pay(created.get("checkoutUrl").asString(), "NETBANKING", "FAILURE", Map.of());
        assertThat(failed.page().selectFirst("#outcome").text()).isEqualTo("Payment not completed");
        assertThat(failed.page().selectFirst("#receipt")).isNull();
        settledWebhooks(payer, failed.paymentId(), 1);
        JsonNode f = order(staff, id);
        assertThat(f.get("state").asString()).isEqualTo("FAILED");
        assertThat(f.get("stateReason").asString()).contains("declined");
        assertThat(f.get("receipt").isNull()).isTrue();
        assertThat(recharges(staff, consumerNo)).isEmpty();

        // A second try on the same order succeeds and is posted once.
        SandboxPayer.Returned ok = payer.pay(created.get("checkoutUrl").asString(), "UPI", "SUCCESS", Map.of());
        assertThat(ok.page().selectFirst("#outcome").text()).isEqualTo("Payment received");
        JsonNode paid = order(staff, id);
        assertThat(paid.get("state").asString()).isEqualTo("PAID");
        assertThat(paid.get("attempts")).hasSize(2);
        assertThat(recharges(staff, consumerNo)).singleElement()
                .satisfies(e -> assertThat(e.get("reference").asString()).isEqualTo(ok.paymentId()));
    }

    @Test
    void uc17_3_anAmountOtherThanTheOrdersIsRefusedHeldAndNotPosted() {
        String p = Fixtures.unique("PM").toUpperCase() + "-";
        String consumerNo = consumer(p, mobile());
        TestHttp staff = billing();
        JsonNode created = SandboxPayer.order(staff, "PREPAID_RECHARGE", consumerNo, null, 50_000);
        long id = created.get("id").asLong();
        SandboxPayer payer = new SandboxPayer(port);
        // The gateway reports ₹1 captured for a ₹500 order (a tampered checkout, a misconfigured gateway).
        SandboxPayer.Returned r = payer.checkout(created.get("checkoutUrl").asString(), "UPI", "SUCCESS",
                Map.of("capturedAmountPaise", "100"));
        JsonNode webhook = settledWebhooks(payer, r.paymentId(), 1).get(0);
        assertThat(webhook.get("status").asString()).isEqualTo("REFUSED");
        assertThat(webhook.get("lastStatus").asInt()).isEqualTo(422);
        SandboxPayer.Returned back = payer.back(r);
        assertThat(back.page().selectFirst("#outcome").text()).isEqualTo("Payment held for review");

        JsonNode held = order(staff, id);
        assertThat(held.get("state").asString()).isEqualTo("HELD");
        assertThat(held.get("stateReason").asString()).contains("100 paise", "50000 paise");
        assertThat(held.get("receipt").isNull()).isTrue();
        assertThat(recharges(staff, consumerNo)).isEmpty();
        assertThat(audit.recent("gateway:sandbox", 200)).anyMatch(e -> e.action().equals("PAYMENT AMOUNT MISMATCH")
                && e.target().equals("payment order " + id));
    }

    @Test
    void uc17_2_anOrderIsCheckedInFullIdempotentByKeyAndForBillingStaffOnly() {
        String p = Fixtures.unique("PV").toUpperCase() + "-";
        String consumerNo = consumer(p, mobile());
        TestHttp staff = billing();
        Map<String, Object> good = new LinkedHashMap<>(Map.of("purpose", "PREPAID_RECHARGE", "consumerNo", consumerNo,
                "amountPaise", 25_000));

        assertThat(staff.postJson("/api/v1/payments/orders", good).json().get("errors").get(0).get("field").asString())
                .isEqualTo("Idempotency-Key");
        Map<String, String> key = Map.of("Idempotency-Key", Fixtures.unique("k-"));
        Map<String, Object> bad = new HashMap<>(good);
        bad.put("amountPaise", 99);
        assertField(staff.postJson("/api/v1/payments/orders", bad, key), 400, "amountPaise");
        bad = new HashMap<>(good);
        bad.put("purpose", "DONATION");
        assertField(staff.postJson("/api/v1/payments/orders", bad, key), 400, "purpose");
        bad = new HashMap<>(good);
        bad.put("purpose", "BILL_PAYMENT");
        assertField(staff.postJson("/api/v1/payments/orders", bad, key), 400, "billReference");
        bad = new HashMap<>(good);
        bad.put("consumerNo", p + "NOBODY");
        assertField(staff.postJson("/api/v1/payments/orders", bad, key), 422, "consumerNo");
        assertThat(jdbc.sql("SELECT count(*) FROM payment_order WHERE consumer_no LIKE ?").param(p + "%")
                .query(Long.class).single()).isZero();

        // Only BILLING and ADMIN create orders; other staff may read them.
        for (String role : List.of("OPERATOR", "VIEWER")) {
            String user = Fixtures.staffUser(port, "p" + role.toLowerCase(), List.of(role));
            assertThat(TestHttp.staffApi(port, user, Fixtures.password(user))
                    .postJson("/api/v1/payments/orders", good, key).status()).isEqualTo(403);
        }
        assertThat(TestHttp.browser(port).postJson("/api/v1/payments/orders", good, key).status()).isEqualTo(401);

        // The same key again: the same order (200), not a second one; the same key for another order: 409.
        TestHttp.Response first = staff.postJson("/api/v1/payments/orders", good, key);
        assertThat(first.status()).isEqualTo(201);
        TestHttp.Response repeat = staff.postJson("/api/v1/payments/orders", good, key);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(repeat.json().get("gatewayOrderId").asString()).isEqualTo(first.json().get("gatewayOrderId").asString());
        Map<String, Object> other = new HashMap<>(good);
        other.put("amountPaise", 30_000);
        assertField(staff.postJson("/api/v1/payments/orders", other, key), 409, "Idempotency-Key");
        String viewer = Fixtures.staffUser(port, "pview", List.of("VIEWER"));
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer))
                .get("/api/v1/payments/orders/" + first.json().get("id").asLong()).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM payment_order WHERE consumer_no = ?").param(consumerNo)
                .query(Long.class).single()).isEqualTo(1);
        // The checkout page refuses a payment posted without its CSRF token.
        String checkout = new SandboxPayer(port).path(first.json().get("checkoutUrl").asString());
        assertThat(TestHttp.browser(port).postForm(checkout, Map.of("method", "UPI", "outcome", "SUCCESS"), checkout, false)
                .status()).isEqualTo(403);
    }

    @Test
    void uc17_4_receiptNumbersRunWithoutGapsWhenPaymentsArriveTogether() throws Exception {
        String p = Fixtures.unique("PC").toUpperCase() + "-";
        String consumerNo = consumer(p, mobile());
        TestHttp staff = billing();
        List<JsonNode> orders = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            orders.add(SandboxPayer.order(staff, "PREPAID_RECHARGE", consumerNo, null, 10_000 + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<SandboxPayer.Returned>> paying = orders.stream()
                    .map(o -> CompletableFuture.supplyAsync(() -> new SandboxPayer(port).pay(
                            o.get("checkoutUrl").asString(), "UPI", "SUCCESS", Map.of("webhookCopies", "2")), pool))
                    .toList();
            for (CompletableFuture<SandboxPayer.Returned> f : paying) {
                assertThat(f.get().result().status()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        List<String> receipts = new ArrayList<>();
        for (JsonNode o : orders) {
            receipts.add(awaitState(staff, o.get("id").asLong(), "PAID", Duration.ofSeconds(10))
                    .get("receipt").get("receiptNo").asString());
        }
        assertThat(receipts).doesNotHaveDuplicates();
        assertThat(recharges(staff, consumerNo)).hasSize(8);
        assertThat(staff.get("/api/v1/prepaid/accounts/" + consumerNo).json().get("balancePaise").asLong())
                .isEqualTo(8 * 10_000 + 28);
        // Every receipt of the year so far, from every test: numbered 1..n without a hole.
        int year = Integer.parseInt(receipts.get(0).substring(3, 7));
        var numbers = jdbc.sql("SELECT min(seq), max(seq), count(*) FROM payment_receipt WHERE year = ?").param(year)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).single();
        assertThat(numbers[0]).isEqualTo(1);
        assertThat(numbers[1]).isEqualTo(numbers[2]);
    }

    private static void assertField(TestHttp.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
    }
}

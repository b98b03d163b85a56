package org.urja.mdms.prepaid;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.AdjustablePolicyClock;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC3.1 for prepaid: exhausted credit is disconnected through the command service, but not during the grace period
 * after the exhaustion nor while the consumer lives on emergency credit — the prepaid module's vetoes refuse the
 * command naming their rule, whoever asks. Emergency credit is a ledger entry, taken once (idempotent by key) and
 * recovered from the next recharge(s). Meters of a reference HES of the tests' own carry the commands out.
 */
@UrjaIntegrationTest
class UC3PrepaidGraceAndEmergencyCreditTests {

    private static final Map<Integer, String> OPERATORS = new HashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    Wallet wallet;

    @Autowired
    AdjustablePolicyClock policyClock;

    @AfterEach
    void resetPolicyClock() {
        policyClock.reset();
    }

    @Test
    void uc3_1_noDisconnectionDuringTheGracePeriodAfterTheCreditIsExhausted() {
        String p = Fixtures.unique("GR").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        TestHttp ops = operator();
        ReferenceHes hes = PrepaidHes.start(port);
        try {
            VirtualMeter meter = hes.fleet().meter("PPH1");
            PrepaidConsumer c = PrepaidConsumer.create(port, p, "Sita Ram", "2 Canal Road", null, "PPH1");
            recharge(admin, c.consumerNo(), 10_000, p + "P1");
            // Two days of about ₹71 each: the balance goes below zero and the credit is exhausted.
            PrepaidHes.pushDays(port, c.meter(), LocalDate.of(2026, 6, 1), 2, "0.250");
            JsonNode status = Eventually.await(Duration.ofSeconds(30), () -> credit(admin, c.consumerNo()),
                    s -> s.get("exhaustedSince").isString());
            assertThat(status.get("balancePaise").asLong()).isNegative();
            Instant exhausted = Instant.parse(status.get("exhaustedSince").asString());
            Instant graceUntil = Instant.parse(status.get("gracePeriodUntil").asString());
            assertThat(Duration.between(exhausted, graceUntil)).isEqualTo(Duration.ofHours(24));

            // The engine's own disconnection is refused by the grace-period veto, naming it.
            JsonNode own = Eventually.await(Duration.ofSeconds(15), () -> Fixtures.latestCommand(admin, c.meter(), "DISCONNECT"),
                    x -> x != null && x.get("state").asString().equals("REFUSED"));
            assertThat(own.get("requestedBy").asString()).isEqualTo("prepaid");
            assertThat(own.get("refusalRule").asString()).isEqualTo("prepaid-grace-period");
            assertThat(own.get("stateReason").asString()).contains(c.consumerNo()).contains("grace period until");
            // So is anybody else's during the grace period.
            JsonNode staff = disconnect(ops, c.meter(), Fixtures.unique("gr-"));
            assertThat(staff.get("state").asString()).isEqualTo("REFUSED");
            assertThat(staff.get("refusalRule").asString()).isEqualTo("prepaid-grace-period");
            assertThat(meter.relayConnected()).isTrue();

            // Once the grace has run out (a weekday morning after it), the disconnection goes through to the meter.
            policyClock.set(PrepaidHes.weekdayMorningAfter(graceUntil));
            JsonNode after = disconnect(ops, c.meter(), Fixtures.unique("gr-"));
            assertThat(after.get("state").asString()).isNotEqualTo("REFUSED");
            assertThat(awaitFinal(ops, after.get("id").asLong()).get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(meter.relayConnected()).isFalse();
        } finally {
            PrepaidHes.stop(hes, port);
        }
    }

    @Test
    void uc3_1_emergencyCreditKeepsTheSupplyAndTheNextRechargeRecoversIt() {
        String p = Fixtures.unique("EC").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        TestHttp ops = operator();
        ReferenceHes hes = PrepaidHes.start(port);
        try {
            PrepaidConsumer c = PrepaidConsumer.create(port, p, "Abdul Karim", "9 Station Road", null, "PPH2");
            recharge(admin, c.consumerNo(), 10_000, p + "P1");
            PrepaidHes.pushDays(port, c.meter(), LocalDate.of(2026, 6, 1), 2, "0.250");
            long exhausted = Eventually.await(Duration.ofSeconds(30), () -> credit(admin, c.consumerNo()),
                    s -> s.get("exhaustedSince").isString()).get("balancePaise").asLong();
            assertThat(exhausted).isNegative().isGreaterThan(-10_000);

            // At night the consumer takes emergency credit (₹100, available below ₹50) through the call centre.
            TestHttp.Response taken = ops.postJson("/api/v1/prepaid/accounts/" + c.consumerNo() + "/emergency-credit",
                    Map.of("channel", "CALL_CENTRE"), Map.of("Idempotency-Key", p + "EC1"));
            assertThat(taken.status()).as(taken.body()).isEqualTo(201);
            assertThat(taken.json().get("amountPaise").asLong()).isEqualTo(10_000);
            assertThat(taken.json().get("balanceAfterPaise").asLong()).isEqualTo(exhausted + 10_000);
            // It restores the credit: the grace period ends, the engine asks for a reconnection.
            JsonNode status = credit(admin, c.consumerNo());
            assertThat(status.get("exhaustedSince").isNull()).isTrue();
            assertThat(status.get("gracePeriodUntil").isNull()).isTrue();
            assertThat(status.get("emergencyCredit").get("outstandingPaise").asLong()).isEqualTo(10_000);
            assertThat(status.get("emergencyCredit").get("available").asBoolean()).isFalse();
            assertThat(Eventually.await(Duration.ofSeconds(15), () -> Fixtures.latestCommand(admin, c.meter(), "CONNECT"),
                    x -> x != null).get("requestedBy").asString()).isEqualTo("prepaid");

            // While it lasts, no disconnection goes out, even at an hour every other rule allows.
            JsonNode refused = disconnect(ops, c.meter(), Fixtures.unique("ec-"));
            assertThat(refused.get("state").asString()).isEqualTo("REFUSED");
            assertThat(refused.get("refusalRule").asString()).isEqualTo("prepaid-emergency-credit");
            assertThat(refused.get("stateReason").asString()).contains("₹100.00 outstanding");

            // The next recharge pays it back first: a recovery entry, visible on the receipt and in the ledger.
            TestHttp.Response receipt = recharge(admin, c.consumerNo(), 50_000, p + "P2");
            assertThat(receipt.json().get("emergencyCreditRecoveredPaise").asLong()).isEqualTo(10_000);
            long balance = exhausted + 10_000 + 50_000 - 10_000;
            assertThat(receipt.json().get("balanceAfterPaise").asLong()).isEqualTo(balance);
            assertThat(wallet.balance(c.consumerNo())).isEqualTo(balance);
            Wallet.Entry recovery = wallet.entries(c.consumerNo(), 5).get(0);
            assertThat(recovery.kind()).isEqualTo(Wallet.Kind.EMERGENCY_RECOVERY);
            assertThat(recovery.amountPaise()).isEqualTo(-10_000);
            assertThat(recovery.reference()).isEqualTo(p + "P2");
            assertThat(credit(admin, c.consumerNo()).get("emergencyCredit").get("outstandingPaise").asLong()).isZero();
            // The same payment posted again (a bank's retry) recovers nothing more.
            assertThat(recharge(admin, c.consumerNo(), 50_000, p + "P2").json().get("balanceAfterPaise").asLong())
                    .isEqualTo(balance);
            assertThat(wallet.balance(c.consumerNo())).isEqualTo(balance);

            // Recovered: the veto is lifted.
            JsonNode allowed = disconnect(ops, c.meter(), Fixtures.unique("ec-"));
            assertThat(allowed.get("state").asString()).isNotEqualTo("REFUSED");
            awaitFinal(ops, allowed.get("id").asLong());
        } finally {
            PrepaidHes.stop(hes, port);
        }
    }

    @Test
    void emergencyCreditIsRefusedNamingTheFieldAndChangesNothing() {
        String p = Fixtures.unique("ER").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        TestHttp ops = operator();
        String viewerName = Fixtures.staffUser(port, "ecview", List.of("VIEWER"));
        TestHttp viewer = TestHttp.staffApi(port, viewerName, Fixtures.password(viewerName));
        PrepaidConsumer c = PrepaidConsumer.create(port, p, "Lata Shah", "1 Hill Road", null);
        String path = "/api/v1/prepaid/accounts/" + c.consumerNo() + "/emergency-credit";

        // No prepaid account yet (nothing ever posted): not found, nothing created.
        assertThat(field(ops.postJson(path, Map.of(), Map.of("Idempotency-Key", p + "K0")), 404)).isEqualTo("consumerNo");
        assertThat(field(ops.postJson("/api/v1/prepaid/accounts/" + p + "NOBODY/emergency-credit", Map.of(),
                Map.of("Idempotency-Key", p + "K0")), 404)).isEqualTo("consumerNo");
        recharge(admin, c.consumerNo(), 20_000, p + "P1");

        // ₹200 is not below the ₹50 where emergency credit becomes available.
        assertThat(field(ops.postJson(path, Map.of(), Map.of("Idempotency-Key", p + "K1")), 409)).isEqualTo("balancePaise");
        // Bad input and the wrong role.
        assertThat(field(ops.postJson(path, Map.of(), Map.of()), 400)).isEqualTo("Idempotency-Key");
        assertThat(field(ops.postJson(path, Map.of(), Map.of("Idempotency-Key", "no spaces allowed")), 400))
                .isEqualTo("Idempotency-Key");
        assertThat(field(ops.postJson(path, Map.of("channel", "<script>"), Map.of("Idempotency-Key", p + "K2")), 400))
                .isEqualTo("channel");
        assertThat(viewer.postJson(path, Map.of(), Map.of("Idempotency-Key", p + "K3")).status()).isEqualTo(403);
        assertThat(wallet.balance(c.consumerNo())).isEqualTo(20_000);
        assertThat(wallet.entries(c.consumerNo(), 10)).hasSize(1);

        // Below ₹50 it is granted once; the same key again is the same entry, another key is refused.
        wallet.post(c.consumerNo(), Wallet.Kind.ADJUSTMENT, -17_000, p + "ADJ", null, null, "test");
        TestHttp.Response first = ops.postJson(path, Map.of(), Map.of("Idempotency-Key", p + "K4"));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        TestHttp.Response again = ops.postJson(path, Map.of(), Map.of("Idempotency-Key", p + "K4"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("repeated").asBoolean()).isTrue();
        assertThat(again.json().get("entryId").asLong()).isEqualTo(first.json().get("entryId").asLong());
        TestHttp.Response second = ops.postJson(path, Map.of(), Map.of("Idempotency-Key", p + "K5"));
        assertThat(field(second, 409)).isEqualTo("emergencyCreditOutstandingPaise");
        assertThat(wallet.balance(c.consumerNo())).isEqualTo(3_000 + 10_000);
        assertThat(wallet.entries(c.consumerNo(), 10).stream().filter(e -> e.kind() == Wallet.Kind.EMERGENCY_CREDIT))
                .hasSize(1);
    }

    @Test
    void concurrentEmergencyCreditRequestsAndRechargesRecoverItExactlyOnce() throws Exception {
        String p = Fixtures.unique("EK").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        PrepaidConsumer c = PrepaidConsumer.create(port, p, "Mohan Das", "5 Lake Road", null);
        recharge(admin, c.consumerNo(), 1_000, p + "P0");
        String path = "/api/v1/prepaid/accounts/" + c.consumerNo() + "/emergency-credit";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // Eight requests under different keys at once: exactly one is granted.
            List<Callable<Integer>> takes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String key = p + "T" + i;
                takes.add(() -> Fixtures.admin(port).postJson(path, Map.of(), Map.of("Idempotency-Key", key)).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(takes)) {
                statuses.add(f.get());
            }
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
            assertThat(statuses.stream().filter(s -> s == 409)).hasSize(7);

            // Four recharges of ₹30, each sent twice, at once: together they pay back the ₹100 exactly once.
            List<Callable<Integer>> recharges = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String reference = p + "R" + (i % 4);
                recharges.add(() -> Fixtures.admin(port).postJson("/api/v1/prepaid/recharges", Map.of("consumerNo",
                        c.consumerNo(), "amountPaise", 3_000, "paymentReference", reference, "channel", "UPI")).status());
            }
            for (Future<Integer> f : pool.invokeAll(recharges)) {
                assertThat(f.get()).isIn(200, 201);
            }
        } finally {
            pool.shutdown();
        }
        List<Wallet.Entry> entries = wallet.entries(c.consumerNo(), 100);
        assertThat(entries.stream().filter(e -> e.kind() == Wallet.Kind.RECHARGE)).hasSize(5);
        assertThat(entries.stream().filter(e -> e.kind() == Wallet.Kind.EMERGENCY_RECOVERY)
                .mapToLong(Wallet.Entry::amountPaise).sum()).isEqualTo(-10_000);
        long expected = 1_000 + 10_000 + 4 * 3_000 - 10_000;
        assertThat(wallet.balance(c.consumerNo())).isEqualTo(expected);
        assertThat(credit(admin, c.consumerNo()).get("emergencyCredit").get("outstandingPaise").asLong()).isZero();
        // The running balance of every entry is the sum of the entries before it: no lost update.
        long running = 0;
        for (int i = entries.size() - 1; i >= 0; i--) {
            Wallet.Entry e = entries.get(i);
            running += e.amountPaise();
            assertThat(e.balanceAfterPaise()).isEqualTo(running);
        }
        assertThat(running).isEqualTo(expected);
    }

    private TestHttp operator() {
        synchronized (OPERATORS) {
            String user = OPERATORS.computeIfAbsent(port, x -> Fixtures.staffUser(port, "ppop", List.of("OPERATOR")));
            return TestHttp.staffApi(port, user, Fixtures.password(user));
        }
    }

    private static TestHttp.Response recharge(TestHttp admin, String consumer, long paise, String reference) {
        TestHttp.Response r = admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer,
                "amountPaise", paise, "paymentReference", reference, "channel", "UPI"));
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r;
    }

    private static JsonNode credit(TestHttp api, String consumer) {
        TestHttp.Response r = api.get("/api/v1/prepaid/accounts/" + consumer + "/credit");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode disconnect(TestHttp ops, String meter, String key) {
        TestHttp.Response r = ops.postJson("/api/v1/commands", Map.of("type", "DISCONNECT", "meterSerialNo", meter,
                "reason", "prepaid arrears", "parameters", Map.of()), Map.of("Idempotency-Key", key));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static JsonNode awaitFinal(TestHttp ops, long id) {
        return Eventually.await(Duration.ofSeconds(20), () -> ops.get("/api/v1/commands/" + id).json(),
                c -> List.of("REFUSED", "SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED").contains(c.get("state").asString()));
    }

    private static String field(TestHttp.Response problem, int status) {
        assertThat(problem.status()).as(problem.body()).isEqualTo(status);
        return problem.json().get("errors").get(0).get("field").asString();
    }
}

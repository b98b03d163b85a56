package org.urja.mdms.migration;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.billing.BillingTestData;
import org.urja.mdms.network.ServiceHistory;
import org.urja.mdms.platform.Money;
import org.urja.mdms.prepaid.Wallet;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.support.AdjustablePolicyClock;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesReadings;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.migration.MigrationFixtures.awaitState;
import static org.urja.mdms.migration.MigrationFixtures.steps;
import static org.urja.mdms.migration.MigrationFixtures.trail;
import static org.urja.mdms.migration.MigrationFixtures.trailOfRetries;

/**
 * UC14: a prepaid consumer moved back to postpaid, end to end through the migration API, the command service (and
 * its disconnection policy) and the reference HES over HTTP, ending with the wallet's credit handed to billing.
 */
@UrjaIntegrationTest
class UC14PrepaidToPostpaidMigrationTests {

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Autowired
    Wallet wallet;

    @Autowired
    AdjustablePolicyClock policyClock;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    IntervalData intervals;

    @Autowired
    ServiceHistory history;

    /** A prepaid consumer on a prepaid meter of the HES, with ₹500 recharged; returns {consumer, meter}. */
    private String[] prepaidConsumer(String p, VirtualMeter meter) {
        String consumer = MigrationFixtures.consumer(port, p, MigrationFixtures.meterRow(meter, p));
        assertThat(Fixtures.admin(port).postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer,
                "amountPaise", 50_000, "paymentReference", p + "PAY1", "channel", "UPI")).status()).isEqualTo(201);
        return new String[] {consumer, meter.spec().serialNo()};
    }

    @Test
    void uc14_1to14_10_prepaidConsumerBecomesPostpaidAndBillingGetsTheCreditBalance() {
        TestHes.get(port);
        VirtualMeter meter = MigrationFixtures.unregisteredFleetMeter(port, PaymentMode.PREPAID);
        String p = Fixtures.unique("MD").toUpperCase() + "-";
        String[] c = prepaidConsumer(p, meter);
        String consumer = c[0];
        String serial = c[1];
        TestHttp billing = MigrationFixtures.billing(port);
        TestHttp admin = Fixtures.admin(port);

        // UC14.1: the request; bad ones first (a prepaid move needs no opening balance; not from an operator).
        TestHttp.Response opening = billing.postJson("/api/v1/migrations", Map.of("reference", p + "CRM-1",
                "consumerNo", consumer, "targetMode", "POSTPAID", "openingBalancePaise", 100));
        assertThat(opening.status()).isEqualTo(400);
        assertThat(MigrationFixtures.field(opening)).isEqualTo("openingBalancePaise");
        String operator = Fixtures.staffUser(port, "ops", List.of("OPERATOR"));
        assertThat(TestHttp.staffApi(port, operator, Fixtures.password(operator)).postJson("/api/v1/migrations",
                Map.of("reference", p + "CRM-1", "consumerNo", consumer, "targetMode", "POSTPAID")).status())
                .isEqualTo(403);
        TestHttp.Response created = billing.postJson("/api/v1/migrations", Map.of("reference", p + "CRM-1",
                "consumerNo", consumer, "targetMode", "POSTPAID"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        JsonNode done = awaitState(billing, id, "COMPLETED");
        assertThat(trailOfRetries(done)).containsExactly("14.1 DONE", "14.2 DONE", "14.3 DONE", "14.4 DONE", "14.5 DONE",
                "14.6 DONE", "14.7 DONE", "- DONE", "- DONE", "14.8 DONE", "14.9 DONE", "14.10 DONE");

        // UC14.2–14.3: the meter was read before anything changed, with the credit it held.
        String firstRead = steps(done, "READ_BEFORE_REQUEST").get(0).get("reference").asString();
        assertThat(admin.get("/api/v1/hes-exchange/read-requests/" + firstRead).json().get("meters").get(0)
                .get("state").asString()).isEqualTo("RECEIVED");
        long meterCredit = meter.credit().movePointRight(2).longValueExact();
        assertThat(done.get("meterCreditPaise").asLong()).isEqualTo(meterCredit);
        assertThat(steps(done, "READ_BEFORE_VERIFICATION").get(0).get("reason").asString())
                .contains("credit in the meter ₹" + meter.credit().toPlainString());

        // UC14.4–14.7 and the reconnection: disconnect, postpaid mode with an engineering token, reconnect — each
        // confirmed by the meter, in that order.
        List<String> sequence = new ArrayList<>();
        for (String step : List.of("DISCONNECT_COMMAND", "PAYMENT_MODE_COMMAND", "RECONNECT_COMMAND")) {
            JsonNode command = admin.get("/api/v1/commands/" + steps(done, step).get(0).get("reference").asLong()).json();
            assertThat(command.get("state").asString()).as(step).isEqualTo("SUCCEEDED");
            assertThat(command.get("requestedBy").asString()).isEqualTo("migration");
            sequence.add(command.get("type").asString());
        }
        assertThat(sequence).containsExactly("DISCONNECT", "SET_PAYMENT_MODE", "CONNECT");
        JsonNode mode = admin.get("/api/v1/commands/" + steps(done, "PAYMENT_MODE_COMMAND").get(0).get("reference")
                .asLong()).json().get("parameters");
        assertThat(mode.get("paymentMode").asString()).isEqualTo("POSTPAID");
        assertThat(mode.get("engineeringToken").asString()).matches("[0-9]{20}");
        assertThat(meter.paymentMode()).isEqualTo(PaymentMode.POSTPAID);
        assertThat(meter.relayConnected()).isTrue();
        JsonNode state = admin.get("/api/v1/meters/" + serial + "/state").json().get("properties");
        assertThat(state.get("relay").get("value").asString()).isEqualTo("CONNECTED");
        assertThat(state.get("paymentMode").get("value").asString()).isEqualTo("POSTPAID");

        // UC14.8–14.9: read again after the switch.
        String lastRead = steps(done, "READ_REQUEST").get(0).get("reference").asString();
        assertThat(lastRead).isNotEqualTo(firstRead);
        assertThat(admin.get("/api/v1/hes-exchange/read-requests/" + lastRead).json().get("meters").get(0)
                .get("state").asString()).isEqualTo("RECEIVED");

        // UC14.10: the wallet is closed, its credit carried to the first postpaid bill; the registry says postpaid;
        // billing and CIS/CRM are told, with the credit balance.
        Wallet.Entry closing = wallet.entries(consumer, 1).get(0);
        assertThat(closing.kind()).isEqualTo(Wallet.Kind.REFUND);
        assertThat(closing.balanceAfterPaise()).isZero();
        long finalBalance = -closing.amountPaise();
        assertThat(finalBalance).isPositive().isLessThanOrEqualTo(50_000L);
        assertThat(wallet.balance(consumer)).isZero();
        assertThat(admin.get("/api/v1/meters/" + serial).json().get("meter").get("paymentMode").asString())
                .isEqualTo("POSTPAID");
        MigrationCompleted event = Eventually.await(Duration.ofSeconds(5), () -> committed.of(MigrationCompleted.class)
                .stream().filter(e -> e.migrationId() == id).findFirst().orElse(null), e -> e != null);
        assertThat(event.paymentMode()).isEqualTo(org.urja.mdms.network.PaymentMode.POSTPAID);
        assertThat(event.consumerNo()).isEqualTo(consumer);
        assertThat(event.meterSerialNo()).isEqualTo(serial);
        assertThat(event.walletBalancePaise()).isEqualTo(finalBalance);
        assertThat(event.meterCreditPaise()).isEqualTo(meterCredit);
        // … through the integration feed (webhooks and pull) that billing and CIS/CRM read.
        var shared = org.urja.mdms.support.Feeds.event(port, "MigrationCompleted", "migrationId", id).get("data");
        assertThat(shared.get("walletBalancePaise").asLong()).isEqualTo(finalBalance);
        assertThat(shared.get("paymentMode").asString()).isEqualTo("POSTPAID");
        assertThat(event.readingKwh()).isNotNull();
        assertThat(done.get("walletBalancePaise").asLong()).isEqualTo(finalBalance);
        // The wallet is closed: a recharge for the consumer now is refused (the money belongs to their bill).
        TestHttp.Response late = admin.postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", consumer,
                "amountPaise", 10_000, "paymentReference", Fixtures.unique("late-"), "channel", "CASH_COUNTER"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("errors").get(0).get("field").asString()).isEqualTo("consumerNo");
        assertThat(admin.get("/api/v1/prepaid/accounts/" + consumer).json().get("balancePaise").asLong()).isZero();

        // A prepaid day from before the switch arrives late: it is judged as prepaid (the mode of its day), but the
        // wallet is closed, so the charging run reports it as not chargeable, with why, and leaves the wallet alone.
        LocalDate before = LocalDate.now(HesReadings.IST).minusDays(3);
        int slots = 1440 / meter.spec().intervalMinutes();
        HesReadings.send(port, List.of(HesReadings.day(serial, before, meter.spec().intervalMinutes(),
                HesReadings.flat(slots, "0.200"))));
        Eventually.await(Duration.ofSeconds(20), () -> intervals.asReceived(serial, Channel.KWH_IMPORT, before)
                .orElse(null), d -> d != null && d.presentCount() == slots);
        TestHttp.Response run = billing.postJson("/api/v1/prepaid/charging-runs", Map.of("day", before.toString()));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        JsonNode notCharged = null;
        for (JsonNode n : run.json().get("notCharged")) {
            if (n.get("meterSerialNo").asString().equals(serial)) {
                notCharged = n;
            }
        }
        assertThat(notCharged).as(run.body()).isNotNull();
        assertThat(notCharged.get("consumerNo").asString()).isEqualTo(consumer);
        assertThat(notCharged.get("day").asString()).isEqualTo(before.toString());
        assertThat(notCharged.get("reason").asString()).startsWith("prepaid wallet closed on "
                + LocalDate.now(HesReadings.IST));
        assertThat(wallet.entries(consumer, 1).get(0).id()).isEqualTo(closing.id());
        assertThat(wallet.balance(consumer)).isZero();
        assertThat(history.paymentMode(p + "SP1", before)).contains(org.urja.mdms.network.PaymentMode.PREPAID);
    }

    /**
     * UC14.10 in billing: the closed wallet's final balance reaches the consumer's bill account once (the event
     * delivered again changes nothing), as its own line of the first postpaid bill (April 2026, the DOM tariff of
     * docs/billing.md, 5 kW, 0.1 kWh every quarter hour), reducing the amount payable; the next bill carries only
     * the arrears. Hand-checked in docs/billing.md "A migrated consumer's first postpaid bill".
     */
    @Test
    void uc14_10_closedWalletsFinalBalanceIsCreditedOnceOnTheFirstPostpaidBill() throws Exception {
        TestHes.get(port);
        VirtualMeter meter = MigrationFixtures.unregisteredFleetMeter(port, PaymentMode.PREPAID);
        assertThat(meter.spec().multiplier()).isEqualByComparingTo(BigDecimal.ONE);
        String p = Fixtures.unique("MB").toUpperCase() + "-";
        String[] c = prepaidConsumer(p, meter);
        String consumer = c[0];
        String serial = c[1];
        TestHttp billing = MigrationFixtures.billing(port);
        TestHttp.Response created = billing.postJson("/api/v1/migrations", Map.of("reference", p + "CRM-1",
                "consumerNo", consumer, "targetMode", "POSTPAID"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        JsonNode done = awaitState(billing, id, "COMPLETED");
        long finalBalance = done.get("walletBalancePaise").asLong();
        Wallet.Entry closing = wallet.entries(consumer, 1).get(0);
        assertThat(closing.kind()).isEqualTo(Wallet.Kind.REFUND);
        assertThat(-closing.amountPaise()).isEqualTo(finalBalance).isPositive().isLessThanOrEqualTo(50_000L);

        // The credit is in the bill account before any bill: the consumer owes minus the credit.
        JsonNode before = Eventually.await(Duration.ofSeconds(15), () -> billing.get("/api/v1/consumers/" + consumer
                + "/bills"), r -> r.status() == 200).json();
        assertThat(before.get("outstandingPaise").asLong()).isEqualTo(-finalBalance);
        assertThat(before.get("bills").size()).isZero();

        // The event delivered again (as the publication registry resubmits it) is posted once.
        MigrationCompleted event = committed.of(MigrationCompleted.class).stream().filter(e -> e.migrationId() == id)
                .findFirst().orElseThrow();
        tx.executeWithoutResult(s -> events.publishEvent(event));
        Eventually.await(Duration.ofSeconds(15), () -> jdbc.sql("""
                        SELECT count(*) FROM event_publication WHERE listener_id LIKE '%BillService%'
                          AND event_type LIKE '%MigrationCompleted' AND serialized_event LIKE ?
                          AND completion_date IS NOT NULL""")
                .param("%\"migrationId\":" + id + ",%").query(Long.class).single(), n -> n == 2);
        assertThat(billing.get("/api/v1/consumers/" + consumer + "/bills").json().get("outstandingPaise").asLong())
                .isEqualTo(-finalBalance);

        // Two months as postpaid, a 30-day month and a 31-day one (April–May 2026, or June–July, or September–October
        // when the shared test HES's collections for other tests already put data of this fleet meter there):
        // 0.1 kWh every quarter hour.
        TestHttp admin = Fixtures.admin(port);
        YearMonth month = java.util.stream.Stream.of("2026-04", "2026-06", "2026-09").map(YearMonth::parse)
                .filter(m -> admin.get("/api/v1/meters/" + serial + "/consumption?granularity=DAY&from=" + m.atDay(1)
                        + "&to=" + m.plusMonths(1).atEndOfMonth()).json().get("periods").valueStream()
                        .allMatch(d -> d.get("actualIntervals").asInt() + d.get("estimatedIntervals").asInt()
                                + d.get("editedIntervals").asInt() == 0))
                .findFirst().orElseThrow(() -> new AssertionError("every candidate month of " + serial + " has data"));
        BillingTestData data = new BillingTestData(port, committed, p);
        int minutes = meter.spec().intervalMinutes();
        BigDecimal perSlot = new BigDecimal("0.1").multiply(BigDecimal.valueOf(minutes)).divide(BigDecimal.valueOf(15));
        LocalDate from = month.atDay(1);
        LocalDate to = month.plusMonths(1).atEndOfMonth();
        data.push(serial, minutes, from, to, "interval.kWh.import", (day, slot) -> perSlot);
        data.awaitValidated(serial, from, to);
        String g = p + "G";
        data.group(g, List.of(p + "SP1"));
        data.determinants(billing, g, month.toString());
        String april = BillingTestData.bill(billing, g, month.toString(), month.plusMonths(1).atDay(5).toString())
                .get("billNos").get(0).asString();
        JsonNode first = billing.get("/api/v1/bills/" + april).json();
        long exact = 152_214 - finalBalance;
        long payable = BigDecimal.valueOf(exact).movePointLeft(2).setScale(0, RoundingMode.HALF_UP).longValueExact() * 100;
        String credit = "ADJUSTMENT|Prepaid wallet final balance (migration " + p + "CRM-1)|-|" + -finalBalance;
        List<String> lines = new ArrayList<>(List.of(
                "FIXED|Fixed charge|5|55000",
                "ENERGY|Energy 0–200 units|200|60000",
                "ENERGY|Energy 200–400 units|88|39600",
                "TOD|ToD PEAK +20%|48|3320",
                "TOD|ToD SOLAR -20%|96|-6640",
                "LEVY|PPAC 3.5%|96280|3370",
                "LEVY|Electricity duty 5%|151280|7564",
                "SUBSIDY|State subsidy|100|-10000",
                credit));
        if (payable != exact) {
            lines.add("ROUNDING|Rounding|-|" + (payable - exact));
        }
        BillingTestData.assertLines(first, lines);
        assertThat(first.get("currentChargesPaise").asLong()).isEqualTo(152_214);
        assertThat(first.get("arrearsPaise").asLong()).isZero();
        assertThat(first.get("payablePaise").asLong()).isEqualTo(payable);
        assertThat(first.get("standing").get("outstandingPaise").asLong()).isEqualTo(payable);
        assertThat(billing.get("/api/v1/consumers/" + consumer + "/bills").json().get("outstandingPaise").asLong())
                .isEqualTo(payable);
        assertThat(BillingTestData.pdfText(billing.getBytes("/api/v1/bills/" + april + "/pdf", 200)))
                .contains("Prepaid wallet final balance (migration " + p + "CRM-1)", "-" + Money.rupees(finalBalance));

        // May: the credit was shown once; May carries April's unpaid amount as arrears only.
        data.determinants(billing, g, month.plusMonths(1).toString());
        String may = BillingTestData.bill(billing, g, month.plusMonths(1).toString(), month.plusMonths(2).atDay(1).toString())
                .get("billNos").get(0).asString();
        JsonNode second = billing.get("/api/v1/bills/" + may).json();
        assertThat(second.get("lines").findValuesAsString("kind")).doesNotContain("ADJUSTMENT").contains("ARREARS");
        assertThat(second.get("currentChargesPaise").asLong()).isEqualTo(156_745);
        assertThat(second.get("arrearsPaise").asLong()).isEqualTo(payable);
        assertThat(billing.get("/api/v1/consumers/" + consumer + "/bills").json().get("outstandingPaise").asLong())
                .isEqualTo(second.get("payablePaise").asLong());
    }

    @Test
    void uc14_4_aDisconnectionRefusedByThePolicyHoursIsTriedAgainLater() {
        TestHes.get(port);
        VirtualMeter meter = MigrationFixtures.unregisteredFleetMeter(port, PaymentMode.PREPAID);
        String p = Fixtures.unique("ME").toUpperCase() + "-";
        String[] c = prepaidConsumer(p, meter);
        TestHttp billing = MigrationFixtures.billing(port);
        TestHttp admin = Fixtures.admin(port);
        // 21:00 IST on a Wednesday: no disconnection until 08:00.
        policyClock.set(Instant.parse("2026-03-11T15:30:00Z"));
        try {
            TestHttp.Response created = billing.postJson("/api/v1/migrations", Map.of("reference", p + "CRM-1",
                    "consumerNo", c[0], "targetMode", "POSTPAID"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long id = created.json().get("id").asLong();

            // The migration waits, showing why, and tries again (and is refused again) while the window is shut.
            JsonNode refused = Eventually.await(Duration.ofSeconds(30), () -> MigrationFixtures.migration(billing, id),
                    m -> steps(m, "DISCONNECT_COMMAND").size() >= 2);
            assertThat(refused.get("state").asString()).isIn("RETRY_SCHEDULED", "IN_PROGRESS");
            assertThat(refused.get("step").asString()).isEqualTo("DISCONNECT_COMMAND");
            JsonNode attempt = steps(refused, "DISCONNECT_COMMAND").get(0);
            assertThat(attempt.get("state").asString()).isEqualTo("FAILED");
            assertThat(attempt.get("reason").asString()).contains("no-disconnection-hours");
            JsonNode command = admin.get("/api/v1/commands/" + attempt.get("reference").asLong()).json();
            assertThat(command.get("state").asString()).isEqualTo("REFUSED");
            assertThat(command.get("refusalRule").asString()).isEqualTo("no-disconnection-hours");
            JsonNode waiting = Eventually.await(Duration.ofSeconds(10), () -> MigrationFixtures.migration(billing, id),
                    m -> m.get("state").asString().equals("RETRY_SCHEDULED"));
            assertThat(waiting.get("reason").asString()).contains("no-disconnection-hours").contains("tried again at");
            assertThat(waiting.get("nextAttemptAt").isNull()).isFalse();
            assertThat(meter.paymentMode()).isEqualTo(PaymentMode.PREPAID);
            assertThat(meter.relayConnected()).isTrue();

            // Morning: the next attempt goes through and the migration completes.
            policyClock.reset();
            JsonNode done = awaitState(billing, id, "COMPLETED");
            List<JsonNode> attempts = steps(done, "DISCONNECT_COMMAND");
            assertThat(attempts.size()).isGreaterThanOrEqualTo(3);
            assertThat(attempts.subList(0, attempts.size() - 1)).allSatisfy(a ->
                    assertThat(a.get("state").asString()).isEqualTo("FAILED"));
            assertThat(attempts.get(attempts.size() - 1).get("state").asString()).isEqualTo("DONE");
            assertThat(meter.paymentMode()).isEqualTo(PaymentMode.POSTPAID);
            assertThat(meter.relayConnected()).isTrue();
        } finally {
            policyClock.reset();
        }
    }
}

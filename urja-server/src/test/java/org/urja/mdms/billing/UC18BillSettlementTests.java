package org.urja.mdms.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.payment.SandboxPayer;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Feeds;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.billing.BillingTestData.assertLines;
import static org.urja.mdms.billing.BillingTestData.assertTotals;
import static org.urja.mdms.billing.UC2BillingDeterminantsTests.assertField;

/**
 * A domestic consumer's February and March bills (docs/billing.md "Arrears, surcharge and a revision"): February paid
 * in part through the sandbox gateway — settled once although its webhook comes twice; March carries the unpaid
 * balance as arrears and the late-payment surcharge; a late actual restates February's determinants, the bill awaits
 * a revision, and the revision supersedes it with the difference posted to the account; March paid in full leaves the
 * difference outstanding.
 */
@UrjaIntegrationTest
class UC18BillSettlementTests implements org.urja.mdms.support.HesUp {

    static final LocalDate FEB_1 = LocalDate.of(2026, 2, 1);
    static final LocalDate FEB_12 = LocalDate.of(2026, 2, 12);
    static final LocalDate MAR_1 = LocalDate.of(2026, 3, 1);
    static final LocalDate MAR_31 = LocalDate.of(2026, 3, 31);

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc18_partPaymentSettlesOnceArrearsAndSurchargeGoToTheNextBillAndARestatementRevisesTheBill() {
        String p = Fixtures.unique("BS").toUpperCase() + "-";
        BillingTestData data = new BillingTestData(port, committed, p);
        TestHttp admin = Fixtures.admin(port);
        String user = Fixtures.staffUser(port, "bill", List.of("BILLING"));
        TestHttp billing = TestHttp.staffApi(port, user, Fixtures.password(user));
        Fixtures.importChain(port, p);
        TestHttp.Response tariff = admin.postJson("/api/v1/tariffs", Map.of("tariff",
                UC18BillComputationTests.docTariffs(p).get(0), "reason", "Tariff order 2025-26"));
        assertThat(tariff.status()).as(tariff.body()).isEqualTo(201);
        String k = p + "K1";
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Kavita Sharma,"44 Nehru Nagar, Ghaziabad",4,%1$sDOM,,
                """.formatted(p));
        Fixtures.importCsv(port, "service-points", "code,consumer_no,address\n%1$sSP1,%1$sK1,Addr\n".formatted(p));
        String m = p + "M1";
        data.install(m, "SINGLE_PHASE_WC", 30, 1, "POSTPAID", p + "SP1", UC18BillComputationTests.FEB_1_IST);
        String g = p + "G";
        data.group(g, List.of(p + "SP1"));
        // 0.2 kWh each half hour; 12 Feb 10:00-11:00 (solar) not sent: VEE estimates 0.2 each.
        data.push(m, 30, FEB_1, MAR_31, "interval.kWh.import", (day, s) -> day.equals(FEB_12) && (s == 20 || s == 21)
                ? null : new BigDecimal("0.2"));
        data.awaitValidated(m, FEB_1, MAR_31);

        // February: 268.8 kWh, the DOM bill of docs/billing.md; bill date 2 March, due 17 March.
        JsonNode febRun = data.determinants(billing, g, "2026-02");
        assertThat(febRun.get("qualities").get("PARTLY_ESTIMATED").asInt()).isEqualTo(1);
        String b1 = BillingTestData.bill(billing, g, "2026-02", "2026-03-02").get("billNos").get(0).asString();
        JsonNode feb = billing.get("/api/v1/bills/" + b1).json();
        assertTotals(feb, 131_601, 0, 0, -1, 131_600, 133_600);
        assertThat(feb.get("dueDate").asString()).isEqualTo("2026-03-17");

        // ₹500 paid through the gateway; its webhook comes twice: settled once.
        JsonNode order = SandboxPayer.order(billing, "BILL_PAYMENT", k, b1, 50_000);
        SandboxPayer payer = new SandboxPayer(port);
        SandboxPayer.Returned paid = payer.pay(order.get("checkoutUrl").asString(), "UPI", "SUCCESS",
                Map.of("webhookCopies", "2", "webhookDelaySeconds", "1"));
        assertThat(paid.page().selectFirst("#outcome").text()).isEqualTo("Payment received");
        Eventually.await(Duration.ofSeconds(20), () -> payer.webhooks(paid.paymentId()), l -> l.size() == 2
                && l.findValuesAsString("status").stream().noneMatch("PENDING"::equals));
        JsonNode partly = Eventually.await(Duration.ofSeconds(10), () -> billing.get("/api/v1/bills/" + b1).json(),
                b -> b.get("standing").get("paidPaise").asLong() > 0);
        assertThat(partly.get("standing").get("status").asString()).isEqualTo("PARTLY_PAID");
        assertThat(partly.get("standing").get("paidPaise").asLong()).isEqualTo(50_000);
        assertThat(partly.get("standing").get("outstandingPaise").asLong()).isEqualTo(81_600);
        sleep(1500);
        JsonNode history = billing.get("/api/v1/consumers/" + k + "/bills").json();
        assertThat(history.get("outstandingPaise").asLong()).isEqualTo(81_600);
        // More than is outstanding, or another consumer's bill, is refused before the gateway is asked.
        assertField(order(billing, k, b1, 90_000L), 422, "amountPaise");
        assertField(order(billing, p + "K9", b1, 10_000L), 422, "consumerNo");

        // March, billed 5 April (after February's due date): arrears ₹816 and 1.5 % surcharge on them.
        data.determinants(billing, g, "2026-03");
        String b2 = BillingTestData.bill(billing, g, "2026-03", "2026-04-05").get("billNos").get(0).asString();
        JsonNode mar = billing.get("/api/v1/bills/" + b2).json();
        assertLines(mar, List.of(
                "FIXED|Fixed charge|4|44000",
                "ENERGY|Energy 0–200 units|200|60000",
                "ENERGY|Energy 200–400 units|97.6|43920",
                "TOD|ToD PEAK +20%|49.6|3464",
                "TOD|ToD SOLAR -20%|99.2|-6928",
                "LEVY|PPAC 3.5%|100456|3516",
                "LEVY|Electricity duty 5%|144456|7223",
                "SUBSIDY|State subsidy|100|-10000",
                "ARREARS|Arrears|-|81600",
                "LATE_PAYMENT_SURCHARGE|Late payment surcharge 1.5% of Rs 816.00 unpaid of " + b1
                        + " after 2026-03-17|-|1224",
                "ROUNDING|Rounding|-|-19"));
        assertTotals(mar, 145_195, 81_600, 1_224, -19, 228_000, 231_400);
        JsonNode febNow = billing.get("/api/v1/bills/" + b1).json().get("standing");
        assertThat(febNow.get("status").asString()).isEqualTo("PARTLY_PAID");
        assertThat(febNow.get("carriedInto").asString()).isEqualTo(b2);

        // The late actual of 12 Feb (0.7 kWh each instead of the estimated 0.2): determinants restated, the
        // February bill awaits a revision.
        data.push(m, 30, FEB_12, FEB_12, "interval.kWh.import", (day, s) -> s == 20 || s == 21
                ? new BigDecimal("0.7") : null);
        JsonNode due = Eventually.await(Duration.ofSeconds(60), () -> billing.get("/api/v1/bills/" + b1).json(),
                b -> !b.get("standing").get("revisionDueVersion").isNull());
        assertThat(due.get("standing").get("revisionDueVersion").asInt()).isEqualTo(2);
        TestHttp.Response revised = billing.postJson("/api/v1/bills/" + b1 + "/revisions",
                Map.of("reason", "late actual readings of 12 Feb"));
        assertThat(revised.status()).as(revised.body()).isEqualTo(201);
        JsonNode r1 = revised.json();
        assertThat(r1.get("billNo").asString()).isEqualTo(b1 + "-R1");
        assertThat(r1.get("revisionOf").asString()).isEqualTo(b1);
        assertThat(r1.get("determinantsVersion").asInt()).isEqualTo(2);
        assertLines(r1, List.of(
                "FIXED|Fixed charge|4|44000",
                "ENERGY|Energy 0–200 units|200|60000",
                "ENERGY|Energy 200–400 units|69.8|31410",
                "TOD|ToD PEAK +20%|44.8|3036",
                "TOD|ToD SOLAR -20%|90.6|-6139",
                "LEVY|PPAC 3.5%|88307|3091",
                "LEVY|Electricity duty 5%|132307|6615",
                "SUBSIDY|State subsidy|100|-10000",
                "ROUNDING|Rounding|-|-13"));
        assertThat(r1.get("revisionDifferencePaise").asLong()).isEqualTo(400);
        assertThat(r1.get("standing").get("paidPaise").asLong()).isEqualTo(50_000);
        JsonNode old = billing.get("/api/v1/bills/" + b1).json();
        assertThat(old.get("supersededBy").asString()).isEqualTo(b1 + "-R1");
        assertThat(old.get("standing").get("status").asString()).isEqualTo("SUPERSEDED");
        assertThat(old.get("payablePaise").asLong()).as("the old bill is kept as it was").isEqualTo(131_600);
        assertField(billing.postJson("/api/v1/bills/" + b1 + "/revisions", Map.of()), 409, "billNo");
        assertField(order(billing, k, b1, 10_000L), 422, "billReference");
        assertThat(Feeds.event(port, "BillIssued", "billNo", b1 + "-R1").get("data").get("revisionOf").asString())
                .isEqualTo(b1);

        // UC18.2: newest first; the difference is owed on top of March.
        history = billing.get("/api/v1/consumers/" + k + "/bills").json();
        assertThat(history.get("bills").findValuesAsString("billNo")).containsExactly(b2, b1 + "-R1", b1);
        assertThat(history.get("outstandingPaise").asLong()).isEqualTo(228_400);

        // March paid in full: an order without an amount pays what is outstanding of the bill.
        TestHttp.Response full = order(billing, k, b2, null);
        assertThat(full.status()).as(full.body()).isEqualTo(201);
        assertThat(full.json().get("amountPaise").asLong()).isEqualTo(228_000);
        new SandboxPayer(port).pay(full.json().get("checkoutUrl").asString(), "CARD", "SUCCESS", Map.of());
        JsonNode paidMarch = Eventually.await(Duration.ofSeconds(15), () -> billing.get("/api/v1/bills/" + b2).json(),
                b -> b.get("standing").get("status").asString().equals("PAID"));
        assertThat(paidMarch.get("standing").get("outstandingPaise").asLong()).isZero();
        assertThat(billing.get("/api/v1/consumers/" + k + "/bills").json().get("outstandingPaise").asLong())
                .isEqualTo(400);
        assertField(order(billing, k, b2, null), 422, "billReference");
    }

    private static TestHttp.Response order(TestHttp staff, String consumerNo, String bill, Long amountPaise) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purpose", "BILL_PAYMENT");
        body.put("consumerNo", consumerNo);
        body.put("billReference", bill);
        if (amountPaise != null) {
            body.put("amountPaise", amountPaise);
        }
        return staff.postJson("/api/v1/payments/orders", body, Map.of("Idempotency-Key", Fixtures.unique("pay-")));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

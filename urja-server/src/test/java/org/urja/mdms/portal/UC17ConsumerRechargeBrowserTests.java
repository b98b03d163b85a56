package org.urja.mdms.portal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.billing.BillingTestData;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.payment.SandboxPayer;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC16.4 (prepaid) and UC17.1–17.4 in real headless Chromium on a 360 px phone against the sandbox gateway over real
 * HTTP: a prepaid consumer sees the balance, recharges ₹500 by UPI, comes back to the portal's payment page with the
 * receipt (downloadable PDF) and the balance up; a failed payment shows FAILED and changes nothing; a pending one shows
 * PENDING and, polled with htmx, the final state once reconciliation learns it. One order per form even when it is
 * sent twice; another consumer's number, order or receipt is refused (404) and changes nothing.
 */
@UrjaIntegrationTest
class UC17ConsumerRechargeBrowserTests implements org.urja.mdms.support.HesUp {

    @LocalServerPort
    int port;

    @Autowired
    Payments payments;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CommittedEvents committed;

    private record Setup(String p, PortalFixtures.Consumer consumer, PortalFixtures.Signed signed, String other) {
    }

    /** A prepaid consumer registered in the portal, and another prepaid consumer (another person) beside them. */
    private Setup prepaidConsumer(String prefix, String name) {
        String p = PortalFixtures.prefix(prefix);
        Fixtures.importChain(port, p);
        var me = PortalFixtures.importConsumers(port, p, PortalFixtures.newMobile(), p.toLowerCase() + "me@example.in",
                name).get(0);
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sX1,Someone Else,"1 Other Street, Delhi",3,DOM,,
                """.formatted(p));
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %1$sM1,Genus,SINGLE_PHASE_WC,15,PREPAID,true,CELLULAR,CONSUMER,5.2,1,%1$sDT,
                %1$sMX,Genus,SINGLE_PHASE_WC,15,PREPAID,true,CELLULAR,CONSUMER,5.2,1,%1$sDT,
                """.formatted(p));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address,meter_serial_no,installed_at
                %1$sSP1,%1$sK1,"10 Gali 3, Shahdara, Delhi",%1$sM1,2026-04-01T00:00:00+05:30
                %1$sSPX,%1$sX1,"1 Other Street, Delhi",%1$sMX,2026-04-01T00:00:00+05:30
                """.formatted(p));
        return new Setup(p, me, PortalFixtures.registerAndSignIn(port, me, 0, 0), p + "X1");
    }

    private long walletBalance(String consumerNo) {
        return Fixtures.admin(port).get("/api/v1/prepaid/accounts/" + consumerNo).json().get("balancePaise").asLong();
    }

    private int recharges(String consumerNo) {
        int n = 0;
        for (JsonNode e : Fixtures.admin(port).get("/api/v1/prepaid/accounts/" + consumerNo).json().get("entries")) {
            n += e.get("kind").asString().equals("RECHARGE") ? 1 : 0;
        }
        return n;
    }


    @Test
    void uc17_1to17_4_aPrepaidConsumerRechargesByUpiSeesTheReceiptAndTheBalanceGoesUp() {
        Setup s = prepaidConsumer("RCB", "Sunita Devi");
        String k1 = s.consumer().consumerNo();

        try (Browser b = Browser.phone(port, "uc17-recharge")) {
            MoneyBrowsing.signIn(b, s.signed().credentials());
            // The menu offers balance and recharge (prepaid), not bills.
            List<String> menu = b.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList();
            assertThat(menu).contains("/portal/prepaid").doesNotContain("/portal/bills");
            b.click("li.function[data-path='/portal/prepaid'] a").waitForPath("/portal/prepaid");
            // UC16.4: the balance, no deductions or recharges yet.
            assertThat(b.text("section[data-consumer='" + k1 + "'] .wallet-balance")).isEqualTo("₹ 0.00");
            assertThat(b.all(".no-days")).hasSize(1);
            assertThat(b.all(".no-recharges")).hasSize(1);
            assertThat(b.pageText()).doesNotContain(s.other());

            // UC17.2: bad amounts are refused beside the field and place no order.
            b.fill("amount", "five hundred").click(".recharge-submit");
            assertThat(b.text(".amount-error")).contains("Enter an amount in rupees");
            b.fill("amount", "200000").click(".recharge-submit");
            assertThat(b.text(".amount-error")).contains("from ₹ 1 to ₹ 1,00,000");
            b.screenshot("recharge-refused");
            assertThat(MoneyBrowsing.orders(jdbc, k1)).isZero();

            // ₹500 by UPI: to the gateway's checkout and back to the portal.
            b.fill("amount", "500").screenshot("recharge-form");
            b.click(".recharge-submit");
            long orderId = MoneyBrowsing.checkout(b, "UPI", "SUCCESS");
            // UC17.4: the outcome, the receipt, the balance.
            b.waitForText("#outcome", "Payment successful");
            assertThat(b.find("#payment-status").getAttribute("data-outcome")).isEqualTo("SUCCEEDED");
            String receiptNo = b.text("#receipt");
            assertThat(receiptNo).matches("RC-\\d{4}-\\d{6}");
            assertThat(b.text("#amount")).isEqualTo("₹ 500.00");
            assertThat(b.text("#method")).isEqualTo("UPI");
            assertThat(b.text("#balance")).isEqualTo("₹ 500.00");
            assertThat(b.pageWidth()).isLessThanOrEqualTo(360);
            b.screenshot("recharge-succeeded");
            Payments.Order order = payments.find(orderId).orElseThrow();
            assertThat(order.state()).isEqualTo(Payments.State.PAID);
            assertThat(order.requestedBy()).isEqualTo("consumer:" + k1);
            assertThat(order.receipt().receiptNo()).isEqualTo(receiptNo);

            // The receipt downloads as a PDF with its number and amount.
            MoneyBrowsing.Download pdf = MoneyBrowsing.download(port, b, b.find("#receipt-pdf").getDomAttribute("href"));
            assertThat(pdf.status()).isEqualTo(200);
            assertThat(pdf.contentType()).isEqualTo("application/pdf");
            assertThat(pdf.disposition()).contains("attachment", receiptNo);
            assertThat(MoneyBrowsing.pdfText(pdf.body())).contains(receiptNo, k1, "Rs 500.00", "Prepaid recharge");

            // The wallet holds it once; the prepaid page shows the balance and the recharge with its receipt.
            assertThat(walletBalance(k1)).isEqualTo(50_000);
            assertThat(recharges(k1)).isEqualTo(1);
            b.click("#back-to-money").waitForPath("/portal/prepaid");
            assertThat(b.text("section[data-consumer='" + k1 + "'] .wallet-balance")).isEqualTo("₹ 500.00");
            assertThat(b.all("tr.recharge-row")).hasSize(1);
            assertThat(b.text("tr.recharge-row .receipt-link")).isEqualTo(receiptNo);
            b.screenshot("prepaid-after-recharge");

            // Hindi.
            b.go("/portal/prepaid?lang=hi");
            assertThat(b.pageText()).contains("शेष राशि और रिचार्ज", "रिचार्ज इतिहास", "₹ 500.00");
            b.screenshot("prepaid-hindi");
            b.go("/portal/prepaid?lang=en");
        }
    }

    @Test
    void uc17_3_aFailedPaymentChangesNothingAndAPendingOneShowsPendingThenTheFinalState() {
        Setup s = prepaidConsumer("RCF", "Mohan Lal");
        String k1 = s.consumer().consumerNo();

        try (Browser b = Browser.phone(port, "uc17-failed-pending")) {
            MoneyBrowsing.signIn(b, s.signed().credentials());
            // A failed payment: FAILED, nothing credited, the consumer may try again.
            b.go("/portal/prepaid").fill("amount", "200").click(".recharge-submit");
            long failed = MoneyBrowsing.checkout(b, "CARD", "FAILURE");
            b.waitForText("#outcome", "Payment failed");
            assertThat(b.find("#payment-status").getAttribute("data-outcome")).isEqualTo("FAILED");
            assertThat(b.all("#receipt")).isEmpty();
            assertThat(b.text("#balance")).isEqualTo("₹ 0.00");
            assertThat(b.all("#try-again")).hasSize(1);
            b.screenshot("recharge-failed");
            assertThat(payments.find(failed).orElseThrow().state()).isEqualTo(Payments.State.FAILED);
            assertThat(walletBalance(k1)).isZero();
            assertThat(recharges(k1)).isZero();

            // A pending one: PENDING (the page keeps asking), then the bank settles it at the gateway without a
            // webhook; reconciliation learns it and the page shows the outcome by itself.
            b.click("#try-again").waitForPath("/portal/prepaid");
            b.fill("amount", "300").click(".recharge-submit");
            long pending = MoneyBrowsing.checkout(b, "UPI", "PENDING");
            b.waitForText("#outcome", "Payment pending");
            assertThat(MoneyBrowsing.attribute(b, "payment-status", "hx-trigger")).isEqualTo("every 2s");
            assertThat(b.all("#receipt")).isEmpty();
            b.screenshot("recharge-pending");
            assertThat(walletBalance(k1)).isZero();
            String paymentId = payments.find(pending).orElseThrow().attempts().get(0).gatewayPaymentId();
            TestHttp tester = TestHttp.browser(port);
            TestHttp.Response settled = tester.postForm("/sandbox-gateway/payments/" + paymentId + "/settle",
                    Map.of("outcome", "SUCCESS"), "/sandbox-gateway/payments", true);
            assertThat(settled.status()).as(settled.body()).isEqualTo(302);
            Eventually.await(Duration.ofSeconds(30), () -> MoneyBrowsing.attribute(b, "payment-status", "data-outcome"),
                    "SUCCEEDED"::equals);
            assertThat(b.text("#outcome")).isEqualTo("Payment successful");
            assertThat(b.text("#receipt")).matches("RC-\\d{4}-\\d{6}");
            assertThat(b.text("#balance")).isEqualTo("₹ 300.00");
            assertThat(MoneyBrowsing.attribute(b, "payment-status", "hx-trigger")).isNull();
            b.screenshot("recharge-pending-then-succeeded");
            assertThat(walletBalance(k1)).isEqualTo(30_000);
            assertThat(recharges(k1)).isEqualTo(1);
        }
    }

    @Test
    void uc17_2_oneOrderPerFormAndAnotherConsumersNumberOrderOrReceiptIsRefused() {
        Setup s = prepaidConsumer("RCS", "Geeta Rani");
        String k1 = s.consumer().consumerNo();
        TestHttp web = s.signed().web();

        // The same form sent twice (a double click): one order, both answers go to its checkout.
        String page = web.get("/portal/prepaid").body();
        String key = Jsoup.parse(page).selectFirst("form.recharge-form input[name=idempotencyKey]").attr("value");
        Map<String, String> form = Map.of("consumerNo", k1, "amount", "250", "idempotencyKey", key);
        TestHttp.Response first = web.postForm("/portal/prepaid/recharge", form, "/portal/prepaid", true);
        TestHttp.Response second = web.postForm("/portal/prepaid/recharge", form, "/portal/prepaid", true);
        assertThat(first.status()).as(first.body()).isEqualTo(302);
        assertThat(first.location()).contains("/sandbox-gateway/checkout/");
        assertThat(second.location()).isEqualTo(first.location());
        assertThat(MoneyBrowsing.orders(jdbc, k1)).isEqualTo(1);
        // A form without its key is refused and orders nothing.
        TestHttp.Response keyless = web.postForm("/portal/prepaid/recharge", Map.of("consumerNo", k1, "amount", "250"),
                "/portal/prepaid", true);
        assertThat(keyless.status()).isEqualTo(400);
        assertThat(MoneyBrowsing.orders(jdbc, k1)).isEqualTo(1);

        // Another consumer's number, order and receipt: 404, and nothing is ordered for them.
        JsonNode theirs = SandboxPayer.order(Fixtures.admin(port), "PREPAID_RECHARGE", s.other(), null, 10_000);
        SandboxPayer.Returned paid = new SandboxPayer(port).pay(theirs.get("checkoutUrl").asString(), "UPI", "SUCCESS",
                Map.of());
        assertThat(paid.result().status()).isEqualTo(200);
        String theirReceipt = paid.page().selectFirst("#receipt").text();
        int theirOrders = MoneyBrowsing.orders(jdbc, s.other());
        TestHttp.Response refused = web.postForm("/portal/prepaid/recharge", Map.of("consumerNo", s.other(),
                "amount", "100", "idempotencyKey", java.util.UUID.randomUUID().toString()), "/portal/prepaid", true);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(MoneyBrowsing.orders(jdbc, s.other())).isEqualTo(theirOrders);
        assertThat(web.get("/portal/payments/" + theirs.get("id").asLong()).status()).isEqualTo(404);
        assertThat(web.get("/portal/payments/" + theirs.get("id").asLong() + "/status").status()).isEqualTo(404);
        assertThat(web.get("/portal/receipts/" + theirReceipt + "/pdf").status()).isEqualTo(404);
        assertThat(web.get("/portal/prepaid?consumerNo=" + s.other()).body()).doesNotContain(s.other());
        // Signed out: the pages are not served at all.
        assertThat(TestHttp.browser(port).get("/portal/prepaid").status()).isEqualTo(302);
        assertThat(TestHttp.browser(port).get("/portal/receipts/" + theirReceipt + "/pdf").status()).isEqualTo(302);
    }

    @Test
    void uc16_4_theDailyDeductionsOfTheLast30DaysMarkTheDaysChargedOnEstimatedData() {
        String p = PortalFixtures.prefix("RCD");
        String mobile = PortalFixtures.newMobile();
        String email = p.toLowerCase() + "deepa@example.in";
        Fixtures.importChain(port, p);
        TestHttp admin = Fixtures.admin(port);
        MoneyBrowsing.tariff(port, p + "DOM");
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Deepa Rawat,"3 Mall Road, Dehradun",2,%1$sDOM,%2$s,%3$s
                """.formatted(p, mobile, email));
        Fixtures.importCsv(port, "service-points", "code,consumer_no,address\n%1$sSP1,%1$sK1,\"3 Mall Road, Dehradun\"\n"
                .formatted(p));
        String k1 = p + "K1";
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
        LocalDate first = today.minusDays(3);
        LocalDate second = today.minusDays(2);
        BillingTestData data = new BillingTestData(port, committed, p);
        data.install(p + "M1", "SINGLE_PHASE_WC", 30, 1, "PREPAID", p + "SP1",
                first.minusDays(1).atStartOfDay(ZoneId.of("Asia/Kolkata")).toOffsetDateTime().toString());
        // 0.25 kWh each half hour; on the second day 10:00-11:00 did not arrive and VEE estimates it.
        data.push(p + "M1", 30, first, second, "interval.kWh.import", (day, slot) -> day.equals(second)
                && (slot == 20 || slot == 21) ? null : new BigDecimal("0.25"));
        data.awaitValidated(p + "M1", first, second);
        Eventually.await(Duration.ofSeconds(30), () -> admin.get("/api/v1/prepaid/accounts/" + k1).json().get("entries")
                .findValuesAsString("kind").stream().filter("DAILY_CHARGE"::equals).count(), n -> n == 2);
        var signed = PortalFixtures.registerAndSignIn(port, new PortalFixtures.Consumer(k1, "Deepa Rawat", mobile, email),
                0, 0);

        try (Browser b = Browser.phone(port, "uc16-daily-deductions")) {
            MoneyBrowsing.signIn(b, signed.credentials());
            b.go("/portal/prepaid");
            List<org.openqa.selenium.WebElement> days = b.all("tr.day-row");
            assertThat(days).extracting(e -> e.getAttribute("data-day"))
                    .containsExactly(second.toString(), first.toString());
            assertThat(days).extracting(e -> e.getAttribute("data-estimated")).containsExactly("true", "false");
            assertThat(days.get(0).getText()).contains("estimated", "12");
            assertThat(days.get(1).getText()).doesNotContain("estimated").contains("12");
            assertThat(b.pageText()).contains("charged partly on estimated readings");
            assertThat(b.pageWidth()).isLessThanOrEqualTo(360);
            ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript("arguments[0].scrollIntoView();",
                    days.get(0));
            b.screenshot("daily-deductions");
        }
    }
}

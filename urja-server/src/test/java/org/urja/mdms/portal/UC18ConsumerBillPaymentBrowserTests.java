package org.urja.mdms.portal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.billing.BillingTestData;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC16.4 (postpaid) and UC18.2–18.5 in real headless Chromium on a 360 px phone against the built-in bill engine and
 * the sandbox gateway over real HTTP: a postpaid consumer's February bill (issued from a month of interval data) in
 * the bill history with its status and outstanding amount, its lines, its PDF (fetched with the browser's session
 * cookie: a PDF naming the bill), an amount above the outstanding refused, then the bill paid by card — the payment
 * page shows the receipt and, once billing has taken the payment, the bill PAID. Another consumer's login gets 404 for
 * the bill, its PDF and its payment, and nothing is ordered.
 */
@UrjaIntegrationTest
class UC18ConsumerBillPaymentBrowserTests implements org.urja.mdms.support.HesUp {

    static final LocalDate FEB_1 = LocalDate.of(2026, 2, 1);
    static final LocalDate FEB_28 = LocalDate.of(2026, 2, 28);

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Autowired
    Payments payments;

    @Autowired
    JdbcClient jdbc;


    @Test
    void uc18_2to18_5_aPostpaidConsumerSeesBillsDownloadsThePdfAndPaysByCard() {
        String p = PortalFixtures.prefix("BLP");
        String mobile = PortalFixtures.newMobile();
        String email = p.toLowerCase() + "anil@example.in";
        String k2Mobile = PortalFixtures.newMobile();
        Fixtures.importChain(port, p);
        MoneyBrowsing.tariff(port, p + "DOM");
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Anil Kumar,"7 Lajpat Nagar, Delhi",4,%1$sDOM,%2$s,%3$s
                %1$sK2,Bina Kumari,"8 Lajpat Nagar, Delhi",3,%1$sDOM,%4$s,%5$s
                """.formatted(p, mobile, email, k2Mobile, p.toLowerCase() + "bina@example.in"));
        Fixtures.importCsv(port, "service-points", "code,consumer_no,address\n%1$sSP1,%1$sK1,\"7 Lajpat Nagar, Delhi\"\n"
                .formatted(p));
        String k1 = p + "K1";
        BillingTestData data = new BillingTestData(port, committed, p);
        data.install(p + "M1", "SINGLE_PHASE_WC", 30, 1, "POSTPAID", p + "SP1", "2026-02-01T00:00:00+05:30");
        data.push(p + "M1", 30, FEB_1, FEB_28, "interval.kWh.import", (day, slot) -> new BigDecimal("0.2"));
        data.awaitValidated(p + "M1", FEB_1, FEB_28);
        data.group(p + "G", List.of(p + "SP1"));
        String user = Fixtures.staffUser(port, "bill", List.of("BILLING"));
        TestHttp billing = TestHttp.staffApi(port, user, Fixtures.password(user));
        data.determinants(billing, p + "G", "2026-02");
        String billNo = BillingTestData.bill(billing, p + "G", "2026-02", "2026-03-02").get("billNos").get(0).asString();
        JsonNode issued = billing.get("/api/v1/bills/" + billNo).json();
        long payable = issued.get("payablePaise").asLong();
        String payableRupees = new BigDecimal(payable).movePointLeft(2).toPlainString();

        var me = new PortalFixtures.Consumer(k1, "Anil Kumar", mobile, email);
        var signed = PortalFixtures.registerAndSignIn(port, me, 0, 0);

        try (Browser b = Browser.phone(port, "uc18-bills")) {
            MoneyBrowsing.signIn(b, signed.credentials());
            List<String> menu = b.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList();
            assertThat(menu).contains("/portal/bills").doesNotContain("/portal/prepaid");
            b.click("li.function[data-path='/portal/bills'] a").waitForPath("/portal/bills");

            // UC18.2: the history with status and outstanding; the current bill; what is owed now.
            assertThat(b.all("tr.bill-row")).hasSize(1);
            assertThat(b.find("tr.bill-row").getAttribute("data-bill")).isEqualTo(billNo);
            assertThat(b.find("tr.bill-row").getAttribute("data-status")).isEqualTo("OVERDUE"); // due 17 March
            assertThat(b.text("tr.bill-row")).contains("2026-02", billNo, payableRupees, "Overdue");
            assertThat(b.text(".consumer-outstanding")).isEqualTo("₹ " + payableRupees);
            assertThat(b.text(".money-current .bill-no")).isEqualTo(billNo);
            assertThat(b.pageWidth()).isLessThanOrEqualTo(360);
            b.screenshot("bill-history");

            // The bill's details and its PDF (UC18.3 download), fetched as the browser would with its session.
            b.click(".current-bill-link").waitForPath("/portal/bills/" + billNo);
            assertThat(b.text("#payable")).isEqualTo("₹ " + payableRupees);
            assertThat(b.text("#outstanding")).isEqualTo("₹ " + payableRupees);
            assertThat(b.all("table.bill-lines tr[data-kind='ENERGY']")).isNotEmpty();
            b.screenshot("bill-details");
            MoneyBrowsing.Download pdf = MoneyBrowsing.download(port, b, b.find("#bill-pdf").getDomAttribute("href"));
            assertThat(pdf.status()).isEqualTo(200);
            assertThat(pdf.contentType()).isEqualTo("application/pdf");
            assertThat(pdf.disposition()).contains("attachment", billNo);
            assertThat(MoneyBrowsing.pdfText(pdf.body())).contains(billNo, k1, "Anil Kumar");

            // More than is outstanding: refused beside the field, nothing ordered.
            String above = new BigDecimal(payable + 100).movePointLeft(2).toPlainString();
            b.fill("amount", above).click("#pay-bill");
            assertThat(b.text("#amount-error")).contains("at most the outstanding amount");
            assertThat(MoneyBrowsing.orders(jdbc, k1)).isZero();

            // UC18.3-18.4: the outstanding amount by card at the gateway; UC18.5: receipt, and the bill PAID once
            // billing has taken the payment (the page keeps asking until then).
            b.fill("amount", payableRupees).click("#pay-bill");
            long orderId = MoneyBrowsing.checkout(b, "CARD", "SUCCESS");
            // (read once the page has stopped asking: htmx swaps the status part until billing has the payment)
            Eventually.await(Duration.ofSeconds(20), () -> MoneyBrowsing.attribute(b, "bill-status", "data-status"),
                    "PAID"::equals);
            assertThat(MoneyBrowsing.attribute(b, "payment-status", "hx-trigger")).isNull();
            assertThat(b.text("#outcome")).isEqualTo("Payment successful");
            String receiptNo = b.text("#receipt");
            assertThat(receiptNo).matches("RC-\\d{4}-\\d{6}");
            assertThat(b.text("#method")).isEqualTo("CARD");
            assertThat(b.text("#amount")).isEqualTo("₹ " + payableRupees);
            assertThat(b.text("#bill-status")).isEqualTo("Paid");
            b.screenshot("bill-paid");
            Payments.Order order = payments.find(orderId).orElseThrow();
            assertThat(order.state()).isEqualTo(Payments.State.PAID);
            assertThat(order.billReference()).isEqualTo(billNo);
            assertThat(order.requestedBy()).isEqualTo("consumer:" + k1);
            MoneyBrowsing.Download receipt = MoneyBrowsing.download(port, b, "/portal/receipts/" + receiptNo + "/pdf");
            assertThat(MoneyBrowsing.pdfText(receipt.body())).contains(receiptNo, "Bill " + billNo, "CARD");

            b.click("#back-to-money").waitForPath("/portal/bills");
            assertThat(b.find("tr.bill-row").getAttribute("data-status")).isEqualTo("PAID");
            assertThat(b.text(".consumer-outstanding")).isEqualTo("₹ 0.00");
            JsonNode standing = billing.get("/api/v1/bills/" + billNo).json().get("standing");
            assertThat(standing.get("status").asString()).isEqualTo("PAID");
            assertThat(standing.get("outstandingPaise").asLong()).isZero();
            // Paid: no payment form any more.
            b.go("/portal/bills/" + billNo);
            assertThat(b.all("#pay-form")).isEmpty();
            b.go("/portal/bills?lang=hi");
            assertThat(b.pageText()).contains("मेरे बिल", "बिल इतिहास", "भुगतान हो गया");
            b.screenshot("bills-hindi");
            b.go("/portal/bills?lang=en");
        }

        // Another consumer's login: the bill, its PDF and its payment are 404, and nothing is ordered.
        var them = PortalFixtures.registerAndSignIn(port, new PortalFixtures.Consumer(p + "K2", "Bina Kumari",
                k2Mobile, p.toLowerCase() + "bina@example.in"), 0, 0).web();
        assertThat(them.get("/portal/bills/" + billNo).status()).isEqualTo(404);
        assertThat(them.get("/portal/bills/" + billNo + "/pdf").status()).isEqualTo(404);
        String key = Jsoup.parse(them.get("/portal/bills").body()).select("input[name=idempotencyKey]").attr("value");
        TestHttp.Response pay = them.postForm("/portal/bills/" + billNo + "/pay", Map.of("amount", "1",
                "idempotencyKey", key.isEmpty() ? java.util.UUID.randomUUID().toString() : key), "/portal/bills", true);
        assertThat(pay.status()).isEqualTo(404);
        assertThat(them.get("/portal/bills").body()).doesNotContain(billNo);
        assertThat(MoneyBrowsing.orders(jdbc, k1)).isEqualTo(1);
        assertThat(MoneyBrowsing.orders(jdbc, p + "K2")).isZero();
    }
}

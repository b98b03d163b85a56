package org.urja.mdms.overview;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.billing.BillingTestData;
import org.urja.mdms.care.internal.SlaSweep;
import org.urja.mdms.payment.SandboxPayer;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesUp;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.tariff.ExampleTariffs;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer's account on the meter / consumer 360 page (issue 10, part 2) in real headless Chromium: a postpaid
 * consumer's February bill (the domestic bill of docs/billing.md, ₹1,316, part paid online), a service request past
 * its SLA and a billing complaint made through the care API, and a consumer whose account a new-connection request
 * opened. Each section shows the owning module's figures, and only to the roles that module lets read them.
 */
@UrjaIntegrationTest
class Meter360AccountBrowserTests implements HesUp {

    static final LocalDate FEB_1 = LocalDate.of(2026, 2, 1);
    static final LocalDate FEB_28 = LocalDate.of(2026, 2, 28);

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Autowired
    SlaSweep sweep;

    @Test
    void billsServiceRequestsAndComplaintsOfTheConsumerAppearWithTheirFiguresAndOnlyToRolesThatMayReadThem() {
        String p = Fixtures.unique("MA").toUpperCase() + "-";
        BillingTestData data = new BillingTestData(port, committed, p);
        TestHttp admin = Fixtures.admin(port);
        String billingUser = Fixtures.staffUser(port, "m360b", List.of("BILLING"));
        TestHttp billing = TestHttp.staffApi(port, billingUser, Fixtures.password(billingUser));
        Fixtures.importChain(port, p);
        TestHttp.Response tariff = admin.postJson("/api/v1/tariffs", Map.of("tariff",
                BillingTestData.domesticTariff(p), "reason", "Tariff order 2025-26"));
        assertThat(tariff.status()).as(tariff.body()).isEqualTo(201);
        String k = p + "K1";
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Kavita Sharma,"44 Nehru Nagar, Ghaziabad",4,%1$sDOM,+919811%2$s,
                """.formatted(p, String.format("%06d", Math.abs(p.hashCode()) % 1_000_000)));
        Fixtures.importCsv(port, "service-points", "code,consumer_no,address\n%1$sSP1,%1$sK1,Addr\n".formatted(p));
        String m = p + "M1";
        data.install(m, "SINGLE_PHASE_WC", 30, 1, "POSTPAID", p + "SP1", "2026-02-01T00:00:00+05:30");
        data.group(p + "G", List.of(p + "SP1"));

        // February: 0.2 kWh each half hour, 268.8 kWh: ₹1,316 payable (docs/billing.md), due 17 March.
        data.push(m, 30, FEB_1, FEB_28, "interval.kWh.import", (day, s) -> new BigDecimal("0.2"));
        data.awaitValidated(m, FEB_1, FEB_28);
        data.determinants(billing, p + "G", "2026-02");
        String bill = BillingTestData.bill(billing, p + "G", "2026-02", "2026-03-02").get("billNos").get(0).asString();
        // ₹500 paid through the gateway: ₹816 still owed.
        JsonNode order = SandboxPayer.order(billing, "BILL_PAYMENT", k, bill, 50_000);
        new SandboxPayer(port).pay(order.get("checkoutUrl").asString(), "UPI", "SUCCESS", Map.of());
        JsonNode history = Eventually.await(Duration.ofSeconds(20),
                () -> billing.get("/api/v1/consumers/" + k + "/bills").json(),
                h -> h.get("outstandingPaise").asLong() == 81_600);
        assertThat(history.get("bills").get(0).get("payablePaise").asLong()).isEqualTo(131_600);

        // A reconnection request left past its one-day SLA (flagged, escalated to level 1) and a billing complaint.
        String careUser = Fixtures.staffUser(port, "m360c", List.of("OPERATOR"));
        TestHttp care = TestHttp.staffApi(port, careUser, Fixtures.password(careUser));
        TestHttp.Response sr = care.postJson("/api/v1/service-requests", Map.of("type", "RECONNECTION", "consumerNo", k,
                        "details", Map.of("reason", "Arrears paid"), "channel", "CALL_CENTRE"),
                Map.of("Idempotency-Key", p + "SR"));
        assertThat(sr.status()).as(sr.body()).isEqualTo(201);
        String srn = sr.json().get("srn").asString();
        sweep.sweep(Instant.parse(sr.json().get("dueAt").asString()).plusSeconds(60));
        assertThat(care.get("/api/v1/service-requests/" + srn).json().get("escalationLevel").asInt()).isEqualTo(1);
        TestHttp.Response complaint = care.postJson("/api/v1/complaints", Map.of("category", "BILLING", "consumerNo", k,
                "channel", "CALL_CENTRE", "description", "February bill too high"), Map.of("Idempotency-Key", p + "C"));
        assertThat(complaint.status()).as(complaint.body()).isEqualTo(201);
        String crn = complaint.json().get("crn").asString();

        // Billing staff: every section, the bill's PDF, and links to the care desk.
        try (Browser browser = Browser.open(port, "meter-360-account")) {
            signIn(browser, billingUser);
            browser.go("/meters/" + m);
            browser.waitForText("#bills", bill);
            assertThat(browser.text("#outstanding")).isEqualTo("Outstanding now ₹ 816.00");
            assertThat(browser.find("tr[data-bill='" + bill + "']").getAttribute("data-status"))
                    .isEqualTo("PARTLY_PAID");
            assertThat(cells(browser, "tr[data-bill='" + bill + "'] td")).containsExactly(bill, "2026-02", "268.8 KWH",
                    "1316.00", "2026-03-17", "PARTLY_PAID", "816.00", "PDF");
            String pdf = browser.find("tr[data-bill='" + bill + "'] a").getAttribute("href");
            assertThat(pdf).endsWith("/customers/360/bills/" + bill + "/pdf");
            assertThat(fetch(browser, pdf)).isEqualTo("200 application/pdf %PDF");

            browser.waitForText("#service-requests", srn);
            assertThat(cells(browser, "tr[data-srn='" + srn + "'] td")).containsExactly(srn, "Reconnection of supply",
                    "OPEN", "breached, level 1", cell(sr.json(), "dueAt"), cell(sr.json(), "createdAt"));
            assertThat(browser.find("tr[data-srn='" + srn + "'] a").getAttribute("href"))
                    .endsWith("/care?consumerNo=" + k);

            browser.waitForText("#complaints", crn);
            assertThat(cells(browser, "tr[data-crn='" + crn + "'] td")).containsExactly(crn, "Bill or payment",
                    "BILLING_DESK (desk:BILLING)", "ROUTED", "on time, level 0", cell(complaint.json(), "dueAt"),
                    cell(complaint.json(), "createdAt"));
            // The payment is among the receipts; an imported consumer has no connection request: no such section.
            browser.waitForText("#money", "bill " + bill);
            Eventually.await(Duration.ofSeconds(10), () -> browser.all("#connections-section").size(), n -> n == 0);
            Meter360BrowserTests.scrollTo(browser, "#bills");
            browser.screenshot("account-sections");

            browser.click("tr[data-srn='" + srn + "'] a");
            browser.waitForPath("/care");
            assertThat(browser.text("#service-requests")).contains(srn);
            assertThat(browser.text("#complaints")).contains(crn);
        }

        // A viewer reads bills but not service requests or complaints; a field supervisor the other way round.
        String viewer = Fixtures.staffUser(port, "m360v", List.of("VIEWER"));
        try (Browser browser = Browser.open(port, "meter-360-viewer")) {
            signIn(browser, viewer);
            browser.go("/meters/" + m);
            browser.waitForText("#bills", bill);
            browser.waitForText("#money", "bill " + bill);
            assertThat(browser.all("#service-requests")).isEmpty();
            assertThat(browser.all("#complaints")).isEmpty();
            assertThat(fetch(browser, "/meters/" + m + "/360/complaints")).startsWith("403");
            assertThat(fetch(browser, "/meters/" + m + "/360/service-requests")).startsWith("403");
        }
        String field = Fixtures.staffUser(port, "m360f", List.of("FIELD_SUPERVISOR"));
        try (Browser browser = Browser.open(port, "meter-360-field")) {
            signIn(browser, field);
            browser.go("/meters/" + m);
            browser.waitForText("#complaints", crn);
            browser.waitForText("#service-requests", srn);
            assertThat(browser.all("#bills")).as("no bills section for a role without bill access").isEmpty();
            assertThat(browser.all("#complaints a")).as("no care desk for the field force").isEmpty();
            assertThat(fetch(browser, "/meters/" + m + "/360/bills")).startsWith("403");
            assertThat(fetch(browser, "/customers/360/bills/" + bill + "/pdf")).startsWith("403");
            Meter360BrowserTests.scrollTo(browser, "#service-requests");
            browser.screenshot("field-supervisor-without-bills");
        }
        // On a 360 px phone the sections' tables scroll inside themselves; nothing else sticks out.
        try (Browser phone = Browser.phone(port, "meter-360-account-phone")) {
            signIn(phone, billingUser);
            phone.go("/meters/" + m);
            phone.waitForText("#bills", bill).waitForText("#service-requests", srn).waitForText("#complaints", crn);
            Meter360BrowserTests.scrollTo(phone, "#bills");
            phone.screenshot("bills-at-360px");
            assertThat(Meter360BrowserTests.sticksOut(phone)).isEmpty();
        }
        // An unknown bill or meter: 404, nothing else.
        try (Browser browser = Browser.open(port, "meter-360-unknown")) {
            signIn(browser, billingUser);
            assertThat(fetch(browser, "/customers/360/bills/B" + p + "X/pdf")).startsWith("404");
            assertThat(fetch(browser, "/meters/" + p + "NOPE/360/bills")).startsWith("404");
        }
    }

    @Test
    void theNewConnectionRequestThatOpenedTheAccountIsShownWithItsStep() {
        String p = Fixtures.unique("MN").toUpperCase() + "-";
        String dt = Fixtures.importChain(port, p);
        TestHttp admin = Fixtures.admin(port);
        assertThat(admin.postJson("/api/v1/tariffs", Map.of("tariff", ExampleTariffs.domestic(p + "DOM"),
                "reason", "Tariff order 2026-27")).status()).isEqualTo(201);
        // A meter in store, not known to the HES: the installation registers it, its verification read then waits.
        String m = p + "M1";
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %s,Secure,SINGLE_PHASE_WC,30,POSTPAID,true,CELLULAR,CONSUMER,1.0,1,,
                """.formatted(m));
        String cisUser = Fixtures.staffUser(port, "m360cis", List.of("BILLING"));
        TestHttp cis = TestHttp.staffApi(port, cisUser, Fixtures.password(cisUser));
        TestHttp.Response created = cis.postJson("/api/v1/connections", Map.of("consumerNo", p + "K1",
                "servicePointCode", p + "SP1", "name", "Ravi Kumar", "address", "4 Canal Road, Sector 9",
                "phone", "+919876543210", "category", p + "DOM", "sanctionedLoadKw", "3", "paymentMode", "POSTPAID"),
                Map.of("Idempotency-Key", p + "REQ"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        long order = created.json().get("workOrderId").asLong();
        String fieldUser = Fixtures.staffUser(port, "m360fs", List.of("FIELD_SUPERVISOR"));
        TestHttp.Response report = TestHttp.staffApi(port, fieldUser, Fixtures.password(fieldUser)).postJson(
                "/api/v1/work-orders/" + order + "/installation-report",
                Map.of("meterSerialNo", m, "dtCode", dt, "readingKwh", "0"));
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        JsonNode past = Eventually.await(Duration.ofSeconds(30), () -> cis.get("/api/v1/connections/" + id).json(),
                c -> !List.of("REQUEST_RECEIVED", "ACCOUNT_OPENED", "INSTALLATION_ORDER", "INSTALLATION_REPORT")
                        .contains(c.get("step").asString()));
        assertThat(past.get("meterSerialNo").asString()).isEqualTo(m);

        try (Browser browser = Browser.open(port, "meter-360-connection")) {
            signIn(browser, fieldUser);
            browser.go("/meters/" + m);
            browser.waitForText("#connections-section", "New connection");
            browser.waitFor("tr[data-connection='" + id + "']");
            List<String> row = cells(browser, "tr[data-connection='" + id + "'] td");
            assertThat(row.subList(0, 2)).containsExactly(String.valueOf(id), "POSTPAID");
            assertThat(row.get(3)).as("past the installation report (UC12.3)")
                    .matches("(READ_REQUEST|READ_VERIFICATION|BILL_GROUP|ACTIVATION) \\(UC12\\.[4-6]\\)");
            assertThat(row.get(5)).isEqualTo(cell(created.json(), "requestedAt"));
            Meter360BrowserTests.scrollTo(browser, "#connections-section");
            browser.screenshot("connection-section");
        }
    }

    private static void signIn(Browser browser, String user) {
        browser.go("/login").fill("username", user).fill("password", Fixtures.password(user)).press("Sign in");
        browser.waitFor("li.function");
    }

    private static List<String> cells(Browser browser, String css) {
        return browser.all(css).stream().map(e -> e.getText().strip()).toList();
    }

    /** An instant of an API answer as the 360 page shows it (IST, to the minute). */
    private static String cell(JsonNode node, String field) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Kolkata"))
                .format(Instant.parse(node.get(field).asString()));
    }

    /** GET in the signed-in browser: "status content-type first-bytes". */
    private static String fetch(Browser browser, String url) {
        Object r = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'}).then(function (r) {
                  return r.arrayBuffer().then(function (b) {
                    var head = String.fromCharCode.apply(null, new Uint8Array(b.slice(0, 4)));
                    done(r.status + ' ' + (r.headers.get('Content-Type') || '').split(';')[0] + ' ' + head);
                  });
                }).catch(function (e) { done('error ' + e); });""", url);
        return (String) r;
    }
}

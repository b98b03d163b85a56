package org.urja.mdms.connection;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesUp;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC12 through the staff pages in real headless Chromium, with the reference HES reading the new meter: an operator
 * registers a verified request through the form (refusals shown beside their fields and nothing stored; the same form
 * sent twice is one connection), a field supervisor on a 360 px phone files the installation report on the work-order
 * page, and the connection page, left open, follows the steps to ACTIVE by itself. Cancelling through the page, and a
 * viewer who sees no form and whose forged posts are refused.
 */
@UrjaIntegrationTest
class UC12NewConnectionBrowserTests implements HesUp {

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Test
    void uc12_1to12_6_operatorRegistersThroughTheFormFieldReportsTheInstallationAndThePageFollowsTheStepsToActive() {
        String p = Fixtures.unique("NP").toUpperCase() + "-";
        VirtualMeter meter = UC12NewConnectionTests.inStock(port, p, PaymentMode.PREPAID);
        String serial = meter.spec().serialNo();
        String consumer = p + "K1";
        String operator = Fixtures.staffUser(port, "ncop", List.of("OPERATOR"));
        String fieldUser = Fixtures.staffUser(port, "ncfield", List.of("FIELD_SUPERVISOR"));
        TestHttp admin = Fixtures.admin(port);

        try (Browser ops = Browser.open(port, "uc12-connection-operator");
             Browser field = Browser.phone(port, "uc12-connection-field")) {
            ops.signIn(operator, Fixtures.password(operator));
            assertThat(ops.all("li.function[data-path='/connections']")).hasSize(1);
            ops.go("/connections").click("#new-connection");
            ops.waitFor("#connection-form");
            String key = ops.all("#connection-form input[name=key]").get(0).getAttribute("value");

            // UC12.1, bad input: each refusal beside its field, nothing stored.
            ops.fill("name", "Ravi Kumar").fill("phone", "12ab").fill("email", "ravi@example.in")
                    .fill("consumerNo", consumer).fill("address", "4 Canal Road, Sector 9")
                    .fill("category", p + "DOM").fill("sanctionedLoadKw", "three").fill("openingBalance", "250")
                    .fill("dtCode", p + "DT").fill("feederCode", p + "F");
            new Select(ops.find("select[name=paymentMode]")).selectByValue("PREPAID");
            ops.click("#register-connection");
            ops.waitFor("#form-error");
            assertThat(ops.text(".field-error[data-field='sanctionedLoadKw']")).contains("number");
            assertThat(ops.text(".field-error[data-field='phone']")).contains("10 to 15 digits");
            assertThat(ops.all(".field-error[data-field='name']")).isEmpty();
            assertThat(ops.find("input[name=name]").getAttribute("value")).isEqualTo("Ravi Kumar");
            assertThat(ops.all("#connection-form input[name=key]").get(0).getAttribute("value")).isEqualTo(key);
            ops.screenshot("refused-beside-the-fields");
            assertThat(admin.get("/api/v1/consumers/" + consumer).status()).isEqualTo(404);

            // A DT that does not exist is the service's refusal (422), also beside its field.
            ops.fill("sanctionedLoadKw", "3").fill("phone", "+919876543210").fill("dtCode", p + "NODT");
            ops.click("#register-connection");
            assertThat(ops.text(".field-error[data-field='dtCode']")).contains(p + "NODT");
            assertThat(admin.get("/api/v1/consumers/" + consumer).status()).isEqualTo(404);

            // UC12.1–12.2: registered; the page shows the steps so far and the installation order.
            ops.fill("dtCode", p + "DT");
            ops.click("#register-connection");
            ops.waitForPath("/connections/");
            long id = Long.parseLong(ops.path().replaceAll(".*/connections/(\\d+).*", "$1"));
            assertThat(ops.text("#connection-state")).isEqualTo("IN_PROGRESS");
            assertThat(ops.text("#connection-step")).isEqualTo("INSTALLATION_REPORT");
            assertThat(ops.text("tr[data-step='INSTALLATION_ORDER'] .state")).isEqualTo("DONE");
            assertThat(ops.text("tr[data-step='INSTALLATION_REPORT'] .state")).isEqualTo("IN_PROGRESS");
            ops.screenshot("registered-waiting-for-installation");
            JsonNode c = TestHttp.staffApi(port, operator, Fixtures.password(operator))
                    .get("/api/v1/connections/" + id).json();
            assertThat(c.get("consumerNo").asString()).isEqualTo(consumer);
            assertThat(c.get("requestedBy").asString()).isEqualTo(operator);
            assertThat(c.get("openingBalancePaise").asLong()).isEqualTo(25_000L);
            assertThat(new BigDecimal(c.get("sanctionedLoadKw").asString())).isEqualByComparingTo("3");
            long order = c.get("workOrderId").asLong();
            assertThat(ops.text("#work-order-link")).isEqualTo(String.valueOf(order));

            // The same form sent again (a double click, a resent page) is the same connection.
            TestHttp again = TestHttp.browser(port);
            again.signIn(operator, Fixtures.password(operator));
            TestHttp.Response resent = again.postForm("/connections", Map.ofEntries(Map.entry("key", key),
                    Map.entry("name", "Ravi Kumar"), Map.entry("phone", "+919876543210"),
                    Map.entry("email", "ravi@example.in"), Map.entry("consumerNo", consumer),
                    Map.entry("servicePointCode", ""), Map.entry("address", "4 Canal Road, Sector 9"),
                    Map.entry("category", p + "DOM"), Map.entry("sanctionedLoadKw", "3"),
                    Map.entry("paymentMode", "PREPAID"), Map.entry("openingBalance", "250"),
                    Map.entry("billGroup", ""), Map.entry("dtCode", p + "DT"), Map.entry("feederCode", p + "F")),
                    "/connections/new", true);
            assertThat(resent.status()).as(resent.body()).isEqualTo(302);
            assertThat(resent.location()).endsWith("/connections/" + id);
            assertThat(admin.get("/api/v1/connections?consumerNo=" + consumer).json()).hasSize(1);
            assertThat(admin.get("/api/v1/work-orders?consumerNo=" + consumer).json()).hasSize(1);
            assertThat(audit.recent(operator, 50)).anyMatch(e -> e.action().equals("CONNECTION REQUEST")
                    && e.target().startsWith("connection " + id));

            // UC12.3 on the phone: the field supervisor finds the installation order and files the report.
            field.signIn(fieldUser, Fixtures.password(fieldUser));
            field.go("/work-orders?type=METER_INSTALLATION&open=true");
            field.click("tr[data-id='" + order + "'] a");
            field.waitFor("#install-form");
            field.fill("meterSerialNo", p + "NO-SUCH-METER").fill("dtCode", p + "DT").fill("feederCode", p + "F");
            BigDecimal reading = meter.registersAt(TestHes.COMMISSIONED).kWhImport();
            field.fill("readingKwh", reading.toPlainString());
            field.click("#report-installation");
            field.waitFor(".field-error[data-field='meterSerialNo']");
            assertThat(field.text("#order-status")).isEqualTo("OPEN");
            field.screenshot("unknown-meter-refused");
            field.fill("meterSerialNo", serial);
            field.click("#report-installation");
            field.waitForText("#order-status", "COMPLETED");
            assertThat(field.text("#order-installed")).contains(serial, p + "DT");
            assertThat(field.all("#install-form")).isEmpty();
            assertThat(field.pageWidth()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(360);
            field.screenshot("installation-reported-on-the-phone");

            // UC12.4–12.6: the connection page, left open, follows the read and the wallet to ACTIVE.
            ops.until(Duration.ofSeconds(40), d -> ops.text("#connection-state").equals("ACTIVE"));
            List<String> steps = new ArrayList<>();
            ops.all("#steps tbody tr").forEach(r -> steps.add(r.getAttribute("data-step") + " "
                    + r.findElement(org.openqa.selenium.By.cssSelector(".state")).getText()));
            assertThat(steps).containsExactly("REQUEST_RECEIVED DONE", "ACCOUNT_OPENED DONE",
                    "INSTALLATION_ORDER DONE", "INSTALLATION_REPORT DONE", "READ_REQUEST DONE",
                    "READ_VERIFICATION DONE", "PREPAID_WALLET DONE", "ACTIVATION DONE");
            assertThat(ops.text("#connection-meter")).isEqualTo(serial);
            assertThat(ops.all("#retry-form")).isEmpty();
            assertThat(ops.all("#cancel-form")).isEmpty();
            ops.screenshot("active");

            JsonNode done = admin.get("/api/v1/connections/" + id).json();
            assertThat(done.get("state").asString()).isEqualTo("ACTIVE");
            assertThat(done.get("walletBalancePaise").asLong()).isEqualTo(25_000L);
            assertThat(admin.get("/api/v1/meters/" + serial).json().get("servicePointCode").asString())
                    .isEqualTo(done.get("servicePointCode").asString());
            assertThat(admin.get("/api/v1/work-orders/" + order).json().get("completedBy").asString())
                    .isEqualTo(fieldUser);
        }
    }

    @Test
    void uc12_1_anOperatorCancelsThroughThePageAndAViewerSeesNoFormAndAForgedPostIsRefused() {
        String p = Fixtures.unique("NQ").toUpperCase() + "-";
        Fixtures.importChain(port, p);
        UC12NewConnectionTests.tariff(port, p);
        String operator = Fixtures.staffUser(port, "ncop2", List.of("OPERATOR"));
        String viewer = Fixtures.staffUser(port, "ncview", List.of("VIEWER"));
        TestHttp admin = Fixtures.admin(port);
        TestHttp.Response created = admin.postJson("/api/v1/connections", Map.of("name", "Asha Devi",
                "address", "12 Station Road", "phone", "9876500001", "category", p + "DOM",
                "sanctionedLoadKw", "2", "paymentMode", "POSTPAID", "consumerNo", p + "K2"),
                Map.of("Idempotency-Key", p + "REQ"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        long order = created.json().get("workOrderId").asLong();

        // A viewer follows it but sees no form; the list filters by state.
        try (Browser browser = Browser.open(port, "uc12-connection-viewer")) {
            browser.signIn(viewer, Fixtures.password(viewer));
            browser.go("/connections?state=IN_PROGRESS");
            browser.waitFor("#read-only");
            assertThat(browser.all("#new-connection")).isEmpty();
            assertThat(browser.all("#connections tr[data-id='" + id + "']")).hasSize(1);
            browser.go("/connections?state=ACTIVE");
            assertThat(browser.all("#connections tr[data-id='" + id + "']")).isEmpty();
            browser.go("/connections/" + id);
            browser.waitFor("#connection-state");
            assertThat(browser.all("#cancel-form")).isEmpty();
            assertThat(browser.all("#retry-form")).isEmpty();
            browser.screenshot("viewer-read-only");
        }
        TestHttp forged = TestHttp.browser(port);
        forged.signIn(viewer, Fixtures.password(viewer));
        assertThat(forged.get("/connections/new").status()).isEqualTo(403);
        assertThat(forged.postForm("/connections/" + id + "/cancel", Map.of("reason", "forged by a viewer"),
                "/connections", true).status()).isEqualTo(403);
        assertThat(forged.postForm("/connections", Map.of("key", "forged", "name", "X", "address", "Y",
                "phone", "9876500002", "category", p + "DOM", "sanctionedLoadKw", "1", "paymentMode", "POSTPAID",
                "consumerNo", p + "K3"), "/connections", true).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/consumers/" + p + "K3").status()).isEqualTo(404);
        // An operator's post without the CSRF token is refused too.
        TestHttp noCsrf = TestHttp.browser(port);
        noCsrf.signIn(operator, Fixtures.password(operator));
        assertThat(noCsrf.postForm("/connections/" + id + "/cancel", Map.of("reason", "no token here"),
                "/connections", false).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/connections/" + id).json().get("state").asString()).isEqualTo("IN_PROGRESS");

        // The operator cancels it (a reason too short is refused first, changing nothing).
        TestHttp.Response tooShort = noCsrf.postForm("/connections/" + id + "/cancel", Map.of("reason", "no"),
                "/connections/" + id, true);
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("reason");
        try (Browser browser = Browser.phone(port, "uc12-connection-cancel")) {
            browser.signIn(operator, Fixtures.password(operator));
            browser.go("/connections/" + id);
            browser.find("#cancel-form input[name=reason]").sendKeys("Consumer withdrew the application");
            browser.click("#cancel");
            browser.waitForText("#connection-state", "CANCELLED");
            assertThat(browser.all("#cancel-form")).isEmpty();
            assertThat(browser.text("#connection-reason")).contains("Consumer withdrew the application");
            assertThat(browser.pageWidth()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(360);
            browser.screenshot("cancelled");
        }
        assertThat(admin.get("/api/v1/connections/" + id).json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(admin.get("/api/v1/work-orders/" + order).json().get("status").asString()).isEqualTo("CANCELLED");
        // Cancelling again is refused (409) and changes nothing.
        TestHttp.Response twice = noCsrf.postForm("/connections/" + id + "/cancel",
                Map.of("reason", "Consumer withdrew the application"), "/connections/" + id, true);
        assertThat(twice.status()).isEqualTo(409);
    }
}

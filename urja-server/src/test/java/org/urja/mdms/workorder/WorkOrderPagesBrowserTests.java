package org.urja.mdms.workorder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WFM (issue 8.4) through the staff pages in real headless Chromium: an operator raises a work order (a bad reference
 * refused beside its field; the same form twice is one order); a field supervisor on a 360 px phone creates a crew,
 * assigns the order, reports it on the way and at work, and completes it with outcome, findings and readings (a bad
 * readings line refused first); the list filters by type, status, crew and overdue. A viewer sees no action form and
 * a forged post — with a valid CSRF token, or an operator's without one — is refused and changes nothing.
 */
@UrjaIntegrationTest
class WorkOrderPagesBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Autowired
    CommittedEvents committed;

    @Test
    void wfm_raiseAssignProgressAndCompleteWithFindingsThroughThePages() {
        String p = Fixtures.unique("WP").toUpperCase();
        String operator = Fixtures.staffUser(port, "woop", List.of("OPERATOR"));
        String supervisor = Fixtures.staffUser(port, "wosup", List.of("FIELD_SUPERVISOR"));
        TestHttp admin = Fixtures.admin(port);

        long id;
        try (Browser ops = Browser.open(port, "wfm-operator")) {
            ops.signIn(operator, Fixtures.password(operator));
            assertThat(ops.all("li.function[data-path='/work-orders']")).hasSize(1);
            ops.go("/work-orders");
            String key = ops.all("#raise-form input[name=key]").get(0).getAttribute("value");
            new Select(ops.find("#raise-form select[name=type]")).selectByValue("COMPLAINT_VISIT");
            new Select(ops.find("#raise-form select[name=priority]")).selectByValue("HIGH");
            ops.fill("reference", "complaint CRN " + p).fill("consumerNo", p + "K1").fill("address", "7 Mall Road")
                    .fill("description", "Voltage fluctuation reported by the consumer");
            ops.click("#raise-order");
            assertThat(ops.text(".field-error[data-field='reference']")).contains("must match");
            assertThat(ops.all("#raise-form input[name=key]").get(0).getAttribute("value")).isEqualTo(key);
            assertThat(admin.get("/api/v1/work-orders?consumerNo=" + p + "K1").json()).isEmpty();
            ops.screenshot("bad-reference-refused");

            ops.fill("reference", "complaint:CRN-" + p);
            ops.click("#raise-order");
            ops.waitForPath("/work-orders/");
            id = Long.parseLong(ops.path().replaceAll(".*/work-orders/(\\d+).*", "$1"));
            assertThat(ops.text("#order-status")).isEqualTo("OPEN");
            assertThat(ops.text("#order-description")).contains("Voltage fluctuation", "raised by " + operator);
            ops.screenshot("raised");

            // The same form sent again is the same order.
            TestHttp again = TestHttp.browser(port);
            again.signIn(operator, Fixtures.password(operator));
            TestHttp.Response resent = again.postForm("/work-orders", Map.of("key", key, "type", "COMPLAINT_VISIT",
                    "priority", "HIGH", "reference", "complaint:CRN-" + p, "consumerNo", p + "K1",
                    "address", "7 Mall Road", "description", "Voltage fluctuation reported by the consumer"),
                    "/work-orders", true);
            assertThat(resent.status()).as(resent.body()).isEqualTo(302);
            assertThat(resent.location()).endsWith("/work-orders/" + id);
            assertThat(admin.get("/api/v1/work-orders?reference=complaint:CRN-" + p).json()).hasSize(1);
        }

        try (Browser field = Browser.phone(port, "wfm-field")) {
            field.signIn(supervisor, Fixtures.password(supervisor));
            field.go("/work-orders");
            assertThat(field.all("#raise-form")).as("raising is for operations").isEmpty();
            field.fill("code", p + "-C1").fill("name", "Civil Lines crew").fill("members", "Suresh, Imran")
                    .fill("phone", "+919800000001").fill("area", "Civil Lines");
            field.click("#create-crew");
            field.waitFor("#crew-list tr[data-crew='" + p + "-C1']");
            assertThat(field.text("#crew-list tr[data-crew='" + p + "-C1']")).contains("Suresh, Imran");

            field.go("/work-orders/" + id);
            assertThat(field.all("#en-route")).as("not assigned yet").isEmpty();
            new Select(field.find("#assign-form select[name=crewCode]")).selectByValue(p + "-C1");
            field.fill("assignee", "Suresh");
            field.click("#assign");
            field.waitForText("#order-status", "ASSIGNED");
            assertThat(field.text("#order-crew")).isEqualTo(p + "-C1");

            field.fill("note", "Leaving the depot");
            field.click("#en-route");
            field.waitForText("#order-status", "EN_ROUTE");
            assertThat(field.all("#en-route")).isEmpty();
            field.click("#start-work");
            field.waitForText("#order-status", "IN_PROGRESS");
            assertThat(field.all("#progress-form")).isEmpty();
            field.screenshot("at-work");

            // A readings line that is not a register and a value is refused beside the field; nothing changes.
            new Select(field.find("#complete-form select[name=outcome]")).selectByValue("DONE");
            field.fill("findings", "Loose neutral at the pole tightened");
            field.fill("readings", "kWh.import = 1234.5\nvoltage about 238");
            field.click("#complete");
            assertThat(field.text(".field-error[data-field='readings']")).contains("voltage about 238");
            assertThat(field.text("#order-status")).isEqualTo("IN_PROGRESS");
            assertThat(field.find("#complete-form textarea[name=findings]").getAttribute("value"))
                    .isEqualTo("Loose neutral at the pole tightened");
            field.fill("readings", "kWh.import = 1234.5\nvoltage.V = 238");
            field.click("#complete");
            field.waitForText("#order-status", "COMPLETED");
            assertThat(field.text("#order-outcome")).isEqualTo("DONE");
            assertThat(field.text("#order-findings")).isEqualTo("Loose neutral at the pole tightened");
            assertThat(field.text("#order-readings li[data-register='kWh.import']")).isEqualTo("kWh.import = 1234.5");
            assertThat(field.all(".fp-actions form")).as("nothing left to do").isEmpty();
            List<String> history = new ArrayList<>();
            field.all("#history tbody tr").forEach(r -> history.add(r.getAttribute("data-status")));
            assertThat(history).containsExactly("OPEN", "ASSIGNED", "EN_ROUTE", "IN_PROGRESS", "COMPLETED");
            assertThat(field.text("#history tr[data-status='EN_ROUTE']")).contains(supervisor, "Leaving the depot");
            assertThat(field.pageWidth()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(360);
            field.screenshot("completed-on-the-phone");

            // The list filters by type, status and crew.
            field.go("/work-orders?type=COMPLAINT_VISIT&status=COMPLETED&crew=" + p + "-C1");
            assertThat(field.all("#orders tr[data-id='" + id + "']")).hasSize(1);
            field.go("/work-orders?type=SITE_SURVEY&crew=" + p + "-C1");
            assertThat(field.all("#orders tr[data-id='" + id + "']")).isEmpty();
            field.go("/work-orders?status=OPEN&crew=" + p + "-C1");
            assertThat(field.all("#orders tr[data-id='" + id + "']")).isEmpty();
        }

        JsonNode done = admin.get("/api/v1/work-orders/" + id).json();
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("completedBy").asString()).isEqualTo(supervisor);
        assertThat(done.get("readings").get("voltage.V").decimalValue()).isEqualByComparingTo("238");
        assertThat(done.get("assignee").asString()).isEqualTo("Suresh");
        WorkOrderCompleted completed = Eventually.await(Duration.ofSeconds(5), () -> committed.of(WorkOrderCompleted.class)
                .stream().filter(e -> e.workOrderId() == id).findFirst().orElse(null), e -> e != null);
        assertThat(completed.reference()).isEqualTo("complaint:CRN-" + p);
        assertThat(audit.recent(supervisor, 50)).anyMatch(e -> e.action().equals("POST /work-orders/" + id
                + "/completion") && e.outcome().equals("OK"));

        // Overdue: an order raised (over the API) due in a second is listed under "overdue only" once past due.
        TestHttp api = TestHttp.staffApi(port, operator, Fixtures.password(operator));
        TestHttp.Response soon = api.postJson("/api/v1/work-orders", Map.of("type", "SITE_SURVEY",
                "reference", "survey:" + p, "description", "Feasibility of a 20 kW connection",
                "dueBy", Instant.now().plusSeconds(1).toString()));
        assertThat(soon.status()).as(soon.body()).isEqualTo(201);
        long late = soon.json().get("id").asLong();
        try (Browser ops = Browser.open(port, "wfm-overdue")) {
            ops.signIn(operator, Fixtures.password(operator));
            Eventually.await(Duration.ofSeconds(10), () -> {
                ops.go("/work-orders?overdue=true&type=SITE_SURVEY");
                return ops.all("#orders tr[data-id='" + late + "'] .overdue").size();
            }, n -> n == 1);
            assertThat(ops.all("#orders tr[data-id='" + id + "']")).isEmpty();
            ops.screenshot("overdue-filter");
        }
    }

    @Test
    void wfm_aViewerSeesNoActionFormsAndAForgedPostIsRefusedWithNothingChanged() {
        String p = Fixtures.unique("WV").toUpperCase();
        String operator = Fixtures.staffUser(port, "woop2", List.of("OPERATOR"));
        String viewer = Fixtures.staffUser(port, "woview", List.of("VIEWER"));
        TestHttp api = TestHttp.staffApi(port, operator, Fixtures.password(operator));
        assertThat(api.postJson("/api/v1/work-orders/crews", Map.of("code", p + "-C1", "name", "Crew")).status())
                .isEqualTo(201);
        TestHttp.Response raised = api.postJson("/api/v1/work-orders", Map.of("type", "METER_TESTING",
                "reference", "sr:" + p, "consumerNo", p + "K1", "description", "Meter running fast"));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        long id = raised.json().get("id").asLong();

        try (Browser browser = Browser.open(port, "wfm-viewer")) {
            browser.signIn(viewer, Fixtures.password(viewer));
            browser.go("/work-orders");
            browser.waitFor("#orders");
            assertThat(browser.all("#raise-form")).isEmpty();
            assertThat(browser.all("#crew-form")).isEmpty();
            browser.go("/work-orders/" + id);
            browser.waitFor("#history");
            assertThat(browser.all(".fp-actions form")).isEmpty();
            assertThat(browser.all("main button")).isEmpty();
            browser.screenshot("viewer-read-only");
        }

        TestHttp forged = TestHttp.browser(port);
        forged.signIn(viewer, Fixtures.password(viewer));
        String page = "/work-orders/" + id;
        assertThat(forged.postForm("/work-orders", Map.of("key", "forged", "type", "SITE_SURVEY",
                "reference", "forged:" + p, "description", "forged by a viewer"), page, true).status()).isEqualTo(403);
        assertThat(forged.postForm(page + "/assignment", Map.of("crewCode", p + "-C1"), page, true).status())
                .isEqualTo(403);
        assertThat(forged.postForm(page + "/progress", Map.of("status", "IN_PROGRESS"), page, true).status())
                .isEqualTo(403);
        assertThat(forged.postForm(page + "/completion", Map.of("outcome", "DONE", "findings", "forged by a viewer"),
                page, true).status()).isEqualTo(403);
        assertThat(forged.postForm(page + "/cancellation", Map.of("reason", "forged by a viewer"), page, true)
                .status()).isEqualTo(403);
        assertThat(forged.postForm("/work-orders/crews", Map.of("code", p + "-C2", "name", "forged"), page, true)
                .status()).isEqualTo(403);

        TestHttp noCsrf = TestHttp.browser(port);
        noCsrf.signIn(operator, Fixtures.password(operator));
        assertThat(noCsrf.postForm(page + "/assignment", Map.of("crewCode", p + "-C1"), page, false).status())
                .isEqualTo(403);

        JsonNode order = api.get("/api/v1/work-orders/" + id).json();
        assertThat(order.get("status").asString()).isEqualTo("OPEN");
        assertThat(order.get("crewCode").isNull()).isTrue();
        assertThat(order.get("statusHistory")).hasSize(1);
        assertThat(api.get("/api/v1/work-orders?reference=forged:" + p).json()).isEmpty();
        assertThat(audit.recent(viewer, 20)).anyMatch(e -> e.action().equals("POST " + page + "/completion")
                && e.outcome().equals("REJECTED"));

        // An operator completing an order that is not assigned is refused by its state (409) beside the form.
        TestHttp.Response early = noCsrf.postForm(page + "/progress", Map.of("status", "EN_ROUTE"), page, true);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).contains("assign it to a crew first");
    }
}

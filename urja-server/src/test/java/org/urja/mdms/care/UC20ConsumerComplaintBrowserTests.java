package org.urja.mdms.care;

import java.time.Duration;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.portal.ConsumerLoginAccounts;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.care.CareFixtures.key;

/**
 * UC20 from the consumer's side, in real headless Chromium on a 360 px phone against real PostgreSQL: the signed-in
 * consumer (20.1) registers a meter complaint at their service point, refusals beside the field (20.2), sees the CRN
 * at once and gets it by SMS (20.3), sees it sent to the field staff (20.4); the work order is completed through the
 * WFM API (20.5) and the complaint closed (20.6): the consumer sees it closed with the findings and re-opens it within
 * the window — routed again — but not after it. A double submit is one complaint; another consumer's numbers,
 * service points and CRNs are refused and nothing of theirs changes.
 */
@UrjaIntegrationTest
class UC20ConsumerComplaintBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    ConsumerLoginAccounts logins;

    @Autowired
    Complaints complaints;

    @Autowired
    JdbcClient jdbc;

    private Complaint awaitStatus(String crn, String status) {
        return Eventually.await(Duration.ofSeconds(15), () -> complaints.find(crn).orElseThrow(),
                c -> c.status().equals(status));
    }

    private static long workOrder(Complaint c) {
        assertThat(c.targetReference()).startsWith("work-order:");
        return Long.parseLong(c.targetReference().substring("work-order:".length()));
    }

    @Test
    void uc20_1to20_6_aMeterComplaintGoesToTheFieldIsClosedWhenTheVisitIsDoneAndIsReopenedWithinTheWindow() {
        String p = Fixtures.unique("PCR").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.supplied(port, p);
        PortalCareFixtures.Login login = PortalCareFixtures.login(logins, c.consumerNo());
        TestHttp field = CareFixtures.staff(port, "FIELD_SUPERVISOR");
        TestHttp care = CareFixtures.staff(port, "OPERATOR");

        try (Browser b = Browser.phone(port, "uc20-portal-complaints")) {
            // UC20.1: signed in, the menu leads to the complaints.
            PortalCareFixtures.signIn(b, login);
            b.click("li.function[data-path='/portal/complaints'] a").waitForPath("/portal/complaints");
            assertThat(b.text("#no-complaints")).contains("not registered any complaint");
            b.click("#new-complaint").waitForPath("/portal/complaints/new");

            // UC20.2: sent empty, the server names what is missing beside each field and records nothing.
            PortalCareFixtures.withoutBrowserChecks(b);
            b.click("#send-complaint");
            assertThat(b.text("#error-category")).isEqualTo("Please choose what the complaint is about.");
            assertThat(b.text("#error-description")).startsWith("Please describe the problem");
            b.screenshot("complaint-refused");
            assertThat(complaints.ofConsumer(c.consumerNo(), 10)).isEmpty();

            b.click("#category-METER");
            new Select(b.find("#servicePoint")).selectByValue(p + "SP1");
            b.fill("description", "Meter display blank since yesterday");
            b.screenshot("complaint-form");
            b.click("#send-complaint");

            // UC20.3–20.4: the CRN at once (and by SMS), sent to the field staff as a complaint visit.
            String crn = b.text("#crn");
            assertThat(crn).matches("CR[0-9]{6}[0-9]{4,}");
            assertThat(b.text("#sent")).contains(crn);
            assertThat(b.text("#status")).isEqualTo("Sent to the team");
            assertThat(b.text("#route")).isEqualTo("Field staff");
            assertThat(b.text("#category")).isEqualTo("Meter defective, burnt, running fast or stopped");
            assertThat(b.all("#history li").stream().map(e -> e.getAttribute("data-action")).toList())
                    .containsExactly("REGISTERED", "ACKNOWLEDGED", "ROUTED");
            b.screenshot("crn");
            assertThat(CareFixtures.smsContaining(c.mobile(), crn)).anyMatch(t -> t.contains("Meter defective"));
            Complaint registered = complaints.find(crn).orElseThrow();
            assertThat(registered.meterSerialNo()).isEqualTo(c.meter());
            assertThat(registered.requestedBy()).isEqualTo("consumer:" + c.consumerNo());
            assertThat(registered.channel()).isEqualTo("PORTAL");
            long order = workOrder(registered);
            assertThat(field.get("/api/v1/work-orders/" + order).json().get("type").asString()).isEqualTo("COMPLAINT_VISIT");
            // Nothing to re-open while it is with the field staff.
            assertThat(b.all("#reopen-complaint")).isEmpty();

            // UC20.5: the field force completes the visit through the WFM API; the consumer sees the findings.
            assertThat(field.postJson("/api/v1/work-orders/" + order + "/completion", Map.of("outcome", "DONE",
                    "findings", "Display unit loose; refitted and sealed")).status()).isEqualTo(200);
            awaitStatus(crn, "RESOLVED");
            b.go("/portal/complaints/" + crn);
            assertThat(b.text("#status")).isEqualTo("Resolved");
            assertThat(b.text("#resolution")).contains("refitted and sealed");

            // UC20.6: closed (the consumer told), seen closed with its history.
            assertThat(care.postJson("/api/v1/complaints/" + crn + "/closure", Map.of()).status()).isEqualTo(200);
            b.go("/portal/complaints");
            assertThat(b.text("article[data-crn='" + crn + "'] .status")).isEqualTo("Closed");
            b.click("article[data-crn='" + crn + "'] a").waitForPath("/portal/complaints/" + crn);
            assertThat(b.text("#status")).isEqualTo("Closed");
            assertThat(b.all("#history li").stream().map(e -> e.getAttribute("data-action")).toList())
                    .containsSubsequence("ROUTED", "RESOLVED", "CLOSED", "NOTIFIED");
            assertThat(b.text("#reopen")).contains("You can re-open this complaint until");
            assertThat(b.pageWidth()).isLessThanOrEqualTo(360);
            b.screenshot("closed");

            // Re-opened within the window: a reason is needed; then routed again to a new visit.
            PortalCareFixtures.withoutBrowserChecks(b);
            b.click("#reopen-complaint");
            assertThat(b.text("#error-reason")).startsWith("Please tell us what is still wrong");
            assertThat(complaints.find(crn).orElseThrow().status()).isEqualTo("CLOSED");
            b.fill("reason", "Display blank again this morning").click("#reopen-complaint");
            b.waitFor("#reopened");
            assertThat(b.text("#status")).isEqualTo("Sent to the team");
            assertThat(b.text("#reopen-count")).isEqualTo("1");
            assertThat(b.all("#history li").stream().map(e -> e.getAttribute("data-action")).toList())
                    .endsWith("REOPENED", "ACKNOWLEDGED", "ROUTED");
            b.screenshot("reopened");
            Complaint reopened = complaints.find(crn).orElseThrow();
            assertThat(reopened.reopenCount()).isEqualTo(1);
            assertThat(reopened.requestedBy()).isEqualTo("consumer:" + c.consumerNo());
            long second = workOrder(reopened);
            assertThat(second).isNotEqualTo(order);
            assertThat(CareFixtures.smsContaining(c.mobile(), "re-opened")).anyMatch(t -> t.contains(crn));

            // Done again and closed; as if closed eight days ago, past the window: no re-open, and a post is refused.
            field.postJson("/api/v1/work-orders/" + second + "/completion", Map.of("outcome", "DONE",
                    "findings", "Meter replaced"));
            awaitStatus(crn, "RESOLVED");
            care.postJson("/api/v1/complaints/" + crn + "/closure", Map.of());
            jdbc.sql("UPDATE complaint SET closed_at = closed_at - interval '8 days' WHERE crn = ?").param(crn).update();
            b.go("/portal/complaints/" + crn);
            assertThat(b.text("#status")).isEqualTo("Closed");
            assertThat(b.all("#reopen-complaint")).isEmpty();
            TestHttp web = PortalCareFixtures.signIn(port, login);
            TestHttp.Response late = web.postForm("/portal/complaints/" + crn + "/reopening",
                    Map.of("reason", "Still blank"), "/portal/complaints/new", true);
            assertThat(late.status()).isEqualTo(200);
            assertThat(Jsoup.parse(late.body()).select("#error-status").text()).contains("register a new complaint");
            assertThat(complaints.find(crn).orElseThrow().reopenCount()).isEqualTo(1);

            // In Hindi too.
            b.go("/portal/complaints/" + crn + "?lang=hi");
            assertThat(b.text("#status")).isEqualTo("बंद");
            assertThat(b.text("#route")).isEqualTo("फ़ील्ड कर्मचारी");
            b.screenshot("closed-hindi");
            b.go("/portal/complaints?lang=en");
        }
    }

    @Test
    void uc20_2_anotherConsumersNumbersServicePointsAndComplaintsAreRefusedAndADoubleSubmitIsOneComplaint() {
        String p = Fixtures.unique("PCX").toUpperCase() + "-";
        var two = PortalCareFixtures.mineAndTheirs(port, logins, p);
        CareFixtures.Consumer mine = two.mine();
        CareFixtures.Consumer other = two.other();
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        String theirCrn = care.postJson("/api/v1/complaints", Map.of("category", "BILLING", "consumerNo",
                other.consumerNo(), "description", "Charged twice"), key(p + "B1")).json().get("crn").asString();
        CareFixtures.staff(port, "BILLING").postJson("/api/v1/complaints/" + theirCrn + "/resolution",
                Map.of("note", "Reversed"));
        care.postJson("/api/v1/complaints/" + theirCrn + "/closure", Map.of());
        TestHttp web = PortalCareFixtures.signIn(port, two.login());
        String form = "/portal/complaints/new";

        // Their complaint: 404 to read, 404 to re-open (and it stays closed); not in my list.
        TestHttp.Response theirs = web.get("/portal/complaints/" + theirCrn);
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(theirs.body()).doesNotContain(other.consumerNo(), "Charged twice");
        assertThat(web.postForm("/portal/complaints/" + theirCrn + "/reopening", Map.of("reason", "Not fixed"), form,
                true).status()).isEqualTo(404);
        assertThat(complaints.find(theirCrn).orElseThrow().status()).isEqualTo("CLOSED");
        assertThat(complaints.find(theirCrn).orElseThrow().reopenCount()).isZero();
        assertThat(web.get("/portal/complaints").body()).doesNotContain(theirCrn);
        assertThat(web.get("/portal/complaints/CR0000000000").status()).isEqualTo(404);

        // A complaint in their name, or about their service point: 404, nothing recorded.
        assertThat(web.postForm("/portal/complaints", Map.of("consumerNo", other.consumerNo(), "category", "METER",
                "description", "Sparks", "idempotencyKey", p + "K1"), form, true).status()).isEqualTo(404);
        assertThat(web.postForm("/portal/complaints", Map.of("consumerNo", mine.consumerNo(), "category", "METER",
                "servicePoint", p + "BSP1", "description", "Sparks", "idempotencyKey", p + "K2"), form, true).status())
                .isEqualTo(404);
        assertThat(complaints.ofConsumer(other.consumerNo(), 10)).extracting(Complaint::crn).containsExactly(theirCrn);
        assertThat(complaints.ofConsumer(mine.consumerNo(), 10)).isEmpty();
        assertThat(TestHttp.browser(port).get("/portal/complaints").location()).endsWith("/portal/login");

        // One form sent twice (a double tap, a retry): one complaint, one CRN, one visit.
        Map<String, String> sent = Map.of("consumerNo", mine.consumerNo(), "category", "VOLTAGE", "servicePoint",
                p + "ASP1", "description", "Lights flicker every evening", "idempotencyKey", p + "K3");
        String first = web.postForm("/portal/complaints", sent, form, true).location();
        String again = web.postForm("/portal/complaints", sent, form, true).location();
        assertThat(first).contains("/portal/complaints/CR").endsWith("?sent");
        assertThat(again).isEqualTo(first.replace("?sent", ""));
        assertThat(complaints.ofConsumer(mine.consumerNo(), 10)).hasSize(1);
        String crn = complaints.ofConsumer(mine.consumerNo(), 10).get(0).crn();
        assertThat(CareFixtures.smsContaining(mine.mobile(), crn)).filteredOn(t -> t.contains(crn)).hasSize(1);
        // Mine now reads fine; re-opening it while it is with the field staff is refused beside the form.
        assertThat(web.get("/portal/complaints/" + crn).status()).isEqualTo(200);
        TestHttp.Response early = web.postForm("/portal/complaints/" + crn + "/reopening", Map.of("reason", "x"),
                form, true);
        assertThat(Jsoup.parse(early.body()).select("#error-status").text()).isNotEmpty();
        assertThat(complaints.find(crn).orElseThrow().reopenCount()).isZero();
    }
}

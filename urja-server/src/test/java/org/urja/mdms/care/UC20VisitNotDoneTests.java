package org.urja.mdms.care;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.care.internal.SlaSweep;
import org.urja.mdms.portal.ConsumerLoginAccounts;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.workorder.InspectionOutcome;
import org.urja.mdms.workorder.WorkOrderCompleted;
import org.urja.mdms.workorder.WorkOrderType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.care.CareFixtures.awaitComplaint;
import static org.urja.mdms.care.CareFixtures.field;
import static org.urja.mdms.care.CareFixtures.key;
import static org.urja.mdms.care.CareFixtures.registerComplaint;
import static org.urja.mdms.care.CareFixtures.trail;

/**
 * UC20.5 when the field force could not carry out a complaint visit (work order completed NOT_DONE or NO_ACCESS),
 * through the REST API, the staff desk page and real PostgreSQL: the complaint is not resolved but goes back to the
 * care desk (VISIT_NOT_DONE, the reason in its history), the consumer is told why by SMS and email, its SLA runs on and
 * is escalated, the desk raises a second visit (API or page) whose DONE completion resolves it, or resolves it itself;
 * a completion delivered twice changes nothing.
 */
@UrjaIntegrationTest
class UC20VisitNotDoneTests {

    private static final String PATH = "/api/v1/complaints";

    @LocalServerPort
    int port;

    @Autowired
    SlaSweep sweep;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher publisher;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ConsumerLoginAccounts logins;

    private static long orderOf(JsonNode complaint) {
        return Long.parseLong(complaint.get("targetReference").asString().substring("work-order:".length()));
    }

    private static void complete(TestHttp field, long order, String outcome, String findings) {
        TestHttp.Response r = field.postJson("/api/v1/work-orders/" + order + "/completion",
                Map.of("outcome", outcome, "findings", findings));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** How many deliveries of work order {@code order}'s completion the care module has finished handling. */
    private long careHandled(long order) {
        return jdbc.sql("""
                        SELECT count(*) FROM event_publication WHERE listener_id LIKE '%CareListeners%'
                            AND event_type LIKE '%WorkOrderCompleted' AND serialized_event LIKE ?
                            AND completion_date IS NOT NULL""")
                .param("%\"workOrderId\":" + order + ",%").query(Long.class).single();
    }

    /** A consumer supplied through a meter, and the staff who act on their complaints: care desk and field force. */
    private record Scene(String p, CareFixtures.Consumer c, TestHttp care, TestHttp field) {
    }

    private Scene scene(String prefix) {
        String p = Fixtures.unique(prefix).toUpperCase() + "-";
        return new Scene(p, CareFixtures.supplied(port, p), CareFixtures.staff(port, "OPERATOR"),
                CareFixtures.staff(port, "FIELD_SUPERVISOR"));
    }

    @Test
    void uc20_5_aVisitNotDoneLeavesTheComplaintOpenAtTheDeskTellsTheConsumerAndASecondVisitResolvesIt() {
        Scene s = scene("CRV");
        CareFixtures.Consumer c = s.c();
        TestHttp care = s.care();
        TestHttp field = s.field();
        String p = s.p();
        JsonNode complaint = registerComplaint(care, Map.of("category", "METER", "consumerNo", c.consumerNo(), "meterSerialNo",
                c.meter(), "description", "Meter display blank"), p + "1");
        String crn = complaint.get("crn").asString();
        long first = orderOf(complaint);
        Instant due = Instant.parse(complaint.get("dueAt").asString());

        // WFM: the crew found the gate locked. The complaint is not resolved: it is back at the care desk.
        complete(field, first, "NO_ACCESS", "Gate locked, nobody at home");
        JsonNode back = awaitComplaint(care, crn, "VISIT_NOT_DONE");
        assertThat(back.get("resolution").isNull()).isTrue();
        assertThat(back.get("resolvedAt").isNull()).isTrue();
        assertThat(back.get("targetReference").asString()).isEqualTo("work-order:" + first);
        assertThat(Instant.parse(back.get("dueAt").asString())).isEqualTo(due);
        assertThat(trail(back)).containsExactly("REGISTERED REGISTERED", "REGISTERED ACKNOWLEDGED", "ROUTED ROUTED",
                "VISIT_NOT_DONE VISIT_NOT_DONE", "VISIT_NOT_DONE NOTIFIED");
        assertThat(back.get("history").get(3).get("note").asString()).isEqualTo("Site visit not done (work order "
                + first + "): NO_ACCESS; our staff could not get into the premises (Gate locked, nobody at home). "
                + "Back at the care desk for a new visit");
        // The consumer is told the visit could not be done and why, by SMS and email.
        assertThat(CareFixtures.smsContaining(c.mobile(), "could not attend")).filteredOn(t -> t.contains(crn)
                && t.contains("could not attend")).singleElement().satisfies(t -> assertThat(t).contains("Gate locked, nobody at home")
                        .contains("stays open"));
        CareFixtures.mailSubjects(c.email(), "Complaint " + crn + ": the visit could not be done");
        // In the portal the consumer sees it still open, and why.
        TestHttp portal = PortalCareFixtures.signIn(port, PortalCareFixtures.login(logins, c.consumerNo()));
        var mine = Jsoup.parse(portal.get("/portal/complaints/" + crn).body());
        assertThat(mine.select("#status").attr("data-status")).isEqualTo("VISIT_NOT_DONE");
        assertThat(mine.select("#status").text()).isEqualTo("Visit could not be done; another visit is being arranged");
        assertThat(mine.select("#history .history-note").eachText()).anyMatch(t -> t.contains("Gate locked"));
        // The desk's queue of visits not done; nothing to close yet.
        assertThat(care.get(PATH + "?status=VISIT_NOT_DONE&consumerNo=" + c.consumerNo()).json())
                .extracting(j -> j.get("crn").asString()).containsExactly(crn);
        assertThat(care.postJson(PATH + "/" + crn + "/closure", Map.of()).status()).isEqualTo(409);

        // The same completion delivered again (a redelivery of the event) changes nothing and tells nobody twice.
        Eventually.await(Duration.ofSeconds(10), () -> careHandled(first), n -> n == 1);
        WorkOrderCompleted again = new WorkOrderCompleted(first, "complaint:" + crn, WorkOrderType.COMPLAINT_VISIT,
                InspectionOutcome.NO_ACCESS, c.meter(), c.consumerNo(), "Gate locked, nobody at home", Map.of(), null,
                "field", Instant.now());
        tx.executeWithoutResult(status -> publisher.publishEvent(again));
        Eventually.await(Duration.ofSeconds(15), () -> careHandled(first), n -> n == 2);
        JsonNode unchanged = care.get(PATH + "/" + crn).json();
        assertThat(unchanged.get("status").asString()).isEqualTo("VISIT_NOT_DONE");
        assertThat(trail(unchanged)).isEqualTo(trail(back));
        assertThat(TestSms.to(c.mobile()).stream().map(m -> m.get("text").asString())
                .filter(t -> t.contains("could not attend"))).hasSize(1);

        // Its SLA runs on: past the due time it is breached and escalated like any waiting complaint.
        sweep.sweep(due.plusSeconds(60));
        JsonNode late = care.get(PATH + "/" + crn).json();
        assertThat(late.get("breached").asBoolean()).isTrue();
        assertThat(late.get("escalationLevel").asInt()).isEqualTo(1);
        assertThat(trail(late)).endsWith("VISIT_NOT_DONE ESCALATED");

        // The desk raises a second visit: a note for the crew is needed.
        TestHttp.Response noNote = care.postJson(PATH + "/" + crn + "/visit", Map.of("note", " "));
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(field(noNote)).isEqualTo("note");
        assertThat(care.get(PATH + "/" + crn).json().get("status").asString()).isEqualTo("VISIT_NOT_DONE");
        TestHttp.Response raised = care.postJson(PATH + "/" + crn + "/visit",
                Map.of("note", "Consumer at home on Saturday 10:00-13:00"));
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        JsonNode second = raised.json();
        long secondOrder = orderOf(second);
        assertThat(secondOrder).isNotEqualTo(first);
        assertThat(second.get("status").asString()).isEqualTo("ROUTED");
        assertThat(second.get("routeRound").asInt()).isEqualTo(2);
        assertThat(second.get("escalationLevel").asInt()).isEqualTo(1);
        assertThat(Instant.parse(second.get("dueAt").asString())).isEqualTo(due);
        assertThat(trail(second)).endsWith("VISIT_NOT_DONE ESCALATED", "VISIT_NOT_DONE NEW_VISIT", "ROUTED ROUTED");
        JsonNode wo = field.get("/api/v1/work-orders/" + secondOrder).json();
        assertThat(wo.get("type").asString()).isEqualTo("COMPLAINT_VISIT");
        assertThat(wo.get("sourceReference").asString()).isEqualTo("complaint:" + crn + ":2");
        assertThat(wo.get("description").asString()).endsWith("visit 2: Consumer at home on Saturday 10:00-13:00");
        // While that visit is open no third one is raised.
        TestHttp.Response twice = care.postJson(PATH + "/" + crn + "/visit", Map.of("note", "Again please"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(field(twice)).isEqualTo("status");

        // The second visit is done: the complaint is resolved with its findings, then closed with a notice.
        complete(field, secondOrder, "DONE", "Display unit loose; refitted and sealed");
        JsonNode resolved = awaitComplaint(care, crn, "RESOLVED");
        assertThat(resolved.get("resolution").asString()).isEqualTo("Site visit done (work order " + secondOrder
                + "): DONE; Display unit loose; refitted and sealed");
        assertThat(care.postJson(PATH + "/" + crn + "/closure", Map.of()).json().get("status").asString())
                .isEqualTo("CLOSED");
        assertThat(CareFixtures.smsContaining(c.mobile(), "is closed")).anyMatch(t -> t.contains(crn)
                && t.contains("refitted and sealed"));
    }

    @Test
    void uc20_5_theCareDeskRaisesTheNewVisitFromItsPageOrResolvesTheComplaintAndACancelledVisitMayBeRaisedAgain() {
        Scene s = scene("CRW");
        String p = s.p();
        CareFixtures.Consumer c = s.c();
        TestHttp care = s.care();
        TestHttp field = s.field();
        TestHttp billing = CareFixtures.staff(port, "BILLING");
        JsonNode meter = registerComplaint(care, Map.of("category", "METER", "consumerNo", c.consumerNo(),
                "description", "Meter running fast"), p + "1");
        JsonNode voltage = registerComplaint(care, Map.of("category", "VOLTAGE", "consumerNo", c.consumerNo(),
                "description", "Lights dim every evening"), p + "2");
        JsonNode theft = registerComplaint(care, Map.of("category", "THEFT_REPORT", "consumerNo", c.consumerNo(),
                "description", "Hooking on the pole near house 12"), p + "3");
        String meterCrn = meter.get("crn").asString();
        String voltageCrn = voltage.get("crn").asString();
        String theftCrn = theft.get("crn").asString();
        complete(field, orderOf(meter), "NOT_DONE", "Test set not available");
        complete(field, orderOf(voltage), "NOT_DONE", "Rain; line work not safe");
        awaitComplaint(care, meterCrn, "VISIT_NOT_DONE");
        awaitComplaint(care, voltageCrn, "VISIT_NOT_DONE");

        // The staff desk page lists the visits not done, each with a form for a new visit.
        String clerk = Fixtures.staffUser(port, "desk", List.of("OPERATOR"));
        TestHttp page = TestHttp.browser(port);
        page.signIn(clerk, Fixtures.password(clerk));
        String queue = "/care?status=VISIT_NOT_DONE&consumerNo=" + c.consumerNo();
        var desk = Jsoup.parse(page.get(queue).body());
        assertThat(desk.select("#complaints td").eachText()).contains(meterCrn, voltageCrn)
                .doesNotContain(theftCrn);
        assertThat(desk.select("form.new-visit").eachAttr("data-crn")).containsExactlyInAnyOrder(meterCrn, voltageCrn);
        // A new visit without a note is refused on the page and changes nothing.
        TestHttp.Response refused = page.postForm("/care/complaints/" + meterCrn + "/visit", Map.of("note", ""), queue,
                true);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(Jsoup.parse(refused.body()).select("#visit-error").text()).contains(meterCrn).contains("3 to 2000");
        assertThat(care.get(PATH + "/" + meterCrn).json().get("routeRound").asInt()).isEqualTo(1);
        TestHttp.Response posted = page.postForm("/care/complaints/" + meterCrn + "/visit",
                Map.of("note", "Bring the portable test set"), queue, true);
        assertThat(posted.status()).isEqualTo(302);
        assertThat(posted.location()).contains("visitRaised=" + meterCrn);
        assertThat(Jsoup.parse(page.get("/care?consumerNo=" + c.consumerNo() + "&visitRaised=" + meterCrn).body())
                .select("#visit-raised").text()).contains(meterCrn);
        JsonNode rerouted = care.get(PATH + "/" + meterCrn).json();
        assertThat(rerouted.get("status").asString()).isEqualTo("ROUTED");
        assertThat(rerouted.get("routeRound").asInt()).isEqualTo(2);
        assertThat(trail(rerouted)).endsWith("VISIT_NOT_DONE NEW_VISIT", "ROUTED ROUTED");
        assertThat(rerouted.get("history").get(rerouted.get("history").size() - 2).get("actor").asString())
                .isEqualTo(clerk);

        // The consumer says the voltage is normal now: the care desk resolves it without a visit (billing may not).
        TestHttp.Response notTheirs = billing.postJson(PATH + "/" + voltageCrn + "/resolution",
                Map.of("note", "Consumer reports normal voltage"));
        assertThat(notTheirs.status()).isEqualTo(403);
        assertThat(field(notTheirs)).isEqualTo("route");
        JsonNode byDesk = care.postJson(PATH + "/" + voltageCrn + "/resolution",
                Map.of("note", "Consumer reports normal voltage since the DT tap change")).json();
        assertThat(byDesk.get("status").asString()).isEqualTo("RESOLVED");
        assertThat(byDesk.get("resolution").asString()).isEqualTo("Consumer reports normal voltage since the DT tap change");

        // A visit still open is not replaced; once the field force cancels it, the desk raises a new one.
        TestHttp.Response open = care.postJson(PATH + "/" + theftCrn + "/visit", Map.of("note", "Send a night crew"));
        assertThat(open.status()).isEqualTo(409);
        assertThat(field(open)).isEqualTo("status");
        // Routed elsewhere than a visit (a billing complaint): no visit to raise.
        JsonNode bill = registerComplaint(care, Map.of("category", "BILLING", "consumerNo", c.consumerNo(),
                "description", "Bill too high"), p + "4");
        TestHttp.Response notWfm = care.postJson(PATH + "/" + bill.get("crn").asString() + "/visit",
                Map.of("note", "Check the meter"));
        assertThat(notWfm.status()).isEqualTo(409);
        assertThat(field(notWfm)).isEqualTo("route");
        assertThat(field.postJson("/api/v1/work-orders/" + orderOf(theft) + "/cancellation",
                Map.of("reason", "Crew diverted to a feeder fault")).status()).isEqualTo(200);
        JsonNode again = care.postJson(PATH + "/" + theftCrn + "/visit", Map.of("note", "Send a night crew")).json();
        assertThat(again.get("status").asString()).isEqualTo("ROUTED");
        assertThat(again.get("routeRound").asInt()).isEqualTo(2);
        assertThat(orderOf(again)).isNotEqualTo(orderOf(theft));
    }
}

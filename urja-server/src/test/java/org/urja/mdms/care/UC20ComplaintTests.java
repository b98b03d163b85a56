package org.urja.mdms.care;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.care.internal.SlaSweep;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Feeds;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.care.CareFixtures.awaitComplaint;
import static org.urja.mdms.care.CareFixtures.field;
import static org.urja.mdms.care.CareFixtures.key;
import static org.urja.mdms.care.CareFixtures.registerComplaint;
import static org.urja.mdms.care.CareFixtures.trail;
import static org.urja.mdms.support.HesEvents.event;

/**
 * UC20 Consumer complaints through the REST API, the HES contract and real PostgreSQL: registration with a CRN
 * acknowledged by SMS and email (20.2–20.3), routing by nature (20.4) — no supply to OMS (an outage driven by the
 * meter's last gasp and first breath), meter/safety to WFM (a complaint visit work order), billing to the billing desk
 * — each closed by its target's completion (20.5) and then with a notice (20.6); re-opening within the window and not
 * after it; SLA breaches escalated; bad and repeated complaints. (The portal login, 20.1, is not here.)
 */
@UrjaIntegrationTest
class UC20ComplaintTests {

    private static final String PATH = "/api/v1/complaints";

    @LocalServerPort
    int port;

    @Autowired
    SlaSweep sweep;

    @Autowired
    JdbcClient jdbc;

    private long outageOf(String meter) {
        return Eventually.await(Duration.ofSeconds(10), () -> Fixtures.admin(port)
                .get("/api/v1/outages?open=true&meter=" + meter).json(), l -> l.size() == 1).get(0).get("id").asLong();
    }

    @Test
    void uc20_2to20_6_noSupplyJoinsTheOutageTheMeterReportedAndIsClosedWhenOmsSeesItRestored() {
        String p = Fixtures.unique("CRA").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.supplied(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        // The meter's last gasp came first: OMS knows of the outage.
        Instant out = Instant.now().minusSeconds(600);
        assertThat(HesEvents.send(port, List.of(event(c.meter(), out, 101))).status()).isEqualTo(202);
        long outage = outageOf(c.meter());

        // UC20.2–20.4: the complaint, its CRN (SMS and email), routed to OMS as part of that outage.
        Map<String, Object> body = Map.of("category", "NO_SUPPLY", "consumerNo", c.consumerNo(), "channel", "CALL_CENTRE",
                "description", "No light since the evening");
        JsonNode complaint = registerComplaint(care, body, p + "1");
        String crn = complaint.get("crn").asString();
        assertThat(crn).matches("CR[0-9]{6}[0-9]{4,}");
        assertThat(complaint.get("status").asString()).isEqualTo("ROUTED");
        assertThat(complaint.get("route").asString()).isEqualTo("OMS");
        assertThat(complaint.get("targetReference").asString()).isEqualTo("outage:" + outage);
        assertThat(trail(complaint)).containsExactly("REGISTERED REGISTERED", "REGISTERED ACKNOWLEDGED", "ROUTED ROUTED");
        assertThat(complaint.get("history").get(2).get("note").asString())
                .isEqualTo("to OMS: part of outage " + outage + " already known");
        assertThat(CareFixtures.smsContaining(c.mobile(), crn)).anyMatch(t -> t.contains("No supply"));
        CareFixtures.mailSubjects(c.email(), "Complaint " + crn + " registered");
        JsonNode incident = Fixtures.admin(port).get("/api/v1/outages/" + outage).json();
        assertThat(incident.get("consumerReports")).hasSize(1);
        assertThat(incident.get("consumerReports").get(0).get("reference").asString()).isEqualTo("complaint:" + crn);
        assertThat(incident.get("consumerReports").get(0).get("opened").asBoolean()).isFalse();
        assertThat(Feeds.event(port, "ComplaintRegistered", "crn", crn).get("data").get("route").asString())
                .isEqualTo("OMS");
        // Only OMS reports it done: no desk may resolve it.
        TestHttp.Response byHand = care.postJson(PATH + "/" + crn + "/resolution", Map.of("note", "Fixed"));
        assertThat(byHand.status()).isEqualTo(409);
        assertThat(field(byHand)).isEqualTo("route");

        // UC20.5: the supply is back — the meter's first breath restores the outage, which resolves the complaint.
        assertThat(HesEvents.send(port, List.of(event(c.meter(), Instant.now().minusSeconds(5), 102))).status())
                .isEqualTo(202);
        JsonNode resolved = awaitComplaint(care, crn, "RESOLVED");
        assertThat(resolved.get("resolution").asString()).startsWith("Supply restored at ")
                .endsWith("(outage " + outage + ")");
        assertThat(resolved.get("resolvedBy").asString()).isEqualTo("system:oms");

        // UC20.6: closed, the consumer told (with how to re-open); CIS/CRM reads it from the feed.
        JsonNode closed = care.postJson(PATH + "/" + crn + "/closure", Map.of("note", "Consumer confirmed")).json();
        assertThat(closed.get("status").asString()).isEqualTo("CLOSED");
        assertThat(trail(closed)).containsExactly("REGISTERED REGISTERED", "REGISTERED ACKNOWLEDGED", "ROUTED ROUTED",
                "RESOLVED RESOLVED", "CLOSED CLOSED", "CLOSED NOTIFIED");
        assertThat(CareFixtures.smsContaining(c.mobile(), "is closed")).anyMatch(t -> t.contains(crn)
                && t.contains("Supply restored") && t.contains("within 7 days"));
        CareFixtures.mailSubjects(c.email(), "Complaint " + crn + " closed");
        JsonNode shared = Feeds.event(port, "ComplaintClosed", "crn", crn).get("data");
        assertThat(shared.get("resolvedBy").asString()).isEqualTo("system:oms");
        assertThat(shared.get("targetReference").asString()).isEqualTo("outage:" + outage);
    }

    @Test
    void uc20_4_noSupplyNobodyKnewOfOpensAnOutageIncidentThatTheMetersFirstBreathCloses() {
        String p = Fixtures.unique("CRB").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.supplied(port, p);
        TestHttp care = CareFixtures.staff(port, "BILLING");
        JsonNode complaint = registerComplaint(care, Map.of("category", "NO_SUPPLY", "consumerNo", c.consumerNo(),
                "description", "Supply gone, neighbours have light"), p + "1");
        String crn = complaint.get("crn").asString();
        String target = complaint.get("targetReference").asString();
        long outage = Long.parseLong(target.substring("outage:".length()));
        assertThat(complaint.get("history").get(2).get("note").asString()).isEqualTo("to OMS: opened outage " + outage);
        JsonNode incident = Fixtures.admin(port).get("/api/v1/outages/" + outage).json();
        assertThat(incident.get("outage").get("status").asString()).isEqualTo("OPEN");
        assertThat(incident.get("outage").get("scope").asString()).isEqualTo("METER");
        assertThat(incident.get("outage").get("source").asString()).isEqualTo("CONSUMER_REPORT");
        assertThat(incident.get("meters").get(0).get("meterSerialNo").asString()).isEqualTo(c.meter());
        assertThat(incident.get("consumerReports").get(0).get("opened").asBoolean()).isTrue();
        // OMS and CIS/CRM hear of the incident like any outage.
        assertThat(Feeds.event(port, "OutageStarted", "outageId", outage).get("data").get("consumerNos").get(0)
                .asString()).isEqualTo(c.consumerNo());

        // The line is repaired: the meter's first breath ends the incident and resolves the complaint.
        assertThat(HesEvents.send(port, List.of(event(c.meter(), Instant.now().plusSeconds(1), 102))).status())
                .isEqualTo(202);
        JsonNode resolved = awaitComplaint(care, crn, "RESOLVED");
        assertThat(resolved.get("targetReference").asString()).isEqualTo(target);
        assertThat(Fixtures.admin(port).get("/api/v1/outages/" + outage).json().get("outage").get("status").asString())
                .isEqualTo("RESTORED");
    }

    @Test
    void uc20_4_theMetersLateLastGaspJoinsTheOutageTheComplaintOpened() {
        String p = Fixtures.unique("CRG").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.supplied(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        JsonNode complaint = registerComplaint(care, Map.of("category", "NO_SUPPLY", "consumerNo", c.consumerNo(),
                "description", "No supply since noon"), p + "1");
        long outage = Long.parseLong(complaint.get("targetReference").asString().substring("outage:".length()));
        // The meter's last gasp arrives late (its DCU was down too): the same outage, which started when it gasped.
        Instant gasp = Instant.parse(complaint.get("createdAt").asString()).minusSeconds(900);
        assertThat(HesEvents.send(port, List.of(event(c.meter(), gasp, 101))).status()).isEqualTo(202);
        JsonNode joined = Eventually.await(Duration.ofSeconds(10), () -> Fixtures.admin(port)
                .get("/api/v1/outages/" + outage).json(), o -> !o.get("meters").get(0).get("lastGaspAt").isNull());
        assertThat(Instant.parse(joined.get("outage").get("startedAt").asString())).isEqualTo(gasp);
        assertThat(Fixtures.admin(port).get("/api/v1/outages?meter=" + c.meter()).json()).hasSize(1);
        assertThat(HesEvents.send(port, List.of(event(c.meter(), Instant.now(), 102))).status()).isEqualTo(202);
        assertThat(awaitComplaint(care, complaint.get("crn").asString(), "RESOLVED").get("resolution").asString())
                .endsWith("(outage " + outage + ")");
    }

    @Test
    void uc20_4_meterAndSafetyComplaintsGoToWfmAndTheVisitsCompletionResolvesThem() {
        String p = Fixtures.unique("CRC").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.supplied(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        TestHttp field = CareFixtures.staff(port, "FIELD_SUPERVISOR");
        JsonNode meter = registerComplaint(care, Map.of("category", "METER", "consumerNo", c.consumerNo(), "meterSerialNo",
                c.meter(), "description", "Meter display blank"), p + "1");
        JsonNode safety = registerComplaint(care, Map.of("category", "SAFETY", "consumerNo", c.consumerNo(),
                "description", "Sparking at the pole outside"), p + "2");
        String crn = meter.get("crn").asString();
        assertThat(meter.get("route").asString()).isEqualTo("WFM");
        long order = Long.parseLong(meter.get("targetReference").asString().substring("work-order:".length()));
        JsonNode wo = field.get("/api/v1/work-orders/" + order).json();
        assertThat(wo.get("type").asString()).isEqualTo("COMPLAINT_VISIT");
        assertThat(wo.get("sourceReference").asString()).isEqualTo("complaint:" + crn);
        assertThat(wo.get("consumerNo").asString()).isEqualTo(c.consumerNo());
        assertThat(wo.get("meterSerialNo").asString()).isEqualTo(c.meter());
        assertThat(Instant.parse(wo.get("dueAt").asString())).isEqualTo(Instant.parse(meter.get("dueAt").asString()));
        long safetyOrder = Long.parseLong(safety.get("targetReference").asString().substring("work-order:".length()));
        assertThat(field.get("/api/v1/work-orders/" + safetyOrder).json().get("priority").asString())
                .isEqualTo("EMERGENCY");

        // UC20.5: the field force reports the visit done; the complaint is resolved with its findings.
        TestHttp.Response done = field.postJson("/api/v1/work-orders/" + order + "/completion", Map.of("outcome", "DONE",
                "findings", "Display unit loose; refitted and sealed"));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        JsonNode resolved = awaitComplaint(care, crn, "RESOLVED");
        assertThat(resolved.get("resolution").asString()).isEqualTo("Site visit done (work order " + order
                + "): DONE; Display unit loose; refitted and sealed");
        assertThat(care.get(PATH + "/" + safety.get("crn").asString()).json().get("status").asString())
                .isEqualTo("ROUTED");
        assertThat(care.postJson(PATH + "/" + crn + "/closure", Map.of()).json().get("status").asString())
                .isEqualTo("CLOSED");
        assertThat(CareFixtures.smsContaining(c.mobile(), "is closed")).anyMatch(t -> t.contains(crn)
                && t.contains("refitted and sealed"));
    }

    @Test
    void uc20_4_aBillingComplaintIsResolvedAtTheBillingDeskAndReopenedWithinTheWindowButNotAfterIt() {
        String p = Fixtures.unique("CRD").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.consumer(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        TestHttp billing = CareFixtures.staff(port, "BILLING");
        JsonNode complaint = registerComplaint(care, Map.of("category", "BILLING", "consumerNo", c.consumerNo(),
                "description", "Charged twice for October"), p + "1");
        String crn = complaint.get("crn").asString();
        assertThat(complaint.get("targetReference").asString()).isEqualTo("desk:BILLING");
        assertThat(billing.get(PATH + "?route=BILLING_DESK&status=ROUTED&consumerNo=" + c.consumerNo()).json())
                .extracting(j -> j.get("crn").asString()).containsExactly(crn);
        // Operations staff are not the billing desk.
        TestHttp.Response notMine = care.postJson(PATH + "/" + crn + "/resolution", Map.of("note", "Refunded"));
        assertThat(notMine.status()).isEqualTo(403);
        assertThat(field(notMine)).isEqualTo("route");
        // Not closed before it is resolved.
        assertThat(care.postJson(PATH + "/" + crn + "/closure", Map.of()).status()).isEqualTo(409);

        // The desk's queue in the staff portal, listed on the home page of care staff only.
        String clerk = Fixtures.staffUser(port, "desk", List.of("BILLING"));
        TestHttp portal = TestHttp.browser(port);
        portal.signIn(clerk, Fixtures.password(clerk));
        assertThat(portal.get("/").body()).contains("Service requests and complaints");
        assertThat(org.jsoup.Jsoup.parse(portal.get("/care?route=BILLING_DESK").body()).select("#complaints td")
                .eachText()).contains(crn, "desk:BILLING");
        String viewer = Fixtures.staffUser(port, "view", List.of("VIEWER"));
        TestHttp viewing = TestHttp.browser(port);
        viewing.signIn(viewer, Fixtures.password(viewer));
        assertThat(viewing.get("/").body()).doesNotContain("Service requests and complaints");
        assertThat(viewing.get("/care").status()).isEqualTo(403);

        JsonNode resolved = billing.postJson(PATH + "/" + crn + "/resolution",
                Map.of("note", "Duplicate charge reversed in the November bill")).json();
        assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");
        care.postJson(PATH + "/" + crn + "/closure", Map.of());

        // The consumer says it is not resolved: re-opened within the window, routed again, acknowledged.
        TestHttp.Response noReason = care.postJson(PATH + "/" + crn + "/reopening", Map.of());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(field(noReason)).isEqualTo("reason");
        JsonNode reopened = care.postJson(PATH + "/" + crn + "/reopening",
                Map.of("reason", "November bill still shows the charge")).json();
        assertThat(reopened.get("status").asString()).isEqualTo("ROUTED");
        assertThat(reopened.get("reopenCount").asInt()).isEqualTo(1);
        assertThat(reopened.get("routeRound").asInt()).isEqualTo(2);
        assertThat(reopened.get("resolution").isNull()).isTrue();
        assertThat(trail(reopened)).endsWith("REOPENED REOPENED", "REOPENED ACKNOWLEDGED", "ROUTED ROUTED");
        assertThat(CareFixtures.smsContaining(c.mobile(), "re-opened")).anyMatch(t -> t.contains(crn));
        billing.postJson(PATH + "/" + crn + "/resolution", Map.of("note", "Reversal posted on 12 Dec"));
        care.postJson(PATH + "/" + crn + "/closure", Map.of());
        // Two closures, each on the feed.
        assertThat(Feeds.event(port, "ComplaintClosed", "crn", crn)).isNotNull();

        // As if closed eight days ago: past the 7-day window, re-opening is refused and changes nothing.
        jdbc.sql("UPDATE complaint SET closed_at = closed_at - interval '8 days' WHERE crn = ?").param(crn).update();
        TestHttp.Response late = care.postJson(PATH + "/" + crn + "/reopening", Map.of("reason", "Still wrong"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(field(late)).isEqualTo("status");
        assertThat(late.json().get("detail").asString()).contains("register a new complaint");
        JsonNode still = care.get(PATH + "/" + crn).json();
        assertThat(still.get("status").asString()).isEqualTo("CLOSED");
        assertThat(still.get("reopenCount").asInt()).isEqualTo(1);
    }

    @Test
    void uc20_5_anSlaBreachIsEscalatedToLevel1AndThen2() {
        String p = Fixtures.unique("CRE").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.supplied(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        JsonNode complaint = registerComplaint(care, Map.of("category", "SAFETY", "consumerNo", c.consumerNo(),
                "description", "Service cable hanging low over the road"), p + "1");
        String crn = complaint.get("crn").asString();
        Instant due = Instant.parse(complaint.get("dueAt").asString());
        assertThat(Duration.between(Instant.parse(complaint.get("createdAt").asString()), due)).isEqualTo(Duration.ofHours(4));

        sweep.sweep(due.minusSeconds(1));
        assertThat(care.get(PATH + "/" + crn).json().get("escalationLevel").asInt()).isZero();
        sweep.sweep(due.plusSeconds(60));
        JsonNode level1 = care.get(PATH + "/" + crn).json();
        assertThat(level1.get("breached").asBoolean()).isTrue();
        assertThat(level1.get("escalationLevel").asInt()).isEqualTo(1);
        assertThat(trail(level1)).endsWith("ROUTED ESCALATED");
        assertThat(care.get(PATH + "?breached=true&consumerNo=" + c.consumerNo()).json()).hasSize(1);
        CareFixtures.mailSubjects("care-level1@urja-test.example", "Escalation level 1: complaint " + crn + " past its SLA");

        sweep.sweep(due.plus(Duration.ofHours(4)).plusSeconds(60));
        JsonNode level2 = care.get(PATH + "/" + crn).json();
        assertThat(level2.get("escalationLevel").asInt()).isEqualTo(2);
        assertThat(trail(level2)).endsWith("ROUTED ESCALATED", "ROUTED ESCALATED");
        CareFixtures.mailSubjects("care-level2@urja-test.example", "Escalation level 2: complaint " + crn + " past its SLA");
        // Level 2 is the top: sweeping again changes nothing.
        sweep.sweep(due.plus(Duration.ofDays(2)));
        assertThat(trail(care.get(PATH + "/" + crn).json())).filteredOn(s -> s.endsWith("ESCALATED")).hasSize(2);
    }

    @Test
    void uc20_2_badAndRepeatedComplaintsAreRefusedNamingTheFieldAndChangeNothing() {
        String p = Fixtures.unique("CRF").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.supplied(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        Map<String, Object> good = Map.of("category", "VOLTAGE", "consumerNo", c.consumerNo(),
                "description", "Fans run slowly every evening");

        record Bad(Map<String, Object> body, Map<String, String> headers, int status, String field) {
        }
        List<Bad> bad = List.of(
                new Bad(good, Map.of(), 400, "Idempotency-Key"),
                new Bad(Map.of("category", "NOISE", "consumerNo", c.consumerNo(), "description", "x"), key(p + "b1"),
                        400, "category"),
                new Bad(Map.of("category", "VOLTAGE", "consumerNo", c.consumerNo(), "description", " "), key(p + "b2"),
                        400, "description"),
                new Bad(Map.of("category", "VOLTAGE", "description", "Low voltage"), key(p + "b3"), 400, "consumerNo"),
                new Bad(Map.of("category", "VOLTAGE", "consumerNo", p + "NOBODY", "description", "Low voltage"),
                        key(p + "b4"), 422, "consumerNo"),
                new Bad(Map.of("category", "METER", "consumerNo", c.consumerNo(), "meterSerialNo", "SOMEONE-ELSES",
                        "description", "Meter burnt"), key(p + "b5"), 422, "meterSerialNo"),
                new Bad(Map.of("category", "VOLTAGE", "consumerNo", c.consumerNo(), "description", "Low voltage",
                        "channel", "pigeon"), key(p + "b6"), 400, "channel"));
        for (Bad b : bad) {
            TestHttp.Response r = care.postJson(PATH, b.body(), b.headers());
            assertThat(r.status()).as(b + " → " + r.body()).isEqualTo(b.status());
            assertThat(field(r)).as(b.toString()).isEqualTo(b.field());
        }
        assertThat(care.get(PATH + "?consumerNo=" + c.consumerNo()).json()).isEmpty();
        assertThat(CareFixtures.staff(port, "VIEWER").postJson(PATH, good, key(p + "v")).status()).isEqualTo(403);

        // The same complaint sent twice (a retry) is one complaint, one work order, one acknowledgement.
        JsonNode first = registerComplaint(care, good, p + "1");
        TestHttp.Response again = care.postJson(PATH, good, key(p + "1"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("crn").asString()).isEqualTo(first.get("crn").asString());
        assertThat(again.json().get("targetReference").asString()).isEqualTo(first.get("targetReference").asString());
        TestHttp.Response reused = care.postJson(PATH, Map.of("category", "BILLING", "consumerNo", c.consumerNo(),
                "description", "Another matter"), key(p + "1"));
        assertThat(reused.status()).isEqualTo(409);
        assertThat(field(reused)).isEqualTo("Idempotency-Key");
        assertThat(care.get(PATH + "?consumerNo=" + c.consumerNo()).json()).hasSize(1);
        assertThat(Fixtures.admin(port).get("/api/v1/work-orders?consumerNo=" + c.consumerNo()).json()).hasSize(1);
        CareFixtures.smsContaining(c.mobile(), first.get("crn").asString());
        assertThat(TestSms.to(c.mobile())).hasSize(1);
        assertThat(care.get(PATH + "/CR0000000000").status()).isEqualTo(404);
        assertThat(care.get(PATH + "/categories").json()).hasSize(7);
    }
}

package org.urja.mdms.care;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.care.internal.SlaSweep;
import org.urja.mdms.support.Feeds;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.care.CareFixtures.field;
import static org.urja.mdms.care.CareFixtures.key;
import static org.urja.mdms.care.CareFixtures.trail;

/**
 * UC19 Consumer service request, through the REST API on real PostgreSQL: the request with an SRN acknowledged by SMS
 * and email (19.2–19.3), its resolution updating the consumer record (19.4), closure with a notice (19.5); SLA
 * breaches flagged and escalated; bad and repeated requests. (The portal login, 19.1, is not here; a migration
 * request: {@code org.urja.mdms.migration.UC19MigrationServiceRequestTests}.)
 */
@UrjaIntegrationTest
class UC19ServiceRequestTests {

    @LocalServerPort
    int port;

    @Autowired
    SlaSweep sweep;

    @Autowired
    AuditTrail audit;

    @Test
    void uc19_2to19_5_anAddressChangeIsAcknowledgedResolvedIntoTheConsumerRecordAndClosedWithANotice() {
        String p = Fixtures.unique("SRA").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.consumer(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        Map<String, Object> body = Map.of("type", "ADDRESS_CHANGE", "consumerNo", c.consumerNo(), "channel",
                "CALL_CENTRE", "details", Map.of("address", "22 Lodhi Colony, New Delhi 110003"),
                "description", "Moved house");

        // UC19.2–19.3: the request, its SRN, acknowledged by SMS and email.
        Instant before = Instant.now();
        TestHttp.Response created = care.postJson("/api/v1/service-requests", body, key(p + "1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode sr = created.json();
        String srn = sr.get("srn").asString();
        assertThat(srn).matches("SR[0-9]{6}[0-9]{4,}");
        assertThat(sr.get("status").asString()).isEqualTo("OPEN");
        assertThat(sr.get("details").get("address").asString()).isEqualTo("22 Lodhi Colony, New Delhi 110003");
        assertThat(Duration.between(before, Instant.parse(sr.get("dueAt").asString())))
                .isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7).plusMinutes(1));
        assertThat(sr.get("breached").asBoolean()).isFalse();
        assertThat(trail(sr)).containsExactly("OPEN CREATED", "OPEN ACKNOWLEDGED");
        assertThat(CareFixtures.smsContaining(c.mobile(), srn)).anyMatch(t -> t.contains("Change of the postal address")
                && t.startsWith("Dear Meena Kumari"));
        CareFixtures.mailSubjects(c.email(), "Service request " + srn + " received");

        // The same request again (a retry) is the same SRN; the key used for something else is refused.
        TestHttp.Response again = care.postJson("/api/v1/service-requests", body, key(p + "1"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("srn").asString()).isEqualTo(srn);
        TestHttp.Response other = care.postJson("/api/v1/service-requests", Map.of("type", "NAME_CHANGE",
                "consumerNo", c.consumerNo(), "details", Map.of("name", "Meena K")), key(p + "1"));
        assertThat(other.status()).isEqualTo(409);
        assertThat(field(other)).isEqualTo("Idempotency-Key");
        JsonNode mine = care.get("/api/v1/service-requests?consumerNo=" + c.consumerNo()).json();
        assertThat(mine).hasSize(1);
        assertThat(CareFixtures.smsContaining(c.mobile(), srn)).hasSize(1);

        // UC19.4: resolved — the consumer record has the new address; the change is audited with old and new values.
        TestHttp.Response resolved = care.postJson("/api/v1/service-requests/" + srn + "/resolution",
                Map.of("note", "Address proof verified"));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().get("status").asString()).isEqualTo("RESOLVED");
        JsonNode account = Fixtures.admin(port).get("/api/v1/consumers/" + c.consumerNo()).json();
        assertThat(account.get("address").asString()).isEqualTo("22 Lodhi Colony, New Delhi 110003");
        assertThat(account.get("name").asString()).isEqualTo("Meena Kumari");
        String operator = resolved.json().get("history").get(2).get("actor").asString();
        assertThat(audit.recent(operator, 20)).anyMatch(e -> e.action().equals("CONSUMER UPDATE")
                && e.target().equals("consumer " + c.consumerNo())
                && e.detail().startsWith("address: '4 Old Market, Karol Bagh' -> '22 Lodhi Colony, New Delhi 110003'")
                && e.detail().contains(srn));
        TestHttp.Response twice = care.postJson("/api/v1/service-requests/" + srn + "/resolution",
                Map.of("note", "Again"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(field(twice)).isEqualTo("status");

        // UC19.5: closed, the consumer told; CIS/CRM reads it from the integration feed.
        TestHttp.Response closed = care.postJson("/api/v1/service-requests/" + srn + "/closure", Map.of());
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        JsonNode done = care.get("/api/v1/service-requests/" + srn).json();
        assertThat(done.get("status").asString()).isEqualTo("CLOSED");
        assertThat(done.get("closedAt").isNull()).isFalse();
        assertThat(trail(done)).containsExactly("OPEN CREATED", "OPEN ACKNOWLEDGED", "RESOLVED RESOLVED",
                "CLOSED CLOSED", "CLOSED NOTIFIED");
        assertThat(done.get("history").get(2).get("note").asString())
                .isEqualTo("Address proof verified; consumer record updated: address");
        assertThat(CareFixtures.smsContaining(c.mobile(), "closed")).anyMatch(t -> t.contains(srn)
                && t.contains("completed: Address proof verified"));
        CareFixtures.mailSubjects(c.email(), "Service request " + srn + " closed");
        JsonNode shared = Feeds.event(port, "ServiceRequestClosed", "srn", srn).get("data");
        assertThat(shared.get("outcome").asString()).isEqualTo("CLOSED");
        assertThat(shared.get("consumerNo").asString()).isEqualTo(c.consumerNo());
    }

    @Test
    void uc19_4_contactAndLoadChangesUpdateTheAccountAndARejectedRequestIsToldWhy() {
        String p = Fixtures.unique("SRB").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.consumer(port, p);
        TestHttp care = CareFixtures.staff(port, "BILLING");
        String load = care.postJson("/api/v1/service-requests", Map.of("type", "LOAD_CHANGE", "consumerNo",
                c.consumerNo(), "details", Map.of("sanctionedLoadKw", 7.5)), key(p + "L")).json().get("srn").asString();
        String contact = care.postJson("/api/v1/service-requests", Map.of("type", "CONTACT_CHANGE", "consumerNo",
                c.consumerNo(), "details", Map.of("phone", "+919812345678")), key(p + "C")).json().get("srn").asString();
        String testing = care.postJson("/api/v1/service-requests", Map.of("type", "METER_TESTING", "consumerNo",
                c.consumerNo(), "details", Map.of("reason", "Bills too high")), key(p + "T")).json().get("srn").asString();

        assertThat(care.postJson("/api/v1/service-requests/" + load + "/assignment", Map.of("assignee", "JE Karol Bagh"))
                .json().get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(care.postJson("/api/v1/service-requests/" + load + "/resolution", Map.of("note", "Site survey done"))
                .status()).isEqualTo(200);
        assertThat(care.postJson("/api/v1/service-requests/" + contact + "/resolution", Map.of("note", "OTP verified"))
                .status()).isEqualTo(200);
        JsonNode account = Fixtures.admin(port).get("/api/v1/consumers/" + c.consumerNo()).json();
        assertThat(account.get("sanctionedLoadKw").decimalValue()).isEqualByComparingTo("7.5");
        assertThat(account.get("phone").asString()).isEqualTo("+919812345678");
        assertThat(account.get("email").asString()).isEqualTo(c.email());
        // The closure notice goes to the new number.
        assertThat(care.postJson("/api/v1/service-requests/" + contact + "/closure", Map.of("note", "Done")).status())
                .isEqualTo(200);
        assertThat(CareFixtures.smsContaining("+919812345678", contact)).hasSize(1);

        // A request that will not be carried out is rejected, with the reason told to the consumer (on the new number).
        TestHttp.Response rejected = care.postJson("/api/v1/service-requests/" + testing + "/rejection",
                Map.of("reason", "Meter tested last month; next test due in 2027"));
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(CareFixtures.smsContaining("+919812345678", "not carried out")).anyMatch(t -> t.contains(testing)
                && t.contains("not carried out: Meter tested last month"));
        assertThat(care.postJson("/api/v1/service-requests/" + testing + "/closure", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void uc19_3_anSlaBreachIsFlaggedAndEscalatedTwice() {
        String p = Fixtures.unique("SRC").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.consumer(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        JsonNode sr = care.postJson("/api/v1/service-requests", Map.of("type", "RECONNECTION", "consumerNo",
                c.consumerNo(), "details", Map.of("reason", "Arrears paid")), key(p + "R")).json();
        String srn = sr.get("srn").asString();
        Instant due = Instant.parse(sr.get("dueAt").asString());
        assertThat(sr.get("sla").asString()).isEqualTo("PT24H");

        sweep.sweep(due.minusSeconds(60));
        assertThat(care.get("/api/v1/service-requests/" + srn).json().get("breached").asBoolean()).isFalse();
        // Past its SLA: flagged, escalated to level 1 (told by email), listed among the breaches.
        sweep.sweep(due.plusSeconds(60));
        sweep.sweep(due.plusSeconds(120));
        JsonNode breached = care.get("/api/v1/service-requests/" + srn).json();
        assertThat(breached.get("breached").asBoolean()).isTrue();
        assertThat(Instant.parse(breached.get("breachedAt").asString())).isEqualTo(due);
        assertThat(breached.get("escalationLevel").asInt()).isEqualTo(1);
        assertThat(trail(breached)).containsExactly("OPEN CREATED", "OPEN ACKNOWLEDGED", "OPEN ESCALATED");
        assertThat(care.get("/api/v1/service-requests?breached=true&consumerNo=" + c.consumerNo()).json()).hasSize(1);
        CareFixtures.mailSubjects("care-level1@urja-test.example",
                "Escalation level 1: service request " + srn + " past its SLA");
        // Still open another SLA later: level 2.
        sweep.sweep(due.plus(Duration.ofHours(24)).plusSeconds(60));
        JsonNode level2 = care.get("/api/v1/service-requests/" + srn).json();
        assertThat(level2.get("escalationLevel").asInt()).isEqualTo(2);
        CareFixtures.mailSubjects("care-level2@urja-test.example",
                "Escalation level 2: service request " + srn + " past its SLA");
        // Resolved late: the breach stays on record.
        care.postJson("/api/v1/service-requests/" + srn + "/resolution", Map.of("note", "Reconnected"));
        assertThat(care.get("/api/v1/service-requests/" + srn).json().get("breached").asBoolean()).isTrue();
    }

    @Test
    void uc19_2_badRequestsAreRefusedNamingTheFieldAndChangeNothing() {
        String p = Fixtures.unique("SRD").toUpperCase() + "-";
        CareFixtures.Consumer c = CareFixtures.consumer(port, p);
        TestHttp care = CareFixtures.staff(port, "OPERATOR");
        String path = "/api/v1/service-requests";
        Map<String, Object> good = Map.of("type", "ADDRESS_CHANGE", "consumerNo", c.consumerNo(),
                "details", Map.of("address", "1 New Road"));

        record Bad(Map<String, Object> body, Map<String, String> headers, int status, String field) {
        }
        List<Bad> bad = List.of(
                new Bad(good, Map.of(), 400, "Idempotency-Key"),
                new Bad(Map.of("type", "WIRING", "consumerNo", c.consumerNo()), key(p + "b1"), 400, "type"),
                new Bad(Map.of("type", "ADDRESS_CHANGE", "consumerNo", c.consumerNo()), key(p + "b2"), 400,
                        "details.address"),
                new Bad(Map.of("type", "ADDRESS_CHANGE", "consumerNo", c.consumerNo(), "details",
                        Map.of("address", "1 New Road", "colour", "red")), key(p + "b3"), 400, "details.colour"),
                new Bad(Map.of("type", "LOAD_CHANGE", "consumerNo", c.consumerNo(), "details",
                        Map.of("sanctionedLoadKw", "lots")), key(p + "b4"), 400, "details.sanctionedLoadKw"),
                new Bad(Map.of("type", "LOAD_CHANGE", "consumerNo", c.consumerNo(), "details",
                        Map.of("sanctionedLoadKw", -2)), key(p + "b5"), 400, "details.sanctionedLoadKw"),
                new Bad(Map.of("type", "CONTACT_CHANGE", "consumerNo", c.consumerNo(), "details",
                        Map.of("email", "not-an-address")), key(p + "b6"), 400, "details.email"),
                new Bad(Map.of("type", "CONTACT_CHANGE", "consumerNo", c.consumerNo()), key(p + "b7"), 400, "details"),
                new Bad(Map.of("type", "MIGRATION", "consumerNo", c.consumerNo(), "details",
                        Map.of("targetMode", "BARTER")), key(p + "b8"), 400, "details.targetMode"),
                new Bad(Map.of("type", "ADDRESS_CHANGE", "details", Map.of("address", "1 New Road")), key(p + "b9"),
                        400, "consumerNo"),
                new Bad(Map.of("type", "ADDRESS_CHANGE", "consumerNo", p + "NOBODY", "details",
                        Map.of("address", "1 New Road")), key(p + "b10"), 422, "consumerNo"),
                // A consumer with no meter has nothing to migrate: the migration workflow's refusal, named here.
                new Bad(Map.of("type", "MIGRATION", "consumerNo", c.consumerNo(), "details",
                        Map.of("targetMode", "PREPAID")), key(p + "b11"), 422, "consumerNo"));
        for (Bad b : bad) {
            TestHttp.Response r = care.postJson(path, b.body(), b.headers());
            assertThat(r.status()).as(b + " → " + r.body()).isEqualTo(b.status());
            assertThat(field(r)).as(b.toString()).isEqualTo(b.field());
        }
        // A viewer may not see or make requests (personal data).
        TestHttp viewer = CareFixtures.staff(port, "VIEWER");
        assertThat(viewer.postJson(path, good, key(p + "v")).status()).isEqualTo(403);
        assertThat(viewer.get(path + "?consumerNo=" + c.consumerNo()).status()).isEqualTo(403);
        assertThat(care.get(path + "/SR0000000000").status()).isEqualTo(404);
        // Nothing was recorded.
        assertThat(care.get(path + "?consumerNo=" + c.consumerNo()).json()).isEmpty();
        assertThat(care.get(path + "/types").json()).hasSize(8);
    }
}

package org.urja.mdms.workorder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WFM (issue 8.4): work orders of any type raised by operations or another system under an origin reference, given
 * to crews, carried through the field states with their history, flagged overdue, completed with findings, outcome
 * and readings — which goes back to the origin as WorkOrderCompleted. Through HTTP on real PostgreSQL.
 */
@UrjaIntegrationTest
class WorkOrderLifecycleTests {

    private static final Map<String, TestHttp> USERS = new java.util.concurrent.ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Autowired
    AuditTrail audit;

    @Test
    void wfm_raiseAssignToACrewProgressAndCompleteWithHistoryAndTheCompletionCarriedToTheOrigin() {
        String p = Fixtures.unique("WA").toUpperCase();
        TestHttp ops = user("ops", "OPERATOR");
        TestHttp field = user("field", "FIELD_SUPERVISOR");
        TestHttp viewer = user("viewer", "VIEWER");

        TestHttp.Response crew = field.postJson("/api/v1/work-orders/crews", Map.of("code", p + "-C1",
                "name", "Civil Lines crew", "members", List.of("Suresh", "Imran"), "phone", "+919800000001",
                "area", "Civil Lines sub-division"));
        assertThat(crew.status()).as(crew.body()).isEqualTo(201);
        assertThat(field.postJson("/api/v1/work-orders/crews", Map.of("code", p + "-C1", "name", "again")).status())
                .isEqualTo(409);

        // Raised by operations for a complaint, P2: HIGH, due in 24 h.
        Map<String, Object> body = Map.of("type", "COMPLAINT_VISIT", "reference", "complaint:" + p,
                "consumerNo", p + "K1", "address", "7 Mall Road", "priority", "P2",
                "description", "Voltage fluctuation reported by the consumer");
        TestHttp.Response raised = ops.postJson("/api/v1/work-orders", body);
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        JsonNode order = raised.json();
        long id = order.get("id").asLong();
        assertThat(order.get("status").asString()).isEqualTo("OPEN");
        assertThat(order.get("priority").asString()).isEqualTo("HIGH");
        assertThat(order.get("overdue").asBoolean()).isFalse();
        assertThat(Duration.between(Instant.parse(order.get("createdAt").asString()),
                Instant.parse(order.get("dueAt").asString()))).isEqualTo(Duration.ofHours(24));
        // The same reference again is the same order.
        TestHttp.Response again = ops.postJson("/api/v1/work-orders", body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        assertThat(ops.get("/api/v1/work-orders?reference=complaint:" + p).json()).hasSize(1);

        // Not yet assigned: the crew cannot be on its way.
        TestHttp.Response early = field.postJson("/api/v1/work-orders/" + id + "/progress", Map.of("status", "EN_ROUTE"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(field(early)).isEqualTo("status");

        TestHttp.Response assigned = field.postJson("/api/v1/work-orders/" + id + "/assignment",
                Map.of("crewCode", p + "-C1", "assignee", "Suresh"));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(assigned.json().get("crewCode").asString()).isEqualTo(p + "-C1");
        assertThat(ops.get("/api/v1/work-orders?crew=" + p + "-C1&open=true").json()).hasSize(1);
        JsonNode crews = ops.get("/api/v1/work-orders/crews").json();
        crews.forEach(c -> {
            if (c.get("code").asString().equals(p + "-C1")) {
                assertThat(c.get("openOrders").asLong()).isEqualTo(1);
                assertThat(c.get("members")).hasSize(2);
            }
        });
        assertThat(field.postJson("/api/v1/work-orders/" + id + "/progress", Map.of("status", "EN_ROUTE",
                "note", "Leaving the depot")).json().get("status").asString()).isEqualTo("EN_ROUTE");
        assertThat(field.postJson("/api/v1/work-orders/" + id + "/progress", Map.of("status", "IN_PROGRESS",
                "note", "On site")).json().get("status").asString()).isEqualTo("IN_PROGRESS");
        TestHttp.Response back = field.postJson("/api/v1/work-orders/" + id + "/progress", Map.of("status", "EN_ROUTE"));
        assertThat(back.status()).isEqualTo(409);

        // A viewer cannot complete; an outcome of a tamper inspection does not fit a complaint visit.
        Map<String, Object> completion = Map.of("outcome", "DONE", "findings", "Loose neutral at the pole tightened",
                "readings", Map.of("kWh.import", "1234.5", "voltage.V", "238"));
        assertThat(viewer.postJson("/api/v1/work-orders/" + id + "/completion", completion).status()).isEqualTo(403);
        TestHttp.Response wrong = field.postJson("/api/v1/work-orders/" + id + "/completion", Map.of(
                "outcome", "TAMPER_CONFIRMED", "findings", "Magnet found on the meter"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(field(wrong)).isEqualTo("outcome");
        assertThat(ops.get("/api/v1/work-orders/" + id).json().get("status").asString()).isEqualTo("IN_PROGRESS");

        TestHttp.Response done = field.postJson("/api/v1/work-orders/" + id + "/completion", completion);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        JsonNode completed = done.json();
        assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(completed.get("outcome").asString()).isEqualTo("DONE");
        assertThat(completed.get("readings").get("kWh.import").decimalValue()).isEqualByComparingTo("1234.5");
        List<String> history = new ArrayList<>();
        completed.get("statusHistory").forEach(h -> {
            history.add(h.get("status").asString());
            assertThat(h.get("at").isNull()).isFalse();
            assertThat(h.get("by").asString()).isNotBlank();
        });
        assertThat(history).containsExactly("OPEN", "ASSIGNED", "EN_ROUTE", "IN_PROGRESS", "COMPLETED");
        assertThat(completed.get("statusHistory").get(2).get("note").asString()).isEqualTo("Leaving the depot");
        assertThat(field.postJson("/api/v1/work-orders/" + id + "/completion", completion).status()).isEqualTo(409);

        WorkOrderCompleted event = Eventually.await(Duration.ofSeconds(5), () -> committed.of(WorkOrderCompleted.class)
                .stream().filter(e -> e.workOrderId() == id).findFirst().orElse(null), e -> e != null);
        assertThat(event.reference()).isEqualTo("complaint:" + p);
        assertThat(event.type()).isEqualTo(WorkOrderType.COMPLAINT_VISIT);
        assertThat(event.outcome()).isEqualTo(InspectionOutcome.DONE);
        assertThat(event.readings()).containsKey("voltage.V");
        Eventually.await(Duration.ofSeconds(5), () -> audit.recent(null, 1000), entries -> entries.stream()
                .anyMatch(a -> a.action().equals("POST /api/v1/work-orders/" + id + "/completion")
                        && a.outcome().equals("OK")));
    }

    @Test
    void wfm_anOrderPastItsDueTimeIsFlaggedOverdueUntilClosed() {
        String p = Fixtures.unique("WB").toUpperCase();
        TestHttp ops = user("ops", "OPERATOR");
        Instant due = Instant.now().plusSeconds(2);
        TestHttp.Response raised = ops.postJson("/api/v1/work-orders", Map.of("type", "PHYSICAL_DISCONNECTION",
                "reference", "arrears:" + p, "consumerNo", p + "K1", "priority", "EMERGENCY", "dueBy", due.toString(),
                "description", "Cut the service cable: the meter cannot be disconnected remotely"));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        long id = raised.json().get("id").asLong();
        assertThat(raised.json().get("overdue").asBoolean()).isFalse();
        JsonNode late = Eventually.await(Duration.ofSeconds(10), () -> ops.get("/api/v1/work-orders/" + id).json(),
                o -> o.get("overdue").asBoolean());
        assertThat(late.get("status").asString()).isEqualTo("OPEN");
        List<Long> overdue = new ArrayList<>();
        ops.get("/api/v1/work-orders?overdue=true&type=PHYSICAL_DISCONNECTION").json()
                .forEach(o -> overdue.add(o.get("id").asLong()));
        assertThat(overdue).contains(id);

        TestHttp.Response cancelled = ops.postJson("/api/v1/work-orders/" + id + "/cancellation",
                Map.of("reason", "Consumer paid the arrears"));
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("overdue").asBoolean()).isFalse();
        List<Long> after = new ArrayList<>();
        ops.get("/api/v1/work-orders?overdue=true").json().forEach(o -> after.add(o.get("id").asLong()));
        assertThat(after).doesNotContain(id);
    }

    @Test
    void wfm_badInputAndRolesAreRefusedAndChangeNothing() {
        String p = Fixtures.unique("WC").toUpperCase();
        TestHttp ops = user("ops", "OPERATOR");
        TestHttp field = user("field", "FIELD_SUPERVISOR");
        Map<String, Object> good = Map.of("type", "METER_TESTING", "reference", "srn:" + p,
                "description", "Meter testing asked by the consumer");

        assertThat(field.postJson("/api/v1/work-orders", good).status()).as("the field force does not raise").isEqualTo(403);
        assertThat(user("viewer", "VIEWER").postJson("/api/v1/work-orders/crews", Map.of("code", p, "name", "x"))
                .status()).isEqualTo(403);
        assertRefused(ops.postJson("/api/v1/work-orders", with(good, "type", "GARDENING")), 400, "type");
        assertRefused(ops.postJson("/api/v1/work-orders", with(good, "type", "TAMPER_INSPECTION")), 400, "type");
        assertRefused(ops.postJson("/api/v1/work-orders", with(good, "priority", "P9")), 400, "priority");
        assertRefused(ops.postJson("/api/v1/work-orders", with(good, "dueBy", "2020-01-01T00:00:00Z")), 400, "dueBy");
        assertRefused(ops.postJson("/api/v1/work-orders", with(good, "description", "")), 400, "description");
        assertRefused(ops.postJson("/api/v1/work-orders", with(good, "servicePointCode", p + "-NOSP")), 422,
                "servicePointCode");
        assertRefused(ops.postJson("/api/v1/work-orders", with(good, "meterSerialNo", p + "-NOMETER")), 422,
                "meterSerialNo");
        assertThat(ops.get("/api/v1/work-orders?reference=srn:" + p).json()).isEmpty();

        TestHttp.Response raised = ops.postJson("/api/v1/work-orders", good);
        assertThat(raised.status()).isEqualTo(201);
        assertThat(raised.json().get("priority").asString()).isEqualTo("NORMAL");
        long id = raised.json().get("id").asLong();
        assertRefused(field.postJson("/api/v1/work-orders/" + id + "/assignment", Map.of()), 400, "crewCode");
        assertRefused(field.postJson("/api/v1/work-orders/" + id + "/assignment", Map.of("crewCode", p + "-NOCREW")),
                422, "crewCode");
        assertRefused(field.postJson("/api/v1/work-orders/" + id + "/progress", Map.of("status", "COMPLETED")), 400,
                "status");
        assertRefused(ops.get("/api/v1/work-orders?status=LOST"), 400, "status");
        assertThat(ops.get("/api/v1/work-orders/" + id).json().get("status").asString()).isEqualTo("OPEN");
        assertThat(ops.get("/api/v1/work-orders/" + id).json().get("statusHistory")).hasSize(1);
    }

    private TestHttp user(String prefix, String role) {
        return USERS.computeIfAbsent(port + prefix, k -> {
            String user = Fixtures.staffUser(port, prefix, List.of(role));
            return TestHttp.staffApi(port, user, Fixtures.password(user));
        });
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> out = new HashMap<>(body);
        out.put(field, value);
        return out;
    }

    private static void assertRefused(TestHttp.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(field(r)).as(r.body()).isEqualTo(field);
    }

    private static String field(TestHttp.Response problem) {
        return problem.json().get("errors").get(0).get("field").asString();
    }
}

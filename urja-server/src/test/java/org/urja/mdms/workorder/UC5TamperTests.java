package org.urja.mdms.workorder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.MeterEvent;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestGrid;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.support.HesEvents.event;

/**
 * UC5 Meter detects tampering at consumer site: the tamper event reaches the MDM through the HES contract (5.1–5.2),
 * the MDM raises one site-inspection work order with consumer, meter, tamper code and address (5.3), the field
 * force's confirmation is published for the disconnection policy and for billing/CIS assessment (5.4, 5.6), and the
 * resolution for reconnection (5.7). The disconnect and reconnect commands themselves belong to the command module.
 */
@UrjaIntegrationTest
class UC5TamperTests {

    static final Instant T0 = Instant.parse("2026-03-03T06:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc5_1to5_3_aTamperRaisesExactlyOneSiteInspectionWithConsumerMeterAddressAndCode() {
        TestGrid grid = TestGrid.create(port, 1);
        String meter = grid.meter("DT1", 1);
        List<Map<String, Object>> first = List.of(event(meter, T0, 201));
        assertThat(HesEvents.send(port, first).status()).isEqualTo(202);
        JsonNode order = awaitOrders(meter, 1).get(0);
        assertThat(order.get("type").asString()).isEqualTo("TAMPER_INSPECTION");
        assertThat(order.get("status").asString()).isEqualTo("OPEN");
        assertThat(order.get("priority").asString()).as("magnet is critical").isEqualTo("HIGH");
        assertThat(order.get("meterSerialNo").asString()).isEqualTo(meter);
        assertThat(order.get("consumerNo").asString()).isEqualTo(grid.consumer(meter));
        assertThat(order.get("servicePointCode").asString()).isEqualTo(grid.servicePoint(meter));
        assertThat(order.get("address").asString()).isEqualTo(grid.address(meter));
        assertThat(order.get("tamperCode").asInt()).isEqualTo(201);
        assertThat(order.get("tamperDescription").asString()).isEqualTo("Magnet influence");
        assertThat(Instant.parse(order.get("sourceEventAt").asString())).isEqualTo(T0);
        assertThat(Duration.between(Instant.parse(order.get("createdAt").asString()),
                Instant.parse(order.get("dueAt").asString()))).isEqualTo(Duration.ofHours(24));
        long id = order.get("id").asLong();
        WorkOrderCreated created = Eventually.await(Duration.ofSeconds(10), () -> committed.of(WorkOrderCreated.class)
                .stream().filter(w -> w.workOrderId() == id).findFirst().orElse(null), w -> w != null);
        assertThat(created.consumerNo()).isEqualTo(grid.consumer(meter));
        assertThat(created.address()).isEqualTo(grid.address(meter));
        assertThat(created.tamperCode()).isEqualTo(201);

        // Repeats attach to the open inspection: the same event re-sent in an overlapping push, the magnet removed,
        // and applied again an hour later. A different tamper (cover opened) is a different inspection.
        List<Map<String, Object>> more = new ArrayList<>(first);
        more.add(event(meter, T0.plusSeconds(600), 202));
        assertThat(HesEvents.send(port, more).status()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(10), () -> detail(id), o -> !o.get("tamperClearedAt").isNull());
        assertThat(HesEvents.send(port, List.of(event(meter, T0.plusSeconds(3600), 201),
                event(meter, T0.plusSeconds(3700), 251))).status()).isEqualTo(202);
        List<JsonNode> orders = awaitOrders(meter, 2);
        assertThat(orders).hasSize(2);
        JsonNode magnet = Eventually.await(Duration.ofSeconds(10), () -> detail(id), o -> o.get("occurrences").asInt() == 2);
        assertThat(magnet.get("events").size()).as("two occurrences and the clearing").isEqualTo(3);
        assertThat(magnet.get("tamperClearedAt").isNull()).as("applied again after it was cleared").isTrue();
        assertThat(magnet.get("statusHistory").get(0).get("status").asString()).isEqualTo("OPEN");
        JsonNode cover = orders.stream().filter(o -> o.get("tamperCode").asInt() == 251).findFirst().orElseThrow();
        assertThat(cover.get("tamperDescription").asString()).isEqualTo("Meter cover opened");
        Eventually.await(Duration.ofSeconds(10), () -> committed.of(WorkOrderCreated.class).stream()
                .filter(w -> meter.equals(w.meterSerialNo())).count(), n -> n == 2);
    }

    @Test
    void uc5_1to5_3_tamperAlarmsPushedByTheReferenceHesBecomeInspections() {
        ReferenceHes hes = TestHes.get(port);
        Instant from = Instant.parse("2026-02-14T18:30:00Z");
        Instant to = Instant.parse("2026-02-21T18:30:00Z");
        VirtualMeter meter = hes.fleet().meters().stream()
                .filter(m -> m.events(from, to).stream().map(MeterEvent::code).anyMatch(UC5TamperTests::tamperOccurrence))
                .findFirst().orElseThrow(() -> new AssertionError("the test fleet has tamper-prone meters"));
        String serial = meter.spec().serialNo();
        TestHes.installInRegistry(port, hes, meter);
        java.util.Set<Integer> codes = new java.util.TreeSet<>(meter.events(from, to).stream().map(MeterEvent::code)
                .filter(UC5TamperTests::tamperOccurrence).toList());

        hes.pushAlarms(from, to);
        List<JsonNode> orders = Eventually.await(Duration.ofSeconds(15), () -> orders(serial), l -> l.stream()
                .map(o -> o.get("tamperCode").asInt()).toList().containsAll(codes));
        assertThat(orders).allSatisfy(o -> {
            assertThat(o.get("type").asString()).isEqualTo("TAMPER_INSPECTION");
            assertThat(o.get("meterSerialNo").asString()).isEqualTo(serial);
        });
        JsonNode events = Fixtures.admin(port).get("/api/v1/meters/" + serial + "/events?category=TAMPER").json();
        assertThat(events.size()).isPositive();

        hes.pushAlarms(from, to); // the same period again: re-sent messages, nothing new
        assertThat(orders(serial)).hasSize(orders.size());
    }

    @Test
    void uc5_4to5_6_aConfirmedTamperIsPublishedForTheDisconnectionPolicyAndAssessment() {
        TestGrid grid = TestGrid.create(port, 1);
        String meter = grid.meter("DT2", 1);
        Instant at = T0.plusSeconds(86400);
        assertThat(HesEvents.send(port, List.of(event(meter, at, 65))).status()).isEqualTo(202); // current bypass
        long id = awaitOrders(meter, 1).get(0).get("id").asLong();
        String supervisor = Fixtures.staffUser(port, "field", List.of("FIELD_SUPERVISOR"));
        TestHttp field = TestHttp.staffApi(port, supervisor, Fixtures.password(supervisor));
        String viewerName = Fixtures.staffUser(port, "look", List.of("VIEWER", "BILLING"));
        TestHttp viewer = TestHttp.staffApi(port, viewerName, Fixtures.password(viewerName));

        assertThat(viewer.get("/api/v1/work-orders/" + id).status()).isEqualTo(200);
        assertThat(viewer.postJson("/api/v1/work-orders/" + id + "/completion", Map.of("outcome", "TAMPER_CONFIRMED",
                "findings", "Bypass wire across the terminals")).status()).as("reading is not completing").isEqualTo(403);
        TestHttp.Response assigned = field.postJson("/api/v1/work-orders/" + id + "/assignment", Map.of("assignee", "Lineman R. Singh"));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("status").asString()).isEqualTo("ASSIGNED");
        assertThat(field.postJson("/api/v1/work-orders/" + id + "/completion", Map.of("outcome", "MAYBE",
                "findings", "Bypass wire")).status()).isEqualTo(400);

        TestHttp.Response done = field.postJson("/api/v1/work-orders/" + id + "/completion", Map.of(
                "outcome", "TAMPER_CONFIRMED", "findings", "Bypass wire across the meter terminals, photographed",
                "readings", Map.of("kWh", 1234.5)));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(done.json().get("outcome").asString()).isEqualTo("TAMPER_CONFIRMED");
        assertThat(done.json().get("readings").get("kWh").decimalValue()).isEqualByComparingTo("1234.5");
        assertThat(done.json().get("statusHistory")).extracting(h -> h.get("status").asString())
                .containsExactly("OPEN", "ASSIGNED", "COMPLETED");

        TamperConfirmed confirmed = Eventually.await(Duration.ofSeconds(10), () -> committed.of(TamperConfirmed.class)
                .stream().filter(c -> c.workOrderId() == id).findFirst().orElse(null), c -> c != null);
        assertThat(confirmed.meterSerialNo()).isEqualTo(meter);
        assertThat(confirmed.consumerNo()).isEqualTo(grid.consumer(meter));
        assertThat(confirmed.tamperCode()).isEqualTo(65);
        assertThat(confirmed.tamperDescription()).isEqualTo("Current bypass");
        assertThat(confirmed.eventOccurredAt()).isEqualTo(at);
        assertThat(confirmed.confirmedBy()).isEqualTo(supervisor);
        assertThat(committed.of(WorkOrderCompleted.class)).anyMatch(c -> c.workOrderId() == id
                && c.outcome() == InspectionOutcome.TAMPER_CONFIRMED);
        // UC5.6: shared with billing and CIS/CRM through the integration feed.
        var shared = org.urja.mdms.support.Feeds.event(port, "TamperConfirmed", "workOrderId", id);
        assertThat(shared.get("data").get("tamperCode").asInt()).isEqualTo(65);
        assertThat(shared.get("data").get("consumerNo").asString()).isEqualTo(grid.consumer(meter));
        assertThat(shared.get("subject").asString()).isEqualTo("meter " + meter);

        assertThat(field.postJson("/api/v1/work-orders/" + id + "/completion", Map.of("outcome", "NO_TAMPER",
                "findings", "Second visit")).status()).as("completed once").isEqualTo(409);
        // The inspection is closed: the next bypass is a new inspection.
        assertThat(HesEvents.send(port, List.of(event(meter, at.plusSeconds(7200), 65))).status()).isEqualTo(202);
        assertThat(awaitOrders(meter, 2)).hasSize(2);
    }

    @Test
    void uc5_7_resolvingAConfirmedTamperIsPublishedForReconnectionAndNoTamperPublishesNothing() {
        TestGrid grid = TestGrid.create(port, 2);
        String meter = grid.meter("DT3", 1);
        String other = grid.meter("DT3", 2);
        Instant at = T0.plusSeconds(2 * 86400);
        assertThat(HesEvents.send(port, List.of(event(meter, at, 203), event(other, at, 205))).status()).isEqualTo(202);
        long id = awaitOrders(meter, 1).get(0).get("id").asLong();
        long otherId = awaitOrders(other, 1).get(0).get("id").asLong();
        assertThat(awaitOrders(other, 1).get(0).get("priority").asString()).isEqualTo("NORMAL");
        String rp = Fixtures.staffUser(port, "rp", List.of("REVENUE_PROTECTION"));
        TestHttp staff = TestHttp.staffApi(port, rp, Fixtures.password(rp));

        assertThat(staff.postJson("/api/v1/work-orders/" + otherId + "/completion", Map.of("outcome", "NO_TAMPER",
                "findings", "Capacitor bank of the shop, no tamper")).status()).isEqualTo(200);
        assertThat(staff.postJson("/api/v1/work-orders/" + otherId + "/resolution", Map.of("resolution",
                "Nothing to resolve")).status()).isEqualTo(409);
        assertThat(staff.postJson("/api/v1/work-orders/" + id + "/completion", Map.of("outcome", "TAMPER_CONFIRMED",
                "findings", "Neutral disturbed by an external earth")).status()).isEqualTo(200);
        assertThat(HesEvents.send(port, List.of(event(meter, at.plusSeconds(5400), 204))).status()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(10), () -> detail(id), o -> !o.get("tamperClearedAt").isNull());

        TestHttp.Response resolved = staff.postJson("/api/v1/work-orders/" + id + "/resolution", Map.of("resolution",
                "Assessment paid, earth removed"));
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        TamperResolved event = Eventually.await(Duration.ofSeconds(10), () -> committed.of(TamperResolved.class)
                .stream().filter(c -> c.workOrderId() == id).findFirst().orElse(null), c -> c != null);
        assertThat(event.meterSerialNo()).isEqualTo(meter);
        assertThat(event.consumerNo()).isEqualTo(grid.consumer(meter));
        assertThat(event.tamperCode()).isEqualTo(203);
        assertThat(event.meterClearedAt()).isEqualTo(at.plusSeconds(5400));
        assertThat(staff.postJson("/api/v1/work-orders/" + id + "/resolution", Map.of("resolution",
                "Again")).status()).isEqualTo(409);
        assertThat(committed.of(TamperConfirmed.class)).noneMatch(c -> c.workOrderId() == otherId);
        assertThat(Fixtures.admin(port).get("/api/v1/work-orders/999999999").status()).isEqualTo(404);
    }

    /** Tamper occurrences are the odd codes 201–209 and 251 (cover opened, which has no restoration). */
    static boolean tamperOccurrence(int code) {
        return code == 251 || (code >= 201 && code <= 209 && code % 2 == 1);
    }

    List<JsonNode> awaitOrders(String meter, int count) {
        return Eventually.await(Duration.ofSeconds(10), () -> orders(meter), l -> l.size() >= count);
    }

    List<JsonNode> orders(String meter) {
        TestHttp.Response r = Fixtures.admin(port).get("/api/v1/work-orders?meter=" + meter);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    JsonNode detail(long id) {
        return Fixtures.admin(port).get("/api/v1/work-orders/" + id).json();
    }
}

package org.urja.mdms.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestGrid;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.support.HesEvents.event;

/**
 * UC5.2 / UC7.2 / UC9.1 (HES → MDM): events sent through the HES contract are classified by the catalogue (unknown
 * codes kept), recorded once however often they are re-sent, and paired occurrence ↔ restoration with the duration,
 * whatever order they arrive in; staff read them over HTTP.
 */
@UrjaIntegrationTest
class DeviceEventTests {

    static final Instant T0 = Instant.parse("2026-03-02T04:30:00Z");

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void eventsAreClassifiedRecordedOnceAndPairedWithTheirRestorations() {
        TestGrid grid = TestGrid.create(port, 1);
        String meter = grid.meter("DT1", 1);
        List<Map<String, Object>> first = new ArrayList<>(List.of(
                event(meter, T0, 201),
                event(meter, T0.plusSeconds(600), 101, Map.of("powerOffCount", "17")),
                withHesText(event(meter, T0.plusSeconds(900), 999), "Vendor: terminal cover sensor fault"),
                event(meter, T0.plusSeconds(1200), 7),
                event(meter, T0.plusSeconds(1500), 151)));
        String messageId = Fixtures.unique("ev-");
        assertThat(HesEvents.send(port, messageId, first).status()).isEqualTo(202);
        List<JsonNode> events = awaitEvents(meter, 5);

        JsonNode magnet = byCode(events, 201);
        assertThat(magnet.get("category").asString()).isEqualTo("TAMPER");
        assertThat(magnet.get("severity").asString()).isEqualTo("CRITICAL");
        assertThat(magnet.get("kind").asString()).isEqualTo("OCCURRENCE");
        assertThat(magnet.get("eventType").asString()).isEqualTo("EndDevice.Security.MagneticTamper.Detected");
        assertThat(magnet.get("description").asString()).isEqualTo("Magnet influence");
        assertThat(magnet.get("state").asString()).isEqualTo("OPEN");
        assertThat(magnet.get("open").asBoolean()).isTrue();
        assertThat(magnet.get("hesCategory").asString()).isEqualTo("OTHER");
        JsonNode outage = byCode(events, 101);
        assertThat(outage.get("category").asString()).isEqualTo("POWER_FAIL");
        assertThat(outage.get("details").get("powerOffCount").asString()).isEqualTo("17");
        JsonNode unknown = byCode(events, 999);
        assertThat(unknown.get("category").asString()).as("never dropped").isEqualTo("UNKNOWN");
        assertThat(unknown.get("description").asString()).isEqualTo("Vendor: terminal cover sensor fault");
        assertThat(unknown.get("state").asString()).isEqualTo("SINGLE");
        assertThat(byCode(events, 7).get("category").asString()).isEqualTo("VOLTAGE");
        assertThat(byCode(events, 151).get("category").asString()).isEqualTo("TRANSACTION");
        DeviceEventsRecorded announced = Eventually.await(Duration.ofSeconds(10), () -> committed
                .of(DeviceEventsRecorded.class).stream().filter(r -> r.messageId().equals(messageId)).findFirst()
                .orElse(null), r -> r != null);
        assertThat(announced.events()).hasSize(5);

        // The same message again, and the same events in an overlapping push under another id: nothing new.
        assertThat(HesEvents.send(port, messageId, first).status()).isEqualTo(200);
        List<Map<String, Object>> overlap = new ArrayList<>(first);
        overlap.add(event(meter, T0.plusSeconds(2700), 102));   // power back after 35 minutes
        overlap.add(event(meter, T0.plusSeconds(3000), 202));   // magnet removed after 50 minutes
        String overlapId = Fixtures.unique("ev-");
        assertThat(HesEvents.send(port, overlapId, overlap).status()).isEqualTo(202);
        events = awaitEvents(meter, 7);
        assertThat(events).hasSize(7);
        assertThat(byCode(events, 201).get("repeats").asInt()).isEqualTo(1);
        DeviceEventsRecorded overlapAnnounced = Eventually.await(Duration.ofSeconds(10), () -> committed
                .of(DeviceEventsRecorded.class).stream().filter(r -> r.messageId().equals(overlapId)).findFirst()
                .orElse(null), r -> r != null);
        assertThat(overlapAnnounced.events()).extracting(DeviceEvent::code)
                .as("only what was not recorded before is announced").containsExactlyInAnyOrder(102, 202);

        // Pairs: the occurrence is restored with its duration; the restoration names it.
        events = Eventually.await(Duration.ofSeconds(10), () -> eventsOf(meter),
                l -> byCode(l, 101).get("state").asString().equals("RESTORED"));
        assertThat(byCode(events, 101).get("durationSeconds").asLong()).isEqualTo(2100);
        assertThat(byCode(events, 101).get("open").asBoolean()).isFalse();
        assertThat(byCode(events, 102).get("state").asString()).isEqualTo("PAIRED");
        assertThat(byCode(events, 102).get("partnerId").asLong()).isEqualTo(byCode(events, 101).get("id").asLong());
        assertThat(byCode(events, 201).get("state").asString()).isEqualTo("RESTORED");
        assertThat(byCode(events, 201).get("durationSeconds").asLong()).isEqualTo(3000);
        assertThat(byCode(events, 7).get("state").asString()).as("over-voltage still on").isEqualTo("OPEN");

        // Out of order: the restoration first (kept, unpaired), then its occurrence: paired after all.
        assertThat(HesEvents.send(port, List.of(event(meter, T0.plusSeconds(7200), 10))).status()).isEqualTo(202);
        events = awaitEvents(meter, 8);
        assertThat(byCode(events, 10).get("state").asString()).isEqualTo("UNPAIRED");
        assertThat(HesEvents.send(port, List.of(event(meter, T0.plusSeconds(6600), 9))).status()).isEqualTo(202);
        events = Eventually.await(Duration.ofSeconds(10), () -> eventsOf(meter),
                l -> l.size() == 9 && byCode(l, 10).get("state").asString().equals("PAIRED"));
        assertThat(byCode(events, 9).get("state").asString()).isEqualTo("RESTORED");
        assertThat(byCode(events, 9).get("durationSeconds").asLong()).isEqualTo(600);

        // A restoration whose occurrence never comes is kept too.
        assertThat(HesEvents.send(port, List.of(event(meter, T0.plusSeconds(8000), 4))).status()).isEqualTo(202);
        events = awaitEvents(meter, 10);
        assertThat(byCode(events, 4).get("state").asString()).isEqualTo("UNPAIRED");
    }

    @Test
    void staffQueryEventsByCategoryOpenStateAndPeriod() {
        TestGrid grid = TestGrid.create(port, 2);
        String a = grid.meter("DT2", 1);
        String b = grid.meter("DT2", 2);
        Instant t = T0.plusSeconds(86400);
        assertThat(HesEvents.send(port, List.of(event(a, t, 203), event(a, t.plusSeconds(60), 204),
                event(b, t.plusSeconds(120), 203), event(b, t.plusSeconds(180), 9))).status()).isEqualTo(202);
        awaitEvents(b, 2);
        String viewer = Fixtures.staffUser(port, "view", List.of("VIEWER"));
        TestHttp staff = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));

        TestHttp.Response openTamper = staff.get("/api/v1/events?category=TAMPER&open=true&from=" + t + "&to="
                + t.plusSeconds(3600));
        assertThat(openTamper.status()).isEqualTo(200);
        assertThat(meters(openTamper.json())).as("a's neutral disturbance was restored, b's is open").contains(b)
                .doesNotContain(a);
        TestHttp.Response ofA = staff.get("/api/v1/meters/" + a + "/events");
        assertThat(ofA.json().size()).isEqualTo(2);
        assertThat(ofA.json().get(0).get("code").asInt()).as("most recent first").isEqualTo(204);
        assertThat(staff.get("/api/v1/events?meter=" + b + "&category=VOLTAGE").json().size()).isEqualTo(1);
        assertThat(staff.get("/api/v1/events?meter=" + b + "&from=" + t.plusSeconds(150)).json().size()).isEqualTo(1);

        assertThat(staff.get("/api/v1/events?category=NOISE").status()).isEqualTo(400);
        assertThat(staff.get("/api/v1/events?from=" + t + "&to=" + t).status()).isEqualTo(400);
        assertThat(TestHttp.browser(port).get("/api/v1/events").status()).isEqualTo(401);

        JsonNode catalogue = staff.get("/api/v1/events/catalogue").json();
        assertThat(catalogue.get("version").asString()).isEqualTo("2026.1");
        assertThat(catalogue.get("entries").size()).isGreaterThan(60);
    }

    static Map<String, Object> withHesText(Map<String, Object> e, String description) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(e);
        copy.put("description", description);
        return copy;
    }

    List<JsonNode> awaitEvents(String meter, int count) {
        return Eventually.await(Duration.ofSeconds(10), () -> eventsOf(meter), l -> l.size() >= count);
    }

    List<JsonNode> eventsOf(String meter) {
        TestHttp.Response r = Fixtures.admin(port).get("/api/v1/meters/" + meter + "/events");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    static JsonNode byCode(List<JsonNode> events, int code) {
        return events.stream().filter(e -> e.get("code").asInt() == code).findFirst()
                .orElseThrow(() -> new AssertionError("no event " + code + " in " + events));
    }

    static List<String> meters(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.get("meterSerialNo").asString()));
        return out;
    }
}

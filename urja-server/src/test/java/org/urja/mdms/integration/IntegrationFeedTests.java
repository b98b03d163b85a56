package org.urja.mdms.integration;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.support.HesEvents.event;

/**
 * The outbound event feed other systems take the MDM's news from: UC3.2 (the disconnection alert for billing), UC3.6
 * (the confirmed disconnection), UC7.3 (an outage for OMS and CIS/CRM) — by signed webhooks to a real HTTP receiver,
 * which, down at first, gets everything once it is back, once each and in order; and by the pull API with cursors.
 */
@UrjaIntegrationTest
class IntegrationFeedTests {

    @LocalServerPort
    int port;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void uc3_2_and_uc7_3_aReceiverThatWasDownGetsEveryEventOnceWhenItComesBackSignedAndInOrder() throws Exception {
        TestHttp admin = Fixtures.admin(port);
        int receiverPort;
        try (ServerSocket s = new ServerSocket(0)) {
            receiverPort = s.getLocalPort();
        }
        String name = Fixtures.unique("billing-").toLowerCase();
        TestHttp.Response created = admin.postJson("/api/v1/integration/subscribers", Map.of("name", name,
                "url", "http://127.0.0.1:" + receiverPort + "/urja-events", "eventTypes",
                List.of("DisconnectionAlert", "MeterDisconnected", "OutageStarted")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().get("secret").asString();
        long subscriber = created.json().get("id").asLong();
        assertThat(secret).hasSize(64);
        assertThat(admin.get("/api/v1/integration/subscribers/" + subscriber).json().get("secret").isNull()).isTrue();

        // Things happen while the receiver is down: a disconnection (alert, then confirmation) and an outage.
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter live = hes.fleet().meters().stream().filter(m -> !m.silent() && m.spec().category().hasRelay())
                .skip(24).findFirst().orElseThrow();
        VirtualMeter other = hes.fleet().meters().stream().filter(m -> !m.silent() && m.spec().category().hasRelay())
                .skip(25).findFirst().orElseThrow();
        TestHes.installInRegistry(port, hes, live);
        TestHes.installInRegistry(port, hes, other);
        String operator = Fixtures.staffUser(port, "feedop", List.of("OPERATOR"));
        TestHttp ops = TestHttp.staffApi(port, operator, Fixtures.password(operator));
        TestHttp.Response command = ops.postJson("/api/v1/commands", Map.of("type", "DISCONNECT",
                "meterSerialNo", live.spec().serialNo(), "reason", "arrears beyond the notice period"),
                Map.of("Idempotency-Key", Fixtures.unique("feed-")));
        assertThat(command.status()).as(command.body()).isEqualTo(201);
        long commandId = command.json().get("id").asLong();
        Eventually.await(Duration.ofSeconds(20), () -> ops.get("/api/v1/commands/" + commandId).json(),
                c -> c.get("state").asString().equals("SUCCEEDED"));
        assertThat(HesEvents.send(port, List.of(event(other.spec().serialNo(), Instant.now().minusSeconds(30), 101)))
                .status()).isEqualTo(202);
        long outage = Eventually.await(Duration.ofSeconds(10), () -> admin.get("/api/v1/outages?open=true&meter="
                + other.spec().serialNo()).json(), l -> l.size() == 1).get(0).get("id").asLong();
        JsonNode failing = Eventually.await(Duration.ofSeconds(15),
                () -> admin.get("/api/v1/integration/subscribers/" + subscriber).json(), s -> s.get("failures").asInt() >= 2);
        assertThat(failing.get("lastError").asString()).isNotBlank();
        assertThat(failing.get("delivered").asLong()).isZero();

        // The receiver comes back: everything arrives, verified by its signature.
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        List<String> badSignatures = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 0);
        receiver.createContext("/urja-events", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            var h = ex.getRequestHeaders();
            if (!name.equals(h.getFirst(HesSignature.KEY_ID_HEADER)) || !HesSignature.matches(secret,
                    Long.parseLong(h.getFirst(HesSignature.TIMESTAMP_HEADER)), h.getFirst(HesSignature.NONCE_HEADER),
                    "POST", "/urja-events", body, h.getFirst(HesSignature.SIGNATURE_HEADER))) {
                badSignatures.add(new String(body, StandardCharsets.UTF_8));
                ex.sendResponseHeaders(401, -1);
            } else {
                json.readTree(body).get("events").forEach(received::add);
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        receiver.start();
        try {
            Eventually.await(Duration.ofSeconds(60), () -> types(received),
                    t -> t.contains("DisconnectionAlert") && t.contains("MeterDisconnected") && t.contains("OutageStarted"));
            Thread.sleep(2500); // a few more delivery rounds: nothing comes twice
            List<JsonNode> alerts = ofType(received, "DisconnectionAlert", "commandId", commandId);
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("data").get("meterSerialNo").asString()).isEqualTo(live.spec().serialNo());
            assertThat(alerts.get(0).get("data").get("reason").asString()).isEqualTo("arrears beyond the notice period");
            assertThat(alerts.get(0).get("subject").asString()).isEqualTo("meter " + live.spec().serialNo());
            assertThat(ofType(received, "MeterDisconnected", "commandId", commandId)).hasSize(1);
            List<JsonNode> outages = ofType(received, "OutageStarted", "outageId", outage);
            assertThat(outages).hasSize(1);
            assertThat(outages.get(0).get("data").get("meterSerialNos").get(0).asString())
                    .isEqualTo(other.spec().serialNo());
            assertThat(received.stream().map(e -> e.get("id").asLong()).toList()).doesNotHaveDuplicates();
            assertThat(types(received)).doesNotContain("OutageRestored", "MeterReconnected");
            int alertAt = received.indexOf(alerts.get(0));
            int confirmedAt = received.indexOf(ofType(received, "MeterDisconnected", "commandId", commandId).get(0));
            assertThat(alertAt).as("the alert before its confirmation").isLessThan(confirmedAt);
            assertThat(badSignatures).isEmpty();
            JsonNode caughtUp = admin.get("/api/v1/integration/subscribers/" + subscriber).json();
            assertThat(caughtUp.get("failures").asInt()).isZero();
            assertThat(caughtUp.get("delivered").asLong()).isEqualTo(received.size());
        } finally {
            receiver.stop(0);
        }
        // The receiver is gone: unsubscribe, so deliveries stop (and the rest of the suite's log is not full of retries).
        TestHttp.Response unsubscribed = admin.delete("/api/v1/integration/subscribers/" + subscriber);
        assertThat(unsubscribed.status()).isEqualTo(200);
        assertThat(unsubscribed.json().get("active").asBoolean()).isFalse();

        // The pull API: the same events for a billing system reading with a cursor.
        String billing = Fixtures.staffUser(port, "feedbill", List.of("BILLING"));
        TestHttp pull = TestHttp.staffApi(port, billing, Fixtures.password(billing));
        List<JsonNode> pulled = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 200; page++) {
            JsonNode p = pull.get("/api/v1/integration/events?types=DisconnectionAlert&limit=100"
                    + (cursor.isEmpty() ? "" : "&after=" + cursor)).json();
            p.get("events").forEach(pulled::add);
            if (p.get("events").isEmpty()) {
                assertThat(p.get("nextCursor").asString()).isEqualTo(cursor);
                break;
            }
            cursor = p.get("nextCursor").asString();
        }
        assertThat(ofType(pulled, "DisconnectionAlert", "commandId", commandId)).hasSize(1);
        assertThat(types(pulled)).containsOnly("DisconnectionAlert");

        // Refusals: a viewer may not read the feed; a bad cursor and an unknown type name their field.
        String viewer = Fixtures.staffUser(port, "feedview", List.of("VIEWER"));
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer)).get("/api/v1/integration/events")
                .status()).isEqualTo(403);
        TestHttp.Response badCursor = pull.get("/api/v1/integration/events?after=yesterday");
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.json().get("errors").get(0).get("field").asString()).isEqualTo("after");
        TestHttp.Response badType = admin.postJson("/api/v1/integration/subscribers", Map.of("name", name + "x",
                "url", "http://127.0.0.1:1/x", "eventTypes", List.of("Everything")));
        assertThat(badType.status()).isEqualTo(422);
        assertThat(badType.json().get("errors").get(0).get("field").asString()).isEqualTo("eventTypes");
        assertThat(admin.postJson("/api/v1/integration/subscribers", Map.of("name", name,
                "url", "http://127.0.0.1:1/x", "eventTypes", List.of("OutageStarted"))).status()).isEqualTo(409);
        assertThat(pull.postJson("/api/v1/integration/subscribers", Map.of("name", name + "y",
                "url", "http://127.0.0.1:1/x", "eventTypes", List.of("OutageStarted"))).status()).isEqualTo(403);
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asString()).toList();
    }

    private static List<JsonNode> ofType(List<JsonNode> events, String type, String idField, long id) {
        return events.stream().filter(e -> e.get("type").asString().equals(type)
                && e.get("data").get(idField).asLong() == id).toList();
    }
}

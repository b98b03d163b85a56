package org.urja.mdms.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.VirtualDcu;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC10.1 through the staff API and the HES contract: a synchronisation run started by an operator sets a DCU's clock
 * through the contract and records how far off it was; the drift report filtered by DT and DCU; bad input refused.
 */
@UrjaIntegrationTest
class UC10ClockSyncRunTests {

    static final Instant COMMISSIONED = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Test
    void uc10_1_aDcuClockIsSetThroughTheHesContractByAStaffRunAndItsOffsetRecorded() {
        TestHttp api = ClockTesting.operator(port);
        ReferenceHes hes = ClockTesting.hes(port, "CKR", 2, new FaultProfile(0, 0, 0, 0, 1, 0, 0, 0), COMMISSIONED, T0,
                Duration.ofMillis(100));
        try {
            String p = Fixtures.unique("R").toUpperCase() + "-";
            String dt = Fixtures.importChain(port, p);
            String dcu = p + "DCU1";
            Instant installed = Instant.parse("2026-02-01T00:00:00Z");
            List<VirtualMeter> meters = List.copyOf(hes.fleet().meters());
            ClockTesting.installBehindDcu(hes, dt, dcu, meters, installed);
            // What the DCU's clock will be found at: its twin, drifting the same since its installation.
            Duration expected = new VirtualDcu(ClockTesting.SEED, dcu, installed).clockOffset(T0);

            // The drift report under the DT and behind the DCU (both drifting meters, a month after commissioning).
            ClockTesting.readClocks(api, meters.stream().map(m -> m.spec().serialNo()).toList());
            meters.forEach(m -> ClockTesting.clockReadAt(api, m.spec().serialNo(), T0));
            assertThat(api.get("/api/v1/clock/drift?node=" + dt).json().get("worstFirst").findValuesAsString("meterSerialNo"))
                    .containsExactlyInAnyOrderElementsOf(meters.stream().map(m -> m.spec().serialNo()).toList());
            JsonNode behindDcu = api.get("/api/v1/clock/drift?dcu=" + dcu).json();
            assertThat(behindDcu.get("meters").asInt()).isEqualTo(2);
            assertThat(behindDcu.get("worstFirst").get(0).get("nodeCode").asString()).isEqualTo(dt);
            TestHttp.Response unknown = api.get("/api/v1/clock/drift?node=" + p + "NOPE");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("node");

            // Only an operator or administrator starts a run, always with an idempotency key.
            String viewer = Fixtures.staffUser(port, "clkview", List.of("VIEWER"));
            TestHttp viewerApi = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));
            assertThat(viewerApi.postJson("/api/v1/clock/sync-runs", Map.of(), Map.of("Idempotency-Key", "v-1")).status())
                    .isEqualTo(403);
            int runsBefore = api.get("/api/v1/clock/sync-runs?limit=1000").json().size();
            TestHttp.Response noKey = api.postJson("/api/v1/clock/sync-runs", Map.of());
            assertThat(noKey.status()).isEqualTo(400);
            assertThat(noKey.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
            assertThat(api.get("/api/v1/clock/sync-runs?limit=1000").json().size()).isEqualTo(runsBefore);

            TestHttp.Response noNode = api.postJson("/api/v1/clock/sync-runs", Map.of("nodeCode", p + "NOPE"),
                    Map.of("Idempotency-Key", Fixtures.unique("clock-run-")));
            assertThat(noNode.status()).isBetween(400, 499);
            assertThat(noNode.json().get("errors").get(0).get("field").asString()).isEqualTo("nodeCode");
            assertThat(api.get("/api/v1/clock/sync-runs?limit=1000").json().size()).isEqualTo(runsBefore);

            // The operator's run covers the circle of this test's network (the whole network without a node).
            String key = Fixtures.unique("clock-run-");
            Map<String, String> circle = Map.of("nodeCode", p + "C");
            TestHttp.Response started = api.postJson("/api/v1/clock/sync-runs", circle, Map.of("Idempotency-Key", key));
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            long runId = started.json().get("id").asLong();
            assertThat(started.json().get("trigger").asString()).isEqualTo("MANUAL");
            assertThat(started.json().get("nodeCode").asString()).isEqualTo(p + "C");
            TestHttp.Response retried = api.postJson("/api/v1/clock/sync-runs", circle, Map.of("Idempotency-Key", key));
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().get("id").asLong()).isEqualTo(runId);
            TestHttp.Response otherScope = api.postJson("/api/v1/clock/sync-runs", Map.of(), Map.of("Idempotency-Key", key));
            assertThat(otherScope.status()).isEqualTo(409);
            assertThat(audit.recent(ClockTesting.operatorName(port), 20)).anyMatch(e -> e.action().equals("CLOCK SYNC RUN")
                    && e.target().equals("run " + runId));

            // The DCU's TIME_SYNC went out as an EndDeviceControlRequest naming the DCU, and its outcome came back.
            JsonNode run = ClockTesting.awaitRunComplete(api, runId);
            Map<String, JsonNode> items = ClockTesting.items(run);
            assertThat(items.keySet()).containsExactlyInAnyOrder("dcu:" + dcu, "meters:dcu:" + dcu);
            String correlationId = items.get("dcu:" + dcu).get("hesCorrelationId").asString();
            JsonNode status = Eventually.await(Duration.ofSeconds(10), () -> dcuStatus(viewerApi, dcu),
                    d -> "SUCCEEDED".equals(d.get("lastStatus").asString()));
            assertThat(status.get("lastCorrelationId").asString()).isEqualTo(correlationId);
            assertThat(status.get("dtCode").asString()).isEqualTo(dt);
            assertThat(status.get("meters").asInt()).isEqualTo(2);
            assertThat(status.get("offsetSeconds").decimalValue())
                    .isEqualByComparingTo(java.math.BigDecimal.valueOf(expected.toMillis(), 3));
            assertThat(Instant.parse(status.get("lastSyncedAt").asString())).isEqualTo(T0);
            assertThat(hes.dcu(dcu).orElseThrow().clockOffset(T0)).isZero();
            assertThat(hes.dcu(dcu).orElseThrow().syncCount()).isEqualTo(1);
            JsonNode sent = api.get("/api/v1/hes-exchange/outbound/" + correlationId).json();
            assertThat(sent.get("kind").asString()).isEqualTo("DCU_CONTROL");
            assertThat(sent.get("controlType").asString()).isEqualTo("TIME_SYNC");
            assertThat(sent.get("outcome").asString()).isEqualTo("SUCCEEDED");
            assertThat(sent.get("requestedBy").asString()).isEqualTo("system:clock");
        } finally {
            TestHes.stop(hes);
        }
    }

    @Test
    void uc10_1_aControlResultNamingNoDeviceOrTwoIsRefusedAndNothingIsStored() {
        TestHttp hes = TestHttp.hes(port, Fixtures.HES_KEY);
        String id = Fixtures.unique("hes-bad-result-");
        Map<String, Object> result = new java.util.HashMap<>(Map.of("correlationId", "dcu-x", "controlType", "TIME_SYNC",
                "outcome", "SUCCEEDED", "completedDateTime", T0.toString()));
        TestHttp.Response none = hes.postJson("/api/v1/hes/end-device-control-results",
                Map.of("messageId", id, "sentAt", T0.toString(), "results", List.of(result)));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("errors").get(0).get("field").asString()).isEqualTo("results[0].meterSerialNo");
        result.put("meterSerialNo", "SM1");
        result.put("dcuCode", "DCU-1");
        TestHttp.Response both = hes.postJson("/api/v1/hes/end-device-control-results",
                Map.of("messageId", id, "sentAt", T0.toString(), "results", List.of(result)));
        assertThat(both.status()).isEqualTo(400);
        assertThat(Fixtures.admin(port).get("/api/v1/hes-exchange/inbound/" + id).status()).isEqualTo(404);
    }

    private static JsonNode dcuStatus(TestHttp api, String dcu) {
        for (JsonNode d : api.get("/api/v1/clock/dcus").json()) {
            if (d.get("dcuCode").asString().equals(dcu)) {
                return d;
            }
        }
        throw new AssertionError("DCU " + dcu + " not listed");
    }
}

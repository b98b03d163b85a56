package org.urja.mdms.firmware;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.firmware.UC8FirmwareImageTests.field;

/**
 * UC8.2 configuration changes and UC8.3 their status: a configuration profile applied to the meters under a DT as one
 * command group per setting, then verified by reading the values back from the meters through the HES — including a
 * meter that acknowledges the writes but keeps its old values, which only the read-back reveals; and the event
 * status word reset.
 */
@UrjaIntegrationTest
class UC8ConfigurationProfileTests {

    /** Ten meters, three of which never answer (a share of 0.3 at this seed). */
    static final FaultProfile FAULTS = new FaultProfile(0, 0, 0.3, 0, 0, 0, 0, 0);

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Test
    void uc8_2to8_3_aProfileIsAppliedAndVerifiedByReadingTheValuesBackAndAMismatchIsFound() {
        String p = "CFG1-";
        Fleet fleet = Fleet.generate(31L, 10, p, TestHes.COMMISSIONED, FAULTS);
        List<VirtualMeter> live = fleet.meters().stream().filter(m -> !m.silent()).toList();
        List<VirtualMeter> silent = fleet.meters().stream().filter(VirtualMeter::silent).toList();
        assertThat(silent).isNotEmpty();
        VirtualMeter defective = live.get(0);
        defective.ignoreConfigurationWrites(true);
        double limitBefore = defective.loadLimitKw();
        ReferenceHes hes = FirmwareTestSupport.serve(port, fleet, FAULTS, p, m -> "Sim");
        try {
            TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
            String name = "Residential-4.5kW-" + Fixtures.unique("r");
            TestHttp.Response created = ops.postJson("/api/v1/configuration-profiles", Map.of("name", name,
                    "loadLimitKw", 4.5, "demandIntegrationMinutes", 30, "profileCaptureMinutes", 30,
                    "eventPriorities", Map.of("201", true)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(ops.postJson("/api/v1/configuration-profiles", Map.of("name", name, "loadLimitKw", 5)).status())
                    .isEqualTo(409);

            String key = Fixtures.unique("cfg-");
            Map<String, Object> body = Map.of("nodeCode", p + "DT", "reason", "load limiter roll-out for the DT");
            TestHttp.Response applied = ops.postJson("/api/v1/configuration-profiles/" + name + "/applications", body,
                    Map.of("Idempotency-Key", key));
            assertThat(applied.status()).as(applied.body()).isEqualTo(201);
            long id = applied.json().get("id").asLong();
            TestHttp.Response again = ops.postJson("/api/v1/configuration-profiles/" + name + "/applications", body,
                    Map.of("Idempotency-Key", key));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("id").asLong()).isEqualTo(id);
            assertThat(FirmwareTestSupport.strings(applied.json().get("expected"))).isEqualTo(Map.of("loadLimitKw", "4.5",
                    "demandIntegrationMinutes", "30", "profileCaptureMinutes", "30", "eventPriority.201", "true"));
            JsonNode groups = applied.json().get("commandGroups");
            assertThat(FirmwareTestSupport.strings(groups).keySet()).containsExactlyInAnyOrder("loadLimitKw",
                    "demandIntegrationMinutes", "profileCaptureMinutes", "eventPriority.201");

            JsonNode done = Eventually.await(Duration.ofSeconds(30), () -> ops.get("/api/v1/configuration-applications/"
                    + id).json(), a -> a.get("state").asString().equals("DONE"));
            assertThat(done.get("meterCount").asInt()).isEqualTo(10);
            assertThat(done.get("counts").get("VERIFIED").asInt()).isEqualTo(live.size() - 1);
            assertThat(done.get("counts").get("MISMATCH").asInt()).isEqualTo(1);
            assertThat(done.get("counts").get("COMMAND_FAILED").asInt()).isEqualTo(silent.size());
            Map<String, JsonNode> meters = new TreeMap<>();
            done.get("meters").forEach(m -> meters.put(m.get("meterSerialNo").asString(), m));

            // Verified: the meter itself holds the values, and reported them when read.
            for (VirtualMeter m : live.subList(1, live.size())) {
                JsonNode r = meters.get(m.spec().serialNo());
                assertThat(r.get("status").asString()).isEqualTo("VERIFIED");
                assertThat(r.get("readBack").get("loadLimitKw").get("readBack").asString()).isEqualTo("4.5");
                assertThat(r.get("readBack").get("demandIntegrationMinutes").get("readBack").asString()).isEqualTo("30");
                assertThat(r.get("readBack").get("profileCaptureMinutes").get("matches").asBoolean()).isTrue();
                assertThat(m.loadLimitKw()).isEqualTo(4.5);
                assertThat(m.demandIntegrationPeriod()).isEqualTo(30);
                assertThat(m.profileCapturePeriod()).isEqualTo(30);
            }
            // The defective meter confirmed every command, so the command service believes it; the read-back does not.
            JsonNode mismatch = meters.get(defective.spec().serialNo());
            assertThat(mismatch.get("status").asString()).isEqualTo("MISMATCH");
            String before = new java.math.BigDecimal(String.valueOf(limitBefore)).stripTrailingZeros().toPlainString();
            assertThat(mismatch.get("readBack").get("loadLimitKw").get("readBack").asString()).isEqualTo(before);
            assertThat(mismatch.get("readBack").get("loadLimitKw").get("matches").asBoolean()).isFalse();
            assertThat(mismatch.get("reason").asString()).contains("loadLimitKw is " + before + ", not 4.5");
            assertThat(ops.get("/api/v1/meters/" + defective.spec().serialNo() + "/state").json().get("properties")
                    .get("loadLimitKw").get("value").asString()).isEqualTo("4.5");
            // Meters that never answered are not read; their commands say why.
            for (VirtualMeter m : silent) {
                JsonNode r = meters.get(m.spec().serialNo());
                assertThat(r.get("status").asString()).isEqualTo("COMMAND_FAILED");
                assertThat(r.get("reason").asString()).contains("SET_LOAD_LIMIT TIMED_OUT");
            }

            // The read-back is an ordinary on-demand read, named after the application, of the meters that took the commands.
            JsonNode read = ops.get("/api/v1/hes-exchange/read-requests/" + done.get("readCorrelationId").asString()).json();
            assertThat(read.get("requestedBy").asString()).isEqualTo("firmware/configuration-application-" + id);
            assertThat(read.get("counts").get("RECEIVED").asInt()).isEqualTo(live.size());
            for (JsonNode g : groups) {
                JsonNode group = ops.get("/api/v1/command-groups/" + g.asLong()).json();
                assertThat(group.get("meterCount").asInt()).isEqualTo(10);
                assertThat(group.get("counts").get("SUCCEEDED").asInt()).isEqualTo(live.size());
            }
            JsonNode onlyMismatch = ops.get("/api/v1/configuration-applications/" + id + "?status=MISMATCH").json();
            assertThat(onlyMismatch.get("meters")).hasSize(1);
            assertThat(audit.recent(FirmwareTestSupport.userName(port, "OPERATOR"), 50))
                    .extracting(AuditTrail.Entry::action).contains("CONFIGURATION PROFILE", "CONFIGURATION APPLY");
        } finally {
            FirmwareTestSupport.restoreSharedHes(port, hes);
        }
    }

    @Test
    void uc8_2_badProfilesAndApplicationsAreRefusedNamingTheFieldAndChangeNothing() {
        TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
        String name = "Bad-" + Fixtures.unique("b");
        assertThat(field(ops.postJson("/api/v1/configuration-profiles", Map.of("name", name)))).isEqualTo("loadLimitKw");
        assertThat(field(ops.postJson("/api/v1/configuration-profiles", Map.of("name", name,
                "demandIntegrationMinutes", 20)))).isEqualTo("demandIntegrationMinutes");
        assertThat(field(ops.postJson("/api/v1/configuration-profiles", Map.of("name", name, "loadLimitKw", -1))))
                .isEqualTo("loadLimitKw");
        assertThat(field(ops.postJson("/api/v1/configuration-profiles", Map.of("name", name,
                "eventPriorities", Map.of("abc", true))))).isEqualTo("eventPriorities.abc");
        assertThat(field(ops.postJson("/api/v1/configuration-profiles", Map.of("name", "", "loadLimitKw", 3))))
                .isEqualTo("name");
        assertThat(ops.get("/api/v1/configuration-profiles/" + name).status()).isEqualTo(404);
        assertThat(FirmwareTestSupport.staff(port, "VIEWER").postJson("/api/v1/configuration-profiles",
                Map.of("name", name, "loadLimitKw", 3)).status()).isEqualTo(403);

        assertThat(ops.postJson("/api/v1/configuration-profiles", Map.of("name", name, "loadLimitKw", 3)).status())
                .isEqualTo(201);
        String path = "/api/v1/configuration-profiles/" + name + "/applications";
        assertThat(field(ops.postJson(path, Map.of("meters", List.of("X"), "reason", "r"), Map.of())))
                .isEqualTo("Idempotency-Key");
        assertThat(field(ops.postJson(path, Map.of("meters", List.of("X"), "nodeCode", "Y", "reason", "r"),
                Map.of("Idempotency-Key", "k1")))).isEqualTo("nodeCode");
        assertThat(field(ops.postJson(path, Map.of("meters", List.of("X")), Map.of("Idempotency-Key", "k2"))))
                .isEqualTo("reason");
        TestHttp.Response unknownMeter = ops.postJson(path, Map.of("meters", List.of("NO-SUCH-METER"), "reason", "r"),
                Map.of("Idempotency-Key", "k3"));
        assertThat(unknownMeter.status()).isEqualTo(422);
        assertThat(field(unknownMeter)).isEqualTo("meters[0]");
        assertThat(ops.postJson("/api/v1/configuration-profiles/no-such-profile/applications",
                Map.of("meters", List.of("X"), "reason", "r"), Map.of("Idempotency-Key", "k4")).status()).isEqualTo(404);
        assertThat(ops.get("/api/v1/configuration-applications/987654").status()).isEqualTo(404);
    }

    @Test
    void uc8_2to8_3_theEventStatusWordIsResetRemotelyAndConfirmed() {
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter meter = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.eventStatusWord(hes.clock().instant()).signum() > 0)
                .reduce((a, b) -> b).orElseThrow();
        TestHes.installInRegistry(port, hes, meter);
        TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
        TestHttp.Response r = ops.postJson("/api/v1/commands", Map.of("type", "RESET_EVENT_STATUS_WORD", "meterSerialNo",
                meter.spec().serialNo(), "reason", "alarms reviewed and closed"), Map.of("Idempotency-Key",
                Fixtures.unique("esw-")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        JsonNode done = Eventually.await(Duration.ofSeconds(20), () -> ops.get("/api/v1/commands/" + id).json(),
                c -> Set.of("SUCCEEDED", "FAILED", "TIMED_OUT").contains(c.get("state").asString()));
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(meter.eventStatusWord(hes.clock().instant())).isEqualTo(BigInteger.ZERO);
        JsonNode reset = ops.get("/api/v1/meters/" + meter.spec().serialNo() + "/state").json().get("properties")
                .get("lastEventStatusWordReset");
        assertThat(reset.get("commandId").asLong()).isEqualTo(id);
        Map<String, Object> withParameter = new HashMap<>(Map.of("type", "RESET_EVENT_STATUS_WORD", "meterSerialNo",
                meter.spec().serialNo(), "reason", "r", "parameters", Map.of("bits", "85")));
        TestHttp.Response refused = ops.postJson("/api/v1/commands", withParameter, Map.of("Idempotency-Key",
                Fixtures.unique("esw-")));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused)).isEqualTo("parameters.bits");
    }
}

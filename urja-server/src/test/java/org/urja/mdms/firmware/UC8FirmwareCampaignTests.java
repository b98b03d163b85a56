package org.urja.mdms.firmware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import static org.urja.mdms.firmware.FirmwareTestSupport.imageBytes;
import static org.urja.mdms.firmware.FirmwareTestSupport.uploaded;
import static org.urja.mdms.firmware.UC8FirmwareImageTests.field;

/**
 * UC8.1 firmware campaigns against a reference HES of 40 meters whose commands fail at an injected rate (30 % of
 * meters do not respond): waves go out one after the other through the command service, a wave above the failure
 * threshold halts the campaign until staff resume it, meters the image is not for are skipped, and each meter's
 * result is kept. Which meters fail is decided by the simulator's seed, so a twin of the fleet predicts it.
 */
@UrjaIntegrationTest
class UC8FirmwareCampaignTests {

    /** With these serials, the pilot passes, wave 4 of 5 fails above the threshold, and the rest passes. */
    static final long SEED = 802L;
    static final FaultProfile FAULTS = new FaultProfile(0, 0, 0, 0, 0, 0, 0, 0.3);

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    /** The fleet of a test, registered and served, with what the campaign should make of it. */
    record Setup(String prefix, Fleet fleet, Fleet twin, ReferenceHes hes, String version, long imageId,
                 VirtualMeter otherMake, VirtualMeter alreadyUpgraded) {

        /** Whether the meter carries out a firmware command (the HES's clock stands still, so this is fixed). */
        boolean succeeds(String serial) {
            return twin.meter(serial).upgradeFirmware("probe", TestHes.SIM_START).success();
        }

        /** The meters the campaign upgrades, in serial order: same make, a targeted model, not yet on the version. */
        List<String> eligible() {
            return fleet.meters().stream().filter(m -> m.spec().category().hasRelay() && m != otherMake
                    && m != alreadyUpgraded).map(m -> m.spec().serialNo()).sorted().toList();
        }

        /** Waves as the campaign plans them: the pilot, then waves of {@code size}. */
        List<List<String>> waves(int pilot, int size) {
            List<String> all = eligible();
            List<List<String>> out = new ArrayList<>();
            out.add(all.subList(0, pilot));
            for (int from = pilot; from < all.size(); from += size) {
                out.add(all.subList(from, Math.min(all.size(), from + size)));
            }
            return out;
        }

        long failures(List<String> wave) {
            return wave.stream().filter(s -> !succeeds(s)).count();
        }
    }

    @Test
    void uc8_1_aCampaignUpgradesInWavesHaltsAboveTheFailureThresholdAndCompletesAfterResume() throws Exception {
        Setup s = setUp("FWC1-");
        try {
            TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
            int pilot = 4;
            int size = 8;
            int threshold = 25;
            List<List<String>> waves = s.waves(pilot, size);
            List<Integer> expectedHalts = new ArrayList<>();
            for (int w = 0; w < waves.size(); w++) {
                if (s.failures(waves.get(w)) * 100 > (long) threshold * waves.get(w).size() && w < waves.size() - 1) {
                    expectedHalts.add(w + 1);
                }
            }
            assertThat(s.eligible()).hasSizeGreaterThanOrEqualTo(30);
            assertThat(expectedHalts).as("the injected failure rate halts at least one wave").isNotEmpty();
            assertThat(expectedHalts.size()).as("and lets others pass").isLessThan(waves.size() - 1);

            Map<String, Object> body = campaign(s, s.prefix() + "DT", pilot, size, threshold);
            String key = Fixtures.unique("campaign-");
            TestHttp.Response created = post(ops, body, key);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long id = created.json().get("id").asLong();
            // The same request again (a retry) is the same campaign: nothing is planned or sent twice.
            TestHttp.Response again = post(ops, body, key);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().get("id").asLong()).isEqualTo(id);
            assertThat(created.json().get("meterCount").asInt()).isEqualTo(40);
            assertThat(created.json().get("waveCount").asInt()).isEqualTo(waves.size());
            assertThat(created.json().get("skippedCount").asInt()).isEqualTo(40 - s.eligible().size());
            JsonNode pilotWave = created.json().get("waves").get(0);
            assertThat(pilotWave.get("state").asString()).isEqualTo("SENT");
            assertThat(pilotWave.get("meterCount").asInt()).isEqualTo(pilot);
            assertThat(created.json().get("waves").get(1).get("state").asString()).isEqualTo("PENDING");

            // Halts where a wave is above the threshold; nothing more goes out until an operator resumes.
            List<Integer> halts = new ArrayList<>();
            JsonNode c;
            while (true) {
                c = Eventually.await(Duration.ofSeconds(30), () -> get(ops, id),
                        x -> !x.get("state").asString().equals("RUNNING"));
                if (c.get("state").asString().equals("COMPLETED")) {
                    break;
                }
                assertThat(c.get("state").asString()).isEqualTo("HALTED");
                int halted = lastDoneWave(c);
                halts.add(halted);
                assertThat(c.get("stateReason").asString()).contains("wave " + halted, "above the failure threshold of 25 %");
                Thread.sleep(1500); // more than the periodic check
                JsonNode still = get(ops, id);
                assertThat(still.get("state").asString()).isEqualTo("HALTED");
                JsonNode next = still.get("waves").get(halted);
                assertThat(next.get("state").asString()).isEqualTo("PENDING");
                assertThat(next.get("commandGroupId").isNull()).isTrue();
                assertThat(meters(ops, id, "SENT")).isEmpty();
                for (String serial : waves.get(halted)) {
                    assertThat(ops.get("/api/v1/meters/" + serial + "/commands").json()).isEmpty();
                }
                TestHttp.Response noReason = ops.postJson("/api/v1/firmware-campaigns/" + id + "/resume", Map.of());
                assertThat(noReason.status()).isEqualTo(400);
                assertThat(field(noReason)).isEqualTo("reason");
                TestHttp.Response resumed = ops.postJson("/api/v1/firmware-campaigns/" + id + "/resume",
                        Map.of("reason", "failures were meters out of reach; vendor confirmed the image"));
                assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
                assertThat(resumed.json().get("state").asString()).isEqualTo("RUNNING");
            }
            assertThat(halts).isEqualTo(expectedHalts);
            assertThat(ops.postJson("/api/v1/firmware-campaigns/" + id + "/resume", Map.of("reason", "again")).status())
                    .isEqualTo(409);

            // Each wave: one command group of its meters, and the failures that decided whether the campaign went on.
            for (int w = 0; w < waves.size(); w++) {
                JsonNode wave = c.get("waves").get(w);
                assertThat(wave.get("state").asString()).isEqualTo("DONE");
                assertThat(wave.get("failedAtClose").asLong()).isEqualTo(s.failures(waves.get(w)));
                JsonNode group = ops.get("/api/v1/command-groups/" + wave.get("commandGroupId").asLong() + "?size=1000").json();
                assertThat(group.get("meterCount").asInt()).isEqualTo(waves.get(w).size());
                List<String> serials = new ArrayList<>();
                group.get("outcomes").forEach(o -> serials.add(o.get("meterSerialNo").asString()));
                assertThat(serials).isEqualTo(waves.get(w));
            }

            // Per-meter results: upgraded on the meter and in the MDM's view, or failed with the meter's reason.
            long succeeded = s.eligible().stream().filter(s::succeeds).count();
            assertThat(c.get("counts").get("SUCCEEDED").asLong()).isEqualTo(succeeded);
            assertThat(c.get("counts").get("FAILED").asLong()).isEqualTo(s.eligible().size() - succeeded);
            Map<String, JsonNode> results = new TreeMap<>();
            for (int page = 0; page < 2; page++) {
                ops.get("/api/v1/firmware-campaigns/" + id + "/meters?size=25&page=" + page).json()
                        .forEach(m -> results.put(m.get("meterSerialNo").asString(), m));
            }
            assertThat(results).hasSize(40);
            for (String serial : s.eligible()) {
                JsonNode r = results.get(serial);
                VirtualMeter meter = s.fleet().meter(serial);
                if (s.succeeds(serial)) {
                    assertThat(r.get("status").asString()).isEqualTo("SUCCEEDED");
                    assertThat(meter.firmwareVersion()).isEqualTo(s.version());
                } else {
                    assertThat(r.get("status").asString()).isEqualTo("FAILED");
                    assertThat(r.get("reason").asString()).contains("meter did not respond");
                    assertThat(meter.firmwareVersion()).isNotEqualTo(s.version());
                }
                assertThat(r.get("commandId").isNull()).isFalse();
            }
            String upgraded = s.eligible().stream().filter(s::succeeds).findFirst().orElseThrow();
            assertThat(ops.get("/api/v1/meters/" + upgraded + "/state").json().get("properties").get("firmwareVersion")
                    .get("value").asString()).isEqualTo(s.version());

            // Skipped, each with its reason: another make, a model the image is not for, already on the version.
            assertThat(results.get(s.otherMake().spec().serialNo()).get("reason").asString())
                    .isEqualTo("make Genus is not the image's make Sim");
            assertThat(results.get(s.alreadyUpgraded().spec().serialNo()).get("reason").asString())
                    .isEqualTo("already on version " + s.version());
            List<VirtualMeter> ct = s.fleet().meters().stream().filter(m -> !m.spec().category().hasRelay()).toList();
            for (VirtualMeter m : ct) {
                JsonNode r = results.get(m.spec().serialNo());
                assertThat(r.get("status").asString()).isEqualTo("SKIPPED");
                assertThat(r.get("wave").isNull()).isTrue();
                assertThat(r.get("reason").asString()).startsWith("model " + m.model() + " is not targeted by the image");
                assertThat(m.firmwareVersion()).isNotEqualTo(s.version());
            }
            assertThat(meters(ops, id, "SKIPPED")).hasSize(2 + ct.size());

            String operator = FirmwareTestSupport.userName(port, "OPERATOR");
            assertThat(audit.recent(operator, 100)).extracting(AuditTrail.Entry::action)
                    .contains("FIRMWARE CAMPAIGN", "FIRMWARE CAMPAIGN RESUME");
        } finally {
            FirmwareTestSupport.restoreSharedHes(port, s.hes());
        }
    }

    @Test
    void uc8_1_aHaltedCampaignCanBeCancelledAndNothingMoreIsSent() throws Exception {
        Setup s = setUp("FWC2-");
        try {
            TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
            List<List<String>> waves = s.waves(8, 8);
            assertThat(s.failures(waves.get(0))).as("the pilot has a failure").isPositive();
            TestHttp.Response created = post(ops, campaign(s, s.prefix() + "F", 8, 8, 0), Fixtures.unique("campaign-"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long id = created.json().get("id").asLong();
            JsonNode halted = Eventually.await(Duration.ofSeconds(20), () -> get(ops, id),
                    x -> x.get("state").asString().equals("HALTED"));
            assertThat(lastDoneWave(halted)).isEqualTo(1);

            TestHttp.Response cancelled = ops.postJson("/api/v1/firmware-campaigns/" + id + "/cancel",
                    Map.of("reason", "vendor withdrew the image"));
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
            JsonNode c = cancelled.json();
            assertThat(c.get("state").asString()).isEqualTo("CANCELLED");
            assertThat(c.get("stateReason").asString()).contains("vendor withdrew the image");
            for (int w = 1; w < waves.size(); w++) {
                assertThat(c.get("waves").get(w).get("state").asString()).isEqualTo("CANCELLED");
            }
            List<JsonNode> notSent = meters(ops, id, "CANCELLED");
            assertThat(notSent).hasSize(s.eligible().size() - 8);
            assertThat(notSent.get(0).get("reason").asString()).isEqualTo("campaign cancelled before its wave was sent");
            // Cancelling again changes nothing; a cancelled campaign does not resume, and never sends more.
            assertThat(ops.postJson("/api/v1/firmware-campaigns/" + id + "/cancel", Map.of("reason", "again"))
                    .json().get("stateReason").asString()).contains("vendor withdrew the image");
            assertThat(ops.postJson("/api/v1/firmware-campaigns/" + id + "/resume", Map.of("reason", "oops")).status())
                    .isEqualTo(409);
            Thread.sleep(1500);
            for (String serial : waves.get(1)) {
                assertThat(ops.get("/api/v1/meters/" + serial + "/commands").json()).isEmpty();
            }
            assertThat(audit.recent(FirmwareTestSupport.userName(port, "OPERATOR"), 50))
                    .extracting(AuditTrail.Entry::action).contains("FIRMWARE CAMPAIGN CANCEL");
        } finally {
            FirmwareTestSupport.restoreSharedHes(port, s.hes());
        }
    }

    @Test
    void uc8_1_badCampaignRequestsAreRefusedNamingTheFieldAndCreateNothing() {
        TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter ct = hes.fleet().meter("TH-CT2");
        TestHes.installInRegistry(port, hes, ct);
        long image = uploaded(port, "Sim", "8." + Fixtures.unique("b"), "SINGLE_PHASE_WC",
                imageBytes(Fixtures.unique("b"), 1000)).get("id").asLong();
        Map<String, Object> ok = new HashMap<>(Map.of("name", "CT meters", "imageId", image, "meters",
                List.of(ct.spec().serialNo()), "pilotSize", 1, "waveSize", 10, "failureThresholdPercent", 10,
                "reason", "security patch"));

        assertThat(field(post(ops, ok, null))).isEqualTo("Idempotency-Key");
        assertThat(field(post(ops, with(ok, "waveSize", 0), "k1"))).isEqualTo("waveSize");
        assertThat(field(post(ops, with(ok, "failureThresholdPercent", 101), "k2"))).isEqualTo("failureThresholdPercent");
        assertThat(field(post(ops, with(ok, "nodeCode", "X"), "k3"))).isEqualTo("nodeCode");
        assertThat(field(post(ops, with(ok, "meters", List.of()), "k4"))).isEqualTo("meters");
        TestHttp.Response unknownImage = post(ops, with(ok, "imageId", 987654), "k5");
        assertThat(unknownImage.status()).isEqualTo(422);
        assertThat(field(unknownImage)).isEqualTo("imageId");
        TestHttp.Response unknownMeter = post(ops, with(ok, "meters", List.of("NO-SUCH-METER")), "k6");
        assertThat(unknownMeter.status()).isEqualTo(422);
        assertThat(field(unknownMeter)).isEqualTo("meters[0]");
        assertThat(post(FirmwareTestSupport.staff(port, "VIEWER"), ok, "k7").status()).isEqualTo(403);
        assertThat(ops.get("/api/v1/firmware-campaigns/987654").status()).isEqualTo(404);

        // A campaign whose only meter is of a model the image is not for: planned, nothing to send, complete.
        String key = Fixtures.unique("campaign-");
        TestHttp.Response created = post(ops, ok, key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("state").asString()).isEqualTo("COMPLETED");
        assertThat(created.json().get("stateReason").asString()).isEqualTo("no meter to upgrade");
        assertThat(created.json().get("counts").get("SKIPPED").asInt()).isEqualTo(1);
        assertThat(ops.get("/api/v1/firmware-campaigns/" + created.json().get("id").asLong() + "/meters").json()
                .get(0).get("reason").asString()).isEqualTo("model HT_CT is not targeted by the image (for SINGLE_PHASE_WC)");
        // The same key for a different request is a conflict.
        TestHttp.Response conflict = post(ops, with(ok, "pilotSize", 2), key);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(field(conflict)).isEqualTo("Idempotency-Key");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * 40 meters of their own (mostly single-phase, a few CT-operated), registered as make Sim except one of make
     * Genus; one meter already upgraded by an ordinary command; an image of Sim for the whole-current models. The
     * serial prefix is fixed, so which meters fail (a hash of seed and serial) is the same on every run.
     */
    private Setup setUp(String p) {
        Fleet fleet = Fleet.generate(SEED, 40, p, TestHes.COMMISSIONED, FAULTS);
        Fleet twin = Fleet.generate(SEED, 40, p, TestHes.COMMISSIONED, FAULTS);
        List<VirtualMeter> wc = fleet.meters().stream().filter(m -> m.spec().category().hasRelay())
                .sorted(Comparator.comparing(m -> m.spec().serialNo())).toList();
        VirtualMeter otherMake = wc.get(wc.size() - 1);
        ReferenceHes hes = FirmwareTestSupport.serve(port, fleet, FAULTS, p, m -> m == otherMake ? "Genus" : "Sim");
        String version = "5.0+" + p.replace("-", "").toLowerCase();
        long image = uploaded(port, "Sim", version, "SINGLE_PHASE_WC,THREE_PHASE_WC", imageBytes(version, 120_000))
                .get("id").asLong();
        Setup probe = new Setup(p, fleet, twin, hes, version, image, otherMake, null);
        VirtualMeter already = wc.stream().filter(m -> m != otherMake && probe.succeeds(m.spec().serialNo()))
                .reduce((a, b) -> b).orElseThrow();
        TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
        TestHttp.Response direct = ops.postJson("/api/v1/commands", Map.of("type", "FIRMWARE_UPGRADE", "meterSerialNo",
                already.spec().serialNo(), "reason", "trial install", "parameters", Map.of("firmwareVersion", version)),
                Map.of("Idempotency-Key", Fixtures.unique("fw-")));
        assertThat(direct.status()).as(direct.body()).isEqualTo(201);
        Eventually.await(Duration.ofSeconds(20), () -> ops.get("/api/v1/meters/" + already.spec().serialNo() + "/state")
                .json().get("properties"), props -> props.has("firmwareVersion"));
        return new Setup(p, fleet, twin, hes, version, image, otherMake, already);
    }

    private static Map<String, Object> campaign(Setup s, String nodeCode, int pilot, int size, int threshold) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Security patch " + s.version());
        body.put("imageId", s.imageId());
        body.put("nodeCode", nodeCode);
        body.put("pilotSize", pilot);
        body.put("waveSize", size);
        body.put("failureThresholdPercent", threshold);
        body.put("reason", "vendor security advisory");
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> out = new HashMap<>(body);
        out.put(field, value);
        return out;
    }

    private static TestHttp.Response post(TestHttp api, Map<String, Object> body, String key) {
        return api.postJson("/api/v1/firmware-campaigns", body, key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private static JsonNode get(TestHttp api, long id) {
        TestHttp.Response r = api.get("/api/v1/firmware-campaigns/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<JsonNode> meters(TestHttp api, long id, String status) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/firmware-campaigns/" + id + "/meters?size=1000&status=" + status).json().forEach(out::add);
        return out;
    }

    private static int lastDoneWave(JsonNode campaign) {
        int last = 0;
        for (JsonNode w : campaign.get("waves")) {
            if (Set.of("DONE").contains(w.get("state").asString())) {
                last = w.get("wave").asInt();
            }
        }
        return last;
    }
}

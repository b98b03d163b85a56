package org.urja.mdms.firmware;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.hes.internal.MdmClient;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.firmware.FirmwareTestSupport.imageBytes;
import static org.urja.mdms.firmware.FirmwareTestSupport.sha256;
import static org.urja.mdms.firmware.FirmwareTestSupport.upload;
import static org.urja.mdms.firmware.FirmwareTestSupport.uploaded;

/**
 * UC8.1 firmware images: stored with the vendor's checksum, which must match the bytes, for a make and its models;
 * fetched by the HES over the authenticated HES API; the reference HES checks size, checksum and meter model before
 * it upgrades a meter.
 */
@UrjaIntegrationTest
class UC8FirmwareImageTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Test
    void uc8_1_anImageIsStoredWithItsChecksumAndModelsAndTheHesFetchesIt() {
        String make = Fixtures.unique("Make");
        byte[] bytes = imageBytes(make, 200_000);
        JsonNode image = uploaded(port, make, "3.1.0", "SINGLE_PHASE_WC,THREE_PHASE_WC", bytes);
        long id = image.get("id").asLong();
        assertThat(image.get("sha256").asString()).isEqualTo(sha256(bytes));
        assertThat(image.get("sizeBytes").asInt()).isEqualTo(200_000);
        assertThat(image.get("models").toString()).isEqualTo("[\"SINGLE_PHASE_WC\",\"THREE_PHASE_WC\"]");
        assertThat(image.get("downloadPath").asString()).isEqualTo("/api/v1/hes/firmware-images/" + id + "/content");

        TestHttp viewer = FirmwareTestSupport.staff(port, "VIEWER");
        assertThat(viewer.get("/api/v1/firmware-images/" + id).json().get("version").asString()).isEqualTo("3.1.0");
        assertThat(viewer.get("/api/v1/firmware-images?make=" + make).json()).hasSize(1);

        // The HES fetches the bytes with its own credentials (signed GET), exactly as uploaded.
        MdmClient.Download download = TestHes.get(port).mdm().fetch("/firmware-images/" + id + "/content");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);
        TestHttp.Response byApiKey = TestHttp.hes(port, Fixtures.HES_KEY).get("/api/v1/hes/firmware-images/" + id + "/content");
        assertThat(byApiKey.status()).isEqualTo(200);
        assertThat(byApiKey.headers().firstValue("X-Urja-Firmware-Sha256")).hasValue(sha256(bytes));
        // Staff credentials do not open the HES API, and the HES does not see the staff API.
        assertThat(viewer.get("/api/v1/hes/firmware-images/" + id + "/content").status()).isEqualTo(401);
        assertThat(TestHttp.hes(port, Fixtures.HES_KEY).get("/api/v1/hes/firmware-images/999999/content").status())
                .isEqualTo(404);

        // The same make and version again is refused, naming the version; other roles may not upload.
        TestHttp.Response again = upload(port, make.toUpperCase(), "3.1.0", "LT_CT", bytes, sha256(bytes));
        assertThat(again.status()).isEqualTo(409);
        assertThat(field(again)).isEqualTo("version");
        TestHttp.Response byOperator = FirmwareTestSupport.staff(port, "OPERATOR").postMultipart("/api/v1/firmware-images",
                Map.of("make", make, "version", "3.1.1", "models", "LT_CT", "sha256", sha256(bytes)), "file", bytes);
        assertThat(byOperator.status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/firmware-images?make=" + make).json()).hasSize(1);
        assertThat(audit.recent(Fixtures.ADMIN, 20)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("FIRMWARE IMAGE UPLOAD");
            assertThat(e.target()).contains(make + " 3.1.0");
        });
    }

    @Test
    void uc8_1_anImageWhoseBytesDoNotMatchTheVendorsChecksumIsRefusedAndNothingIsStored() {
        String make = Fixtures.unique("Make");
        byte[] bytes = imageBytes(make, 50_000);
        byte[] damaged = bytes.clone();
        damaged[1234] ^= 1;
        TestHttp.Response refused = upload(port, make, "1.0.0", "SINGLE_PHASE_WC", damaged, sha256(bytes));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(field(refused)).isEqualTo("sha256");
        assertThat(refused.json().get("detail").asString()).contains(sha256(damaged));

        // Every other bad field is named too, and nothing is stored.
        assertThat(field(upload(port, make, "1.0.0", "SINGLE_PHASE_WC", bytes, "abc"))).isEqualTo("sha256");
        assertThat(field(upload(port, make, "1.0.0", "SMART_METER", bytes, sha256(bytes)))).isEqualTo("models[0]");
        assertThat(field(upload(port, make, "1 0", "SINGLE_PHASE_WC", bytes, sha256(bytes)))).isEqualTo("version");
        assertThat(field(upload(port, "", "1.0.0", "SINGLE_PHASE_WC", bytes, sha256(bytes)))).isEqualTo("make");
        TestHttp.Response noFile = Fixtures.admin(port).postMultipart("/api/v1/firmware-images",
                Map.of("make", make, "version", "1.0.0", "models", "LT_CT", "sha256", sha256(bytes)), "file", null);
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(field(noFile)).isEqualTo("file");
        byte[] tooLarge = new byte[16 * 1024 * 1024 + 1];
        TestHttp.Response large = upload(port, make, "1.0.0", "LT_CT", tooLarge, sha256(tooLarge));
        assertThat(large.status()).isEqualTo(413);
        assertThat(field(large)).isEqualTo("file");
        assertThat(Fixtures.admin(port).get("/api/v1/firmware-images?make=" + make).json()).isEmpty();
    }

    @Test
    void uc8_1_theHesChecksTheImagesChecksumAndTheMetersModelBeforeUpgrading() {
        ReferenceHes hes = TestHes.get(port);
        List<VirtualMeter> live = hes.fleet().meters().stream().filter(m -> !m.silent()).toList();
        VirtualMeter single = live.stream().filter(m -> m.model().equals("SINGLE_PHASE_WC")).reduce((a, b) -> b).orElseThrow();
        VirtualMeter ct = hes.fleet().meter("TH-CT1");
        TestHes.installInRegistry(port, hes, single);
        TestHes.installInRegistry(port, hes, ct);
        byte[] bytes = imageBytes(Fixtures.unique("img"), 30_000);
        JsonNode image = uploaded(port, "Sim", "9." + Fixtures.unique("t"), "SINGLE_PHASE_WC", bytes);
        String version = image.get("version").asString();
        Map<String, String> parameters = new HashMap<>(Map.of("firmwareVersion", version, "imagePath",
                "/firmware-images/" + image.get("id").asLong() + "/content", "imageSha256", sha256(bytes),
                "imageSizeBytes", String.valueOf(bytes.length), "imageModels", "SINGLE_PHASE_WC"));
        TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");

        // A checksum the downloaded bytes do not have: the HES fails the command, the meter keeps its firmware.
        String before = single.firmwareVersion();
        Map<String, String> wrongSum = new HashMap<>(parameters);
        wrongSum.put("imageSha256", sha256(new byte[] {1}));
        JsonNode failed = upgrade(ops, single, wrongSum);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("stateReason").asString()).contains("checksum mismatch", sha256(bytes));
        assertThat(single.firmwareVersion()).isEqualTo(before);

        // An image not made for the meter's model is refused by the HES too.
        JsonNode notForCt = upgrade(ops, ct, parameters);
        assertThat(notForCt.get("state").asString()).isEqualTo("FAILED");
        assertThat(notForCt.get("stateReason").asString()).contains("not for this meter's model LT_CT");

        // The right image installs, and the MDM's view of the meter follows.
        JsonNode ok = upgrade(ops, single, parameters);
        assertThat(ok.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(single.firmwareVersion()).isEqualTo(version);
        assertThat(ops.get("/api/v1/meters/" + single.spec().serialNo() + "/state").json().get("properties")
                .get("firmwareVersion").get("value").asString()).isEqualTo(version);

        // The command API checks the image parameters before anything is sent.
        Map<String, String> badPath = new HashMap<>(parameters);
        badPath.put("imageSizeBytes", "-1");
        TestHttp.Response refused = ops.postJson("/api/v1/commands", Map.of("type", "FIRMWARE_UPGRADE",
                "meterSerialNo", single.spec().serialNo(), "reason", "bad size", "parameters", badPath),
                Map.of("Idempotency-Key", Fixtures.unique("fw-")));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused)).isEqualTo("parameters.imageSizeBytes");
    }

    private static JsonNode upgrade(TestHttp ops, VirtualMeter meter, Map<String, String> parameters) {
        TestHttp.Response r = ops.postJson("/api/v1/commands", Map.of("type", "FIRMWARE_UPGRADE", "meterSerialNo",
                meter.spec().serialNo(), "reason", "firmware image test", "parameters", parameters),
                Map.of("Idempotency-Key", Fixtures.unique("fw-")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        long id = r.json().get("id").asLong();
        return Eventually.await(Duration.ofSeconds(20), () -> ops.get("/api/v1/commands/" + id).json(),
                c -> Set.of("SUCCEEDED", "FAILED", "TIMED_OUT").contains(c.get("state").asString()));
    }

    static String field(TestHttp.Response r) {
        return r.json().get("errors").get(0).get("field").asString();
    }
}

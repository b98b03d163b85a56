package org.urja.mdms.firmware;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.firmware.FirmwareTestSupport.imageBytes;
import static org.urja.mdms.firmware.FirmwareTestSupport.sha256;

/**
 * UC8.1 through the staff portal in real headless Chromium, against a reference HES serving a fleet of its own: an
 * administrator uploads an image (a wrong SHA-256 refused, nothing stored); an operator plans a campaign over a DT —
 * the meter count, the skipped meters and the waves shown before anything is sent —, starts it and follows it on its
 * page to COMPLETED with each meter's result, the meters themselves upgraded; an operator halts a running campaign
 * (the wave in flight completes, no further wave goes out) and cancels it; a viewer sees the pages without any form,
 * and its forged posts are refused (403) with nothing changed.
 */
@UrjaIntegrationTest
class FirmwareCampaignBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Test
    void uc8_1_anImageIsUploadedAndACampaignIsPlannedStartedAndFollowedToCompletionWithPerMeterResults() throws Exception {
        String p = "FWB1-";
        Fleet fleet = Fleet.generate(811L, 8, p, TestHes.COMMISSIONED, FaultProfile.none());
        // One meter of another make: the image (of make Sim) is not for it.
        String otherMake = eligible(fleet).get(eligible(fleet).size() - 1);
        ReferenceHes hes = FirmwareTestSupport.serve(port, fleet, FaultProfile.none(), p,
                m -> m.spec().serialNo().equals(otherMake) ? "Genus" : "Sim");
        try {
            List<String> eligible = eligible(fleet).stream().filter(m -> !m.equals(otherMake)).toList();
            List<String> skipped = fleet.meters().stream().map(m -> m.spec().serialNo())
                    .filter(m -> !eligible.contains(m)).toList();
            assertThat(eligible).hasSizeGreaterThanOrEqualTo(5);
            String version = "6.1+" + Fixtures.unique("b").toLowerCase();
            byte[] bytes = imageBytes(version, 50_000);
            Path file = Files.createTempFile("urja-image-", ".bin");
            Files.write(file, bytes);

            // An administrator uploads the image; a wrong checksum first, refused naming the field, nothing stored.
            String admin = Fixtures.staffUser(port, "fwbadm", List.of("ADMIN"));
            long imageId;
            try (Browser browser = signedIn(admin, "firmware-upload")) {
                browser.go("/firmware");
                fillUpload(browser, file, version, "0".repeat(64));
                browser.click("#upload");
                assertThat(browser.text("#upload-error")).startsWith("sha256:");
                assertThat(images(version)).isEmpty();
                browser.screenshot("wrong-checksum-refused");
                fillUpload(browser, file, version, sha256(bytes));
                browser.click("#upload");
                browser.waitForPath("/firmware?uploaded=");
                assertThat(browser.text("#uploaded")).contains("Sim " + version, "50000 bytes", "SHA-256 checked");
                List<JsonNode> stored = images(version);
                assertThat(stored).hasSize(1);
                imageId = stored.get(0).get("id").asLong();
                assertThat(stored.get(0).get("uploadedBy").asString()).isEqualTo(admin);
                assertThat(browser.text("tr[data-image='" + imageId + "'] .sha256")).isEqualTo(sha256(bytes));
                browser.screenshot("image-uploaded");
            }

            String operator = Fixtures.staffUser(port, "fwbop", List.of("OPERATOR"));
            try (Browser browser = signedIn(operator, "firmware-campaign")) {
                // A bad form (an unknown DT) comes back naming the field; nothing is planned.
                browser.go("/firmware");
                fillCampaign(browser, imageId, "NO-SUCH-DT", 2, 3);
                browser.click("#plan-campaign");
                assertThat(browser.text("#campaign-error")).startsWith("nodeCode:");

                // Step 1: the plan — meters addressed, to upgrade, skipped with why, the waves; nothing sent yet.
                browser.go("/firmware");
                fillCampaign(browser, imageId, p + "DT", 2, 3);
                browser.click("#plan-campaign");
                browser.waitFor("#plan-counts");
                assertThat(browser.text("#plan-meters")).isEqualTo(String.valueOf(fleet.meters().size()));
                assertThat(browser.text("#plan-upgrade")).isEqualTo(String.valueOf(eligible.size()));
                assertThat(browser.text("#plan-skipped")).isEqualTo(String.valueOf(skipped.size()));
                assertThat(browser.text("#plan-waves")).startsWith("pilot 2, then 3");
                assertThat(browser.text("#plan-skipped-meters tr[data-meter='" + otherMake + "'] .reason"))
                        .isEqualTo("make Genus is not the image's make Sim");
                for (String m : skipped) {
                    assertThat(browser.text("#plan-skipped-meters tr[data-meter='" + m + "'] .reason")).isNotBlank();
                }
                assertThat(browser.text("#confirm-campaign")).isEqualTo("Start the campaign on " + eligible.size()
                        + " meters");
                browser.screenshot("campaign-planned");
                TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
                for (String m : eligible) {
                    assertThat(ops.get("/api/v1/meters/" + m + "/commands").json()).as(m).isEmpty();
                }
                String key = browser.all("#start-campaign input[name=key]").get(0).getAttribute("value");

                // Step 2: started; its page follows the waves to completion without a reload.
                browser.click("#confirm-campaign");
                String id = idFrom(browser, "/firmware/campaigns/");
                browser.until(Duration.ofSeconds(60), d -> browser.text("#campaign-state").equals("COMPLETED"));
                assertThat(browser.text("#campaign-finished")).isEqualTo(eligible.size() + " of " + eligible.size()
                        + " meters final");
                int waves = 1 + (eligible.size() - 2 + 2) / 3;
                assertThat(browser.all("#waves tbody tr")).hasSize(waves);
                for (int w = 1; w <= waves; w++) {
                    assertThat(browser.text("#waves tr[data-wave='" + w + "'] .state")).isEqualTo("DONE");
                }
                for (String m : eligible) {
                    assertThat(browser.text("#campaign-meters tr[data-meter='" + m + "'] .status")).as(m)
                            .isEqualTo("SUCCEEDED");
                    assertThat(fleet.meter(m).firmwareVersion()).isEqualTo(version);
                }
                for (String m : skipped) {
                    assertThat(browser.text("#campaign-meters tr[data-meter='" + m + "'] .status")).isEqualTo("SKIPPED");
                    assertThat(fleet.meter(m).firmwareVersion()).isNotEqualTo(version);
                }
                assertThat(browser.all("#actions")).isEmpty();
                browser.screenshot("campaign-completed");
                // Only the skipped ones, by the status filter.
                browser.click("#status-filter a[data-status='SKIPPED']");
                browser.waitForPath("/firmware/campaigns/" + id + "?status=SKIPPED");
                assertThat(browser.all("#campaign-meters tbody tr")).hasSize(skipped.size());

                JsonNode campaign = ops.get("/api/v1/firmware-campaigns/" + id).json();
                assertThat(campaign.get("createdBy").asString()).isEqualTo(operator);
                assertThat(campaign.get("counts").get("SUCCEEDED").asInt()).isEqualTo(eligible.size());
                assertThat(ops.get("/api/v1/meters/" + eligible.get(0) + "/state").json().get("properties")
                        .get("firmwareVersion").get("value").asString()).isEqualTo(version);

                // The confirmed form sent again (a double click, a resent page) is the same campaign: nothing more.
                TestHttp again = TestHttp.browser(port);
                again.signIn(operator, Fixtures.password(operator));
                TestHttp.Response resent = again.postForm("/firmware/campaigns", Map.of("name", "Browser campaign",
                        "imageId", String.valueOf(imageId), "target", "node", "nodeCode", p + "DT", "meters", "",
                        "pilotSize", "2", "waveSize", "3", "failureThresholdPercent", "20",
                        "reason", "vendor security advisory", "key", key), "/firmware", true);
                assertThat(resent.status()).isEqualTo(302);
                assertThat(resent.location()).endsWith("/firmware/campaigns/" + id);
                assertThat(ops.get("/api/v1/meters/" + eligible.get(0) + "/commands").json()).hasSize(1);
                assertThat(audit.recent(operator, 20)).extracting(AuditTrail.Entry::action).contains("FIRMWARE CAMPAIGN");
            }
        } finally {
            FirmwareTestSupport.restoreSharedHes(port, hes);
        }
    }

    @Test
    void uc8_1_anOperatorHaltsARunningCampaignNothingMoreIsSentAndThenCancelsIt() {
        String p = "FWB2-";
        Fleet fleet = Fleet.generate(812L, 8, p, TestHes.COMMISSIONED, FaultProfile.none());
        // A slow HES: each wave stays with the meters for three seconds, long enough to halt the campaign meanwhile.
        ReferenceHes hes = FirmwareTestSupport.serve(port, fleet, FaultProfile.none(), p, m -> "Sim",
                Duration.ofSeconds(3));
        try {
            List<String> eligible = eligible(fleet);
            assertThat(eligible).hasSizeGreaterThanOrEqualTo(4);
            String version = "6.2+" + Fixtures.unique("h").toLowerCase();
            long imageId = FirmwareTestSupport.uploaded(port, "Sim", version, "SINGLE_PHASE_WC,THREE_PHASE_WC",
                    imageBytes(version, 20_000)).get("id").asLong();
            String operator = Fixtures.staffUser(port, "fwbhalt", List.of("OPERATOR"));
            TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
            try (Browser browser = signedIn(operator, "firmware-halt")) {
                browser.go("/firmware");
                fillCampaign(browser, imageId, p + "DT", 2, 2);
                browser.click("#plan-campaign");
                browser.click("#confirm-campaign");
                String id = idFrom(browser, "/firmware/campaigns/");
                assertThat(browser.text("#campaign-state")).isEqualTo("RUNNING");

                // Halt: a confirmation page asks why; the campaign stops where it stands.
                browser.click("#halt");
                browser.waitFor("#action-form");
                browser.fill("reason", "complaints of meters rebooting");
                browser.click("#confirm-action");
                browser.waitForPath("/firmware/campaigns/" + id);
                assertThat(browser.text("#campaign-state")).isEqualTo("HALTED");
                assertThat(browser.text("#campaign-state-reason")).contains("halted by " + operator,
                        "complaints of meters rebooting");
                browser.screenshot("campaign-halted");
                // The meters whose wave had not gone out when it was halted (on a busy machine the pilot may already
                // have finished and wave 2 gone out: the slow HES only makes that unlikely).
                List<String> unsent = new ArrayList<>();
                ops.get("/api/v1/firmware-campaigns/" + id + "/meters?status=PENDING&size=1000").json()
                        .forEach(m -> unsent.add(m.get("meterSerialNo").asString()));
                assertThat(unsent).isNotEmpty();
                // The wave in flight completes and is shown (the page follows it while its commands are out) ...
                browser.until(Duration.ofSeconds(20), d -> browser.all("#campaign-meters td.status").stream()
                                .filter(e -> e.getText().equals("SUCCEEDED")).count() == eligible.size() - unsent.size());
                // ... but no further wave goes out, also after the periodic check has looked.
                sleep(2000);
                JsonNode halted = ops.get("/api/v1/firmware-campaigns/" + id).json();
                assertThat(halted.get("state").asString()).isEqualTo("HALTED");
                assertThat(halted.get("counts").get("PENDING").asInt()).isEqualTo(unsent.size());
                for (String m : unsent) {
                    assertThat(ops.get("/api/v1/meters/" + m + "/commands").json()).as(m).isEmpty();
                }
                browser.go("/firmware/campaigns/" + id);
                assertThat(browser.all("#halt")).isEmpty();
                assertThat(browser.all("#resume")).hasSize(1);
                // Halting again is refused (only a running campaign halts), naming why.
                TestHttp.Response again = ops.postJson("/api/v1/firmware-campaigns/" + id + "/halt",
                        Map.of("reason", "again"));
                assertThat(again.status()).isEqualTo(409);

                // Cancel: the rest is never sent.
                browser.click("#cancel");
                browser.waitFor("#action-form");
                browser.fill("reason", "vendor withdrew the image");
                browser.click("#confirm-action");
                browser.waitForPath("/firmware/campaigns/" + id);
                assertThat(browser.text("#campaign-state")).isEqualTo("CANCELLED");
                assertThat(browser.all("#actions")).isEmpty();
                for (String m : unsent) {
                    assertThat(browser.text("#campaign-meters tr[data-meter='" + m + "'] .status")).isEqualTo("CANCELLED");
                }
                browser.screenshot("campaign-cancelled");
                sleep(1500);
                for (String m : unsent) {
                    assertThat(ops.get("/api/v1/meters/" + m + "/commands").json()).as(m).isEmpty();
                    assertThat(fleet.meter(m).firmwareVersion()).isNotEqualTo(version);
                }
                assertThat(audit.recent(operator, 20)).extracting(AuditTrail.Entry::action)
                        .contains("FIRMWARE CAMPAIGN HALT", "FIRMWARE CAMPAIGN CANCEL");
            }
        } finally {
            FirmwareTestSupport.restoreSharedHes(port, hes);
        }
    }

    @Test
    void uc8_1_aViewerSeesFirmwareWithoutFormsAndForgedPostsAreRefusedWithNothingChanged() {
        String p = Fixtures.unique("FWV").toUpperCase() + "-";
        String dt = Fixtures.importChain(port, p);
        String meter = p + "M1";
        Fixtures.importCsv(port, "meters", "serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,"
                + "comm_path,role,firmware_version,multiplier,node_code,dcu_code\n"
                + meter + ",Sim,SINGLE_PHASE_WC,30,POSTPAID,true,CELLULAR,CONSUMER,1.0,1," + dt + ",\n"
                + p + "M2,Sim,SINGLE_PHASE_WC,30,POSTPAID,true,CELLULAR,CONSUMER,1.0,1," + dt + ",\n");
        String version = "6.3+" + Fixtures.unique("v").toLowerCase();
        long imageId = FirmwareTestSupport.uploaded(port, "Sim", version, "SINGLE_PHASE_WC", imageBytes(version, 1000))
                .get("id").asLong();
        String viewer = Fixtures.staffUser(port, "fwbview", List.of("VIEWER"));
        try (Browser browser = Browser.phone(port, "firmware-viewer")) {
            signIn(browser, viewer);
            assertThat(browser.pageText()).contains("Firmware", "Meter configuration");
            browser.go("/firmware");
            browser.waitFor("#read-only");
            assertThat(browser.all("#upload-form")).isEmpty();
            assertThat(browser.all("#campaign-form")).isEmpty();
            assertThat(browser.text("tr[data-image='" + imageId + "'] .version")).isEqualTo(version);
            browser.screenshot("viewer-read-only-phone");
            browser.go("/configuration");
            browser.waitFor("#read-only");
            assertThat(browser.all("#apply-form")).isEmpty();
        }

        TestHttp http = TestHttp.browser(port);
        http.signIn(viewer, Fixtures.password(viewer));
        Map<String, String> campaign = Map.of("name", "forged", "imageId", String.valueOf(imageId), "target", "list",
                "meters", meter, "pilotSize", "1", "waveSize", "1", "failureThresholdPercent", "10", "reason", "forged",
                "key", Fixtures.unique("forged"));
        assertThat(http.postForm("/firmware/campaigns/preview", campaign, "/firmware", true).status()).isEqualTo(403);
        assertThat(http.postForm("/firmware/campaigns", campaign, "/firmware", true).status()).isEqualTo(403);
        // A campaign an operator started (over the API): the viewer may look, not halt or cancel it.
        TestHttp.Response started = FirmwareTestSupport.staff(port, "OPERATOR").postJson("/api/v1/firmware-campaigns",
                Map.of("name", "viewer test", "imageId", imageId, "meters", List.of(p + "M2"), "pilotSize", 1,
                        "waveSize", 1, "failureThresholdPercent", 100, "reason", "security patch"),
                Map.of("Idempotency-Key", Fixtures.unique("fwv-")));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        long campaignId = started.json().get("id").asLong();
        assertThat(http.get("/firmware/campaigns/" + campaignId).status()).isEqualTo(200);
        assertThat(http.get("/firmware/campaigns/" + campaignId).body()).doesNotContain("id=\"actions\"");
        assertThat(http.get("/firmware/campaigns/" + campaignId + "/halt").status()).isEqualTo(403);
        for (String action : List.of("halt", "cancel")) {
            assertThat(http.postForm("/firmware/campaigns/" + campaignId + "/" + action, Map.of("reason", "forged"),
                    "/firmware", true).status()).isEqualTo(403);
        }
        assertThat(Fixtures.admin(port).get("/api/v1/firmware-campaigns/" + campaignId).json().get("stateReason")
                .asString()).doesNotContain("forged");
        assertThat(http.postForm("/configuration/applications", Map.of("profile", "any", "target", "list",
                "meters", meter, "reason", "forged", "key", "forged-cfg"), "/configuration", true).status())
                .isEqualTo(403);
        Map<String, String> upload = new java.util.HashMap<>(Map.of("make", "Sim", "version", version + "x",
                "models", "SINGLE_PHASE_WC", "sha256", sha256(new byte[] {1})));
        upload.put("_csrf", http.csrfTokenFrom("/firmware"));
        assertThat(http.postMultipart("/firmware/images", upload, "file", new byte[] {1}).status()).isEqualTo(403);
        assertThat(images(version + "x")).isEmpty();
        assertThat(Fixtures.admin(port).get("/api/v1/meters/" + meter + "/commands").json()).isEmpty();
        // An operator's post without the CSRF token is refused too.
        String operator = Fixtures.staffUser(port, "fwbnocsrf", List.of("OPERATOR"));
        TestHttp op = TestHttp.browser(port);
        op.signIn(operator, Fixtures.password(operator));
        assertThat(op.postForm("/firmware/campaigns", campaign, "/firmware", false).status()).isEqualTo(403);
        assertThat(Fixtures.admin(port).get("/api/v1/meters/" + meter + "/commands").json()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The whole-current meters (the image is for them), in serial order; CT meters are skipped. */
    private static List<String> eligible(Fleet fleet) {
        return fleet.meters().stream().filter(m -> m.spec().category().hasRelay()).map(m -> m.spec().serialNo())
                .sorted().toList();
    }

    /** The id in the path once the browser has left the preview page (whose path shares the prefix) for the new page. */
    static String idFrom(Browser browser, String prefix) {
        browser.until(Duration.ofSeconds(10), d -> browser.path().matches(java.util.regex.Pattern.quote(prefix) + "\\d+.*"));
        return browser.path().replaceAll(java.util.regex.Pattern.quote(prefix) + "(\\d+).*", "$1");
    }

    private Browser signedIn(String user, String name) {
        Browser browser = Browser.open(port, name);
        signIn(browser, user);
        return browser;
    }

    private static void signIn(Browser browser, String user) {
        browser.go("/login").fill("username", user).fill("password", Fixtures.password(user)).press("Sign in");
        browser.waitFor("li.function"); // signed in: the home page lists the functions
    }

    private static void fillUpload(Browser browser, Path file, String version, String sha) {
        browser.find("#upload-form input[name=file]").sendKeys(file.toAbsolutePath().toString());
        browser.fill("make", "Sim").fill("version", version).fill("sha256", sha);
        for (String model : List.of("SINGLE_PHASE_WC", "THREE_PHASE_WC")) {
            var box = browser.find("#upload-form input[name=models][value='" + model + "']");
            if (!box.isSelected()) {
                box.click();
            }
        }
    }

    private static void fillCampaign(Browser browser, long imageId, String node, int pilot, int wave) {
        browser.fill("name", "Browser campaign");
        new Select(browser.find("#campaign-form select[name=imageId]")).selectByValue(String.valueOf(imageId));
        browser.click("#campaign-form input[name=target][value=node]");
        browser.fill("nodeCode", node).fill("pilotSize", String.valueOf(pilot)).fill("waveSize", String.valueOf(wave))
                .fill("failureThresholdPercent", "20").fill("reason", "vendor security advisory");
    }

    private List<JsonNode> images(String version) {
        List<JsonNode> out = new ArrayList<>();
        Fixtures.admin(port).get("/api/v1/firmware-images?make=Sim&limit=1000").json().forEach(i -> {
            if (i.get("version").asString().equals(version)) {
                out.add(i);
            }
        });
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

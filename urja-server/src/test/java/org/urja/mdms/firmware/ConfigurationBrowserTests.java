package org.urja.mdms.firmware;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC8.2–8.3 through the staff portal on a 360 px phone in real headless Chromium, against a reference HES serving a
 * DT of its own: an operator applies a configuration profile to the DT — the meter count and settings shown before
 * anything is sent —, and the application's page follows every meter to VERIFIED (the value asked for beside the
 * value read back from the meter), or MISMATCH for a meter that acknowledged the writes but kept its old values. A
 * bad list of meters is refused naming the field; the same confirmed form sent twice is one application.
 */
@UrjaIntegrationTest
class ConfigurationBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditTrail audit;

    @Test
    void uc8_2to8_3_aProfileIsAppliedToADtFromThePortalAndEachMeterIsShownVerifiedOrMismatch() {
        String p = "CFGB1-";
        Fleet fleet = Fleet.generate(41L, 4, p, TestHes.COMMISSIONED, FaultProfile.none());
        List<VirtualMeter> meters = fleet.meters().stream()
                .sorted(java.util.Comparator.comparing(m -> m.spec().serialNo())).toList();
        VirtualMeter defective = meters.get(0);
        defective.ignoreConfigurationWrites(true);
        String before = new BigDecimal(String.valueOf(defective.loadLimitKw())).stripTrailingZeros().toPlainString();
        ReferenceHes hes = FirmwareTestSupport.serve(port, fleet, FaultProfile.none(), p, m -> "Sim");
        try {
            TestHttp ops = FirmwareTestSupport.staff(port, "OPERATOR");
            String profile = "Browser-3.5kW-" + Fixtures.unique("c");
            TestHttp.Response created = ops.postJson("/api/v1/configuration-profiles", Map.of("name", profile,
                    "description", "3.5 kW limit, 30-minute demand", "loadLimitKw", 3.5, "demandIntegrationMinutes", 30));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String operator = Fixtures.staffUser(port, "cfgbop", List.of("OPERATOR"));

            try (Browser browser = Browser.phone(port, "configuration-apply")) {
                browser.go("/login").fill("username", operator).fill("password", Fixtures.password(operator))
                        .press("Sign in");
                browser.waitFor("li.function");
                browser.go("/configuration");
                assertThat(browser.text("#profiles tr[data-profile='" + profile + "']")).contains("3.5 kW", "30 min");

                // A list naming a meter the registry does not know is refused naming it; nothing is sent.
                new Select(browser.find("#apply-form select[name=profile]")).selectByValue(profile);
                browser.click("#apply-form input[name=target][value=list]");
                browser.fill("meters", "NO-SUCH-METER");
                browser.fill("reason", "load limiter roll-out");
                browser.click("#check-apply");
                assertThat(browser.text("#apply-error")).startsWith("meters[0]:");

                // Step 1: the DT's meters counted and the settings listed, nothing sent yet.
                new Select(browser.find("#apply-form select[name=profile]")).selectByValue(profile);
                browser.click("#apply-form input[name=target][value=node]");
                browser.fill("nodeCode", p + "DT");
                browser.fill("reason", "load limiter roll-out");
                browser.click("#check-apply");
                browser.waitFor("#apply-counts");
                assertThat(browser.text("#apply-meters")).isEqualTo("4");
                assertThat(browser.text("#apply-counts")).contains("loadLimitKw", "SET_LOAD_LIMIT",
                        "demandIntegrationMinutes", "SET_DEMAND_INTEGRATION_PERIOD");
                browser.screenshot("profile-checked");
                for (VirtualMeter m : fleet.meters()) {
                    assertThat(ops.get("/api/v1/meters/" + m.spec().serialNo() + "/commands").json()).isEmpty();
                }
                String key = browser.all("#send-apply input[name=key]").get(0).getAttribute("value");

                // Step 2: sent; the page follows the commands and the read-back to each meter's outcome.
                browser.click("#confirm-apply");
                String id = FirmwareCampaignBrowserTests.idFrom(browser, "/configuration/applications/");
                browser.until(Duration.ofSeconds(40), d -> browser.text("#application-state").equals("DONE"));
                for (VirtualMeter m : meters.subList(1, 4)) {
                    String row = "#application-meters tr[data-meter='" + m.spec().serialNo() + "']";
                    assertThat(browser.text(row + " .status")).isEqualTo("VERIFIED");
                    assertThat(browser.text(row + " .read-back [data-setting='loadLimitKw']"))
                            .isEqualTo("loadLimitKw 3.5 / 3.5");
                    assertThat(m.loadLimitKw()).isEqualTo(3.5);
                    assertThat(m.demandIntegrationPeriod()).isEqualTo(30);
                }
                String row = "#application-meters tr[data-meter='" + defective.spec().serialNo() + "']";
                assertThat(browser.text(row + " .status")).isEqualTo("MISMATCH");
                assertThat(browser.text(row + " .read-back [data-setting='loadLimitKw']"))
                        .isEqualTo("loadLimitKw 3.5 / " + before);
                assertThat(browser.text(row + " .reason")).contains("loadLimitKw is " + before + ", not 3.5");
                assertThat(browser.text("#status-filter a[data-status='VERIFIED'] .count")).isEqualTo("3");
                browser.screenshot("verified-and-mismatch");
                Long width = (Long) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                        .executeScript("return document.documentElement.scrollWidth;");
                assertThat(width).as("no sideways scrolling of the page at 360 px").isLessThanOrEqualTo(360L);

                JsonNode application = ops.get("/api/v1/configuration-applications/" + id).json();
                assertThat(application.get("requestedBy").asString()).isEqualTo(operator);
                assertThat(application.get("counts").get("VERIFIED").asInt()).isEqualTo(3);
                browser.go("/configuration");
                assertThat(browser.text("#applications tr[data-application='" + id + "'] .state")).isEqualTo("DONE");

                // The confirmed form sent again is the same application: nothing is written twice.
                TestHttp again = TestHttp.browser(port);
                again.signIn(operator, Fixtures.password(operator));
                TestHttp.Response resent = again.postForm("/configuration/applications", Map.of("profile", profile,
                        "target", "node", "nodeCode", p + "DT", "meters", "", "reason", "load limiter roll-out",
                        "key", key), "/configuration", true);
                assertThat(resent.status()).isEqualTo(302);
                assertThat(resent.location()).endsWith("/configuration/applications/" + id);
                assertThat(ops.get("/api/v1/meters/" + defective.spec().serialNo() + "/commands").json()).hasSize(2);
                assertThat(audit.recent(operator, 20)).extracting(AuditTrail.Entry::action)
                        .contains("CONFIGURATION APPLY");
            }
        } finally {
            FirmwareTestSupport.restoreSharedHes(port, hes);
        }
    }
}

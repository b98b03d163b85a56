package org.urja.mdms.operations;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.ConsumerClass;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.MeterCategory;
import org.urja.hes.fleet.MeterSpec;
import org.urja.hes.fleet.PaymentMode;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command centre in real headless Chromium with a reference HES serving the meters of one DT: an operator pings a
 * meter and sees its outcome; a group disconnection of the DT shows the policy's refusals before anything is sent,
 * needs the typed count as a second confirmation and shows its progress to completion; a viewer can look but not
 * send (no form, and a forged post with a valid CSRF token is refused 403 with nothing sent); an on-demand read shows
 * the values the meter sent back.
 */
@UrjaIntegrationTest
class CommandCentreBrowserTests {

    @LocalServerPort
    int port;

    /** Four whole-current meters with relays and a CT meter (no relay) under one DT, served by their own HES. */
    record Site(String dt, List<String> wholeCurrent, String ct) {
    }

    Site site(ReferenceHes[] hes) {
        String p = Fixtures.unique("OC").toUpperCase() + "-";
        String dt = Fixtures.importChain(port, p);
        List<MeterSpec> specs = new ArrayList<>();
        List<String> wc = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            specs.add(new MeterSpec(p + "M" + i, MeterCategory.SINGLE_PHASE_WC, ConsumerClass.RESIDENTIAL, 30,
                    PaymentMode.POSTPAID, BigDecimal.ONE, 5, TestHes.COMMISSIONED));
            wc.add(p + "M" + i);
        }
        specs.add(new MeterSpec(p + "CT", MeterCategory.LT_CT, ConsumerClass.INDUSTRIAL, 15, PaymentMode.POSTPAID,
                new BigDecimal("40"), 60, TestHes.COMMISSIONED));
        StringBuilder meters = new StringBuilder("serial_no,manufacturer,category,interval_minutes,payment_mode,"
                + "relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code\n");
        for (MeterSpec s : specs) {
            boolean relay = s.category() != MeterCategory.LT_CT;
            meters.append(s.serialNo()).append(",Sim,").append(s.category()).append(',').append(s.intervalMinutes())
                    .append(",POSTPAID,").append(relay).append(",CELLULAR,CONSUMER,1.0,")
                    .append(s.multiplier().toPlainString()).append(',').append(dt).append(",\n");
        }
        Fixtures.importCsv(port, "meters", meters.toString());
        hes[0] = TestHes.replaceWith(HesConfig.defaults("http://localhost:" + port + "/api/v1/hes", Fixtures.HES_SECRET,
                        Fixtures.MDM_TO_HES_SECRET).withHesId("hes-ops").withSeed(11L).withFaults(FaultProfile.none())
                .withTiming(Duration.ofMillis(50), Duration.ofSeconds(1)).manual(TestHes.SIM_START),
                new Fleet(11L, specs, FaultProfile.none()));
        return new Site(dt, wc, p + "CT");
    }

    @Test
    void operatorPingsAMeterAndDisconnectsADtAfterThePolicyCheckAndATypedConfirmation() {
        ReferenceHes[] hes = new ReferenceHes[1];
        try {
            Site site = site(hes);
            TestHttp admin = Fixtures.admin(port);
            String protectedMeter = site.wholeCurrent().get(3);
            assertThat(admin.putJson("/api/v1/command-policy/protected-meters/" + protectedMeter,
                    Map.of("reason", "life-support equipment")).status()).isEqualTo(200);
            String operator = Fixtures.staffUser(port, "opscmd", List.of("OPERATOR"));
            TestHttp api = TestHttp.staffApi(port, operator, Fixtures.password(operator));

            try (Browser browser = Browser.open(port, "command-centre")) {
                browser.go("/login").fill("username", operator).fill("password", Fixtures.password(operator))
                        .press("Sign in");
                browser.waitFor("li.function"); // signed in: the home page lists the functions
                // A ping of one meter: the page follows the command to its outcome.
                browser.go("/commands");
                String pinged = site.wholeCurrent().get(0);
                new Select(browser.find("#single-form select[name=type]")).selectByValue("PING");
                browser.fill("meterSerialNo", pinged);
                browser.find("#single-form input[name=reason]").sendKeys("is it talking?");
                browser.click("#send-single");
                browser.waitForPath("/commands/c/");
                browser.until(Duration.ofSeconds(20), d -> browser.text("#command-state").equals("SUCCEEDED"));
                assertThat(browser.pageText()).contains("staff:" + operator);
                browser.screenshot("ping-succeeded");
                JsonNode ping = Fixtures.latestCommand(api, pinged, "PING");
                assertThat(ping.get("requestedBy").asString()).isEqualTo(operator);

                // A bad single command (unknown meter) is refused naming the field, and nothing is sent.
                browser.go("/commands");
                browser.fill("meterSerialNo", "NO-SUCH-METER");
                browser.find("#single-form input[name=reason]").sendKeys("test");
                browser.click("#send-single");
                assertThat(browser.text("#single-error")).startsWith("meterSerialNo");

                // Group disconnection of the DT: step 1 shows what the policy refuses before anything is sent.
                browser.go("/commands");
                new Select(browser.find("#group-form select[name=type]")).selectByValue("DISCONNECT");
                browser.fill("nodeCode", site.dt());
                browser.find("#group-form input[name=reason]").sendKeys("arrears drive");
                browser.click("#check-group");
                browser.waitFor("#preview-counts");
                assertThat(browser.text("#preview-meters")).isEqualTo("5");
                assertThat(browser.text("#preview-allowed")).isEqualTo("3");
                assertThat(browser.text("#preview-refused")).isEqualTo("2");
                assertThat(browser.text("tr[data-meter='" + site.ct() + "'] td.rule")).isEqualTo("meter-has-relay");
                assertThat(browser.text("tr[data-meter='" + protectedMeter + "'] td.rule")).isEqualTo("protected-meter");
                assertThat(browser.text("#disconnect-warning")).contains("3 consumers will lose supply");
                browser.screenshot("policy-check-before-sending");
                for (String m : site.wholeCurrent()) {
                    assertThat(Fixtures.latestCommand(api, m, "DISCONNECT")).as(m).isNull();
                }

                // Step 2: a wrong count is refused and still nothing is sent.
                browser.fill("confirmation", "5");
                browser.click("#confirm-send");
                assertThat(browser.text("#confirm-error")).contains("type 3");
                for (String m : site.wholeCurrent()) {
                    assertThat(Fixtures.latestCommand(api, m, "DISCONNECT")).as(m).isNull();
                }
                String key = browser.all("#send-group input[name=key]").get(0).getAttribute("value");
                // The right count sends it; the group page follows its progress to completion without a reload.
                browser.fill("confirmation", "3");
                browser.click("#confirm-send");
                browser.waitForPath("/commands/groups/");
                ((JavascriptExecutor) browser.driver()).executeScript("window.urjaNoReload = 7;");
                browser.until(Duration.ofSeconds(30), d -> browser.text("#group-status").equals("Complete"));
                assertThat(browser.text("#group-finished")).isEqualTo("5 of 5 finished");
                assertThat(browser.text("#group-counts dd[data-state='SUCCEEDED']")).isEqualTo("3");
                assertThat(browser.text("#group-counts dd[data-state='REFUSED']")).isEqualTo("2");
                assertThat(browser.text("tr[data-meter='" + protectedMeter + "'] td.state")).isEqualTo("REFUSED");
                assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.urjaNoReload;"))
                        .isEqualTo(7L);
                browser.screenshot("group-disconnection-complete");
                String groupId = browser.path().replaceAll(".*/commands/groups/(\\d+).*", "$1");

                // Who asked is recorded with the group and each command; the relays are open now.
                JsonNode group = api.get("/api/v1/command-groups/" + groupId).json();
                assertThat(group.get("requestedBy").asString()).isEqualTo(operator);
                assertThat(group.get("nodeCode").asString()).isEqualTo(site.dt());
                assertThat(api.get("/api/v1/meters/" + pinged + "/state").json().path("properties").path("relay")
                        .path("value").asString()).isEqualTo("DISCONNECTED");

                // The confirmed form sent again (a double click, a resent page) returns the same group, sends nothing.
                TestHttp again = TestHttp.browser(port);
                again.signIn(operator, Fixtures.password(operator));
                TestHttp.Response resent = again.postForm("/commands/groups", Map.of("type", "DISCONNECT",
                        "target", "node", "nodeCode", site.dt(), "meters", "", "reason", "arrears drive", "key", key,
                        "confirmation", "3"), "/commands", true);
                assertThat(resent.status()).isEqualTo(302);
                assertThat(resent.location()).endsWith("/commands/groups/" + groupId);
                assertThat(api.get("/api/v1/meters/" + pinged + "/commands").json()).hasSize(2);
            }
        } finally {
            if (hes[0] != null) {
                TestHes.stop(hes[0]);
            }
            TestHes.get(port);
        }
    }

    @Test
    void uc21_2_anOnDemandReadFromTheCommandCentreShowsTheValuesTheMeterSentBack() {
        ReferenceHes[] hes = new ReferenceHes[1];
        try {
            Site site = site(hes);
            String meter = site.wholeCurrent().get(1);
            String operator = Fixtures.staffUser(port, "opsread", List.of("OPERATOR"));
            try (Browser browser = Browser.phone(port, "command-centre-read")) {
                browser.go("/login").fill("username", operator).fill("password", Fixtures.password(operator))
                        .press("Sign in");
                browser.waitFor("li.function");
                browser.go("/commands");
                new Select(browser.find("#single-form select[name=type]")).selectByValue("READ");
                browser.fill("meterSerialNo", meter);
                browser.find("#single-form input[name=reason]").sendKeys("customer says the meter is dead");
                browser.click("#send-single");
                browser.waitForPath("/commands/reads/");
                // The page follows the read and shows the values as the reading module stored them, once they arrive.
                String values = ".read-values[data-meter='" + meter + "']";
                browser.until(Duration.ofSeconds(20), d -> !browser.all(values + " tr[data-type='instant.V']").isEmpty());
                BigDecimal limit = new BigDecimal(String.valueOf(hes[0].fleet().meter(meter).loadLimitKw()));
                assertThat(new BigDecimal(browser.text(values + " tr[data-type='config.loadLimit.kW'] .value")))
                        .isEqualByComparingTo(limit);
                assertThat(browser.text(values + " tr[data-type='instant.relay.connected'] .value")).isEqualTo("1");
                assertThat(new BigDecimal(browser.text(values + " tr[data-type='instant.V'] .value")))
                        .isGreaterThan(BigDecimal.valueOf(100));
                assertThat(browser.text(values + " tr[data-type='instant.V']")).contains("INSTANTANEOUS");
                browser.screenshot("read-values-phone");
            }
            // Another meter of the site, never read, shows none of them: the values are the meter's own.
            TestHttp api = TestHttp.staffApi(port, operator, Fixtures.password(operator));
            JsonNode read = api.get("/api/v1/hes-exchange/read-requests?meterSerialNo=" + meter + "&limit=1").json();
            assertThat(read.get(0).get("requestedBy").asString()).isEqualTo(operator);
            assertThat(api.get("/api/v1/hes-exchange/read-requests?meterSerialNo=" + site.wholeCurrent().get(2)
                    + "&limit=1").json()).isEmpty();
        } finally {
            if (hes[0] != null) {
                TestHes.stop(hes[0]);
            }
            TestHes.get(port);
        }
    }

    @Test
    void aViewerSeesTheCommandCentreWithoutFormsAndAForgedPostIsRefusedWithNothingSent() {
        String p = Fixtures.unique("OV").toUpperCase() + "-";
        String dt = Fixtures.importChain(port, p);
        String meter = p + "M1";
        Fixtures.importCsv(port, "meters", "serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,"
                + "comm_path,role,firmware_version,multiplier,node_code,dcu_code\n"
                + meter + ",Sim,SINGLE_PHASE_WC,30,POSTPAID,true,CELLULAR,CONSUMER,1.0,1," + dt + ",\n");
        String viewer = Fixtures.staffUser(port, "opsro", List.of("VIEWER"));

        try (Browser browser = Browser.open(port, "command-centre-viewer")) {
            browser.go("/login").fill("username", viewer).fill("password", Fixtures.password(viewer)).press("Sign in");
            browser.waitFor("li.function"); // signed in: the home page lists the functions
            browser.go("/commands");
            browser.waitFor("#read-only");
            assertThat(browser.all("#single-form")).isEmpty();
            assertThat(browser.all("#group-form")).isEmpty();
            assertThat(browser.all("#recent-groups")).hasSize(1);
            browser.screenshot("viewer-read-only");
        }

        TestHttp http = TestHttp.browser(port);
        http.signIn(viewer, Fixtures.password(viewer));
        TestHttp.Response single = http.postForm("/commands/single", Map.of("type", "DISCONNECT",
                "meterSerialNo", meter, "reason", "forged", "key", "forged-1"), "/commands", true);
        assertThat(single.status()).isEqualTo(403);
        TestHttp.Response group = http.postForm("/commands/groups", Map.of("type", "DISCONNECT", "target", "node",
                "nodeCode", dt, "reason", "forged", "key", "forged-2", "confirmation", "1"), "/commands", true);
        assertThat(group.status()).isEqualTo(403);
        TestHttp.Response preview = http.postForm("/commands/groups/preview", Map.of("type", "DISCONNECT",
                "target", "node", "nodeCode", dt, "reason", "forged", "key", "forged-3"), "/commands", true);
        assertThat(preview.status()).isEqualTo(403);
        assertThat(Fixtures.admin(port).get("/api/v1/meters/" + meter + "/commands").json()).isEmpty();

        // An operator's post without the CSRF token is refused too.
        String operator = Fixtures.staffUser(port, "opsnocsrf", List.of("OPERATOR"));
        TestHttp op = TestHttp.browser(port);
        op.signIn(operator, Fixtures.password(operator));
        assertThat(op.postForm("/commands/single", Map.of("type", "PING", "meterSerialNo", meter, "reason", "x",
                "key", "no-csrf"), "/commands", false).status()).isEqualTo(403);
        assertThat(Fixtures.admin(port).get("/api/v1/meters/" + meter + "/commands").json()).isEmpty();
    }
}

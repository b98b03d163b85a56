package org.urja.mdms.vee;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.contract.MeterReading;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesReadings;
import org.urja.mdms.support.TestGrid;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VEE exception desk (issue 10, part 3) in real headless Chromium, on data sent through the HES contract: twelve
 * meters of two feeders send two days with every other interval missing (552 MissingIntervals findings), and one of
 * them a day with a spike. An operator finds the spike by rule and feeder, sees the meter's value beside the
 * estimate, edits it with a reason (a new version, checked through the API; a too-short reason is refused and
 * changes nothing), approves a finding, accepts an estimate, and approves in bulk: refused above 500, done for one
 * feeder. A viewer cannot open the desk, and a forged POST is refused with 403 and changes nothing.
 */
@UrjaIntegrationTest
class VeeExceptionDeskBrowserTests {

    static final LocalDate D1 = LocalDate.of(2025, 6, 10);
    static final LocalDate D2 = D1.plusDays(1);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void spikeIsEditedWithAReasonFindingsApprovedBulkLimitedAndAViewerCannotAct() {
        TestGrid grid = TestGrid.create(port, 4, D1.withDayOfMonth(1).atStartOfDay(HesReadings.IST).toOffsetDateTime().toString());
        String spiky = grid.meter("DT1", 1);
        BigDecimal[] gappy = HesReadings.flat(48, "0.100", IntStream.range(0, 24).map(i -> 2 * i + 1).toArray());
        BigDecimal[] spikeDay = HesReadings.flat(48, "0.100");
        spikeDay[20] = new BigDecimal("5.000");
        List<MeterReading> readings = new ArrayList<>();
        for (String dt : TestGrid.DTS) {
            for (String m : grid.meters(dt)) {
                readings.add(HesReadings.day(m, D1, 30, HesReadings.concat(m.equals(spiky) ? spikeDay : gappy, gappy)));
            }
        }
        HesReadings.send(port, readings);

        TestHttp admin = Fixtures.admin(port);
        List<String> f2 = grid.meters("DT3");
        Eventually.await(Duration.ofSeconds(30), () -> openFindings(admin, grid, null), n -> n == 553);
        long spike = Eventually.await(Duration.ofSeconds(5), () -> findings(admin, spiky, D1), f -> f.size() == 1).get(0)
                .get("id").asLong();
        assertThat(findings(admin, spiky, D1).get(0).get("rule").asString()).isEqualTo("SpikeCheck");

        String operator = Fixtures.staffUser(port, "veeop", List.of("OPERATOR"));
        try (Browser browser = Browser.open(port, "vee-exception-desk")) {
            browser.signIn(operator, Fixtures.password(operator));
            assertThat(browser.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList())
                    .contains("/vee/exceptions");

            // The queue, filtered by rule and feeder: the spike.
            browser.go("/vee/exceptions");
            // The feeder is offered in the filter's list (a DT's code is typed).
            assertThat(browser.all("#feeder-codes option").stream().map(o -> o.getAttribute("value")).toList())
                    .contains(grid.code("F1"));
            new Select(browser.find("select[name='rule']")).selectByValue("SpikeCheck");
            browser.fill("node", grid.code("F1")).press("Filter");
            browser.waitForText("#matching", "1 open findings match");
            assertThat(browser.all("#queue tr[data-finding]").stream().map(r -> r.getAttribute("data-finding")).toList())
                    .containsExactly(Long.toString(spike));
            browser.screenshot("queue-spike");

            // The meter-day: what the meter sent beside the estimate (a straight line between its neighbours).
            browser.click("#queue tr[data-finding='" + spike + "'] a");
            browser.waitForPath("/vee/exceptions/meters/" + spiky + "/days/" + D1);
            assertThat(browser.text("#side-by-side tr[data-slot='20'] td.actual")).isEqualTo("5.000");
            assertThat(browser.text("#side-by-side tr[data-slot='20'] td.estimate")).isEqualTo("0.100");
            assertThat(browser.text("#received-kwh")).contains("9.700");
            assertThat(browser.text("#estimated-kwh")).contains("4.800");
            browser.screenshot("actual-beside-estimate");

            // The reason is mandatory: with the browser's check taken away, the server refuses and nothing changes.
            int versionsBefore = versions(admin, spiky, D1).size();
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "var r = document.getElementById('edit-reason'); r.removeAttribute('required'); r.removeAttribute('minlength');");
            browser.fill("value-20", "0.120");
            browser.driver().findElement(By.id("edit-reason")).clear();
            browser.driver().findElement(By.id("edit-reason")).sendKeys("ok");
            browser.press("Save as new version");
            assertThat(browser.text("#error")).contains("reason");
            assertThat(versions(admin, spiky, D1)).hasSize(versionsBefore);

            // Edited with a reason: a new version by the operator; what the meter sent stays; the finding is closed.
            browser.driver().findElement(By.name("value-20")).clear();
            browser.driver().findElement(By.name("value-20")).sendKeys("0.120");
            browser.driver().findElement(By.id("edit-reason")).sendKeys("CT loose contact spike, site inspected");
            browser.press("Save as new version");
            assertThat(browser.text("#notice")).contains("Edited: version");
            JsonNode versions = versions(admin, spiky, D1);
            assertThat(versions).hasSize(versionsBefore + 1);
            JsonNode last = versions.get(versions.size() - 1);
            assertThat(last.get("createdBy").asString()).isEqualTo(operator);
            assertThat(last.get("reason").asString()).isEqualTo("CT loose contact spike, site inspected");
            assertThat(last.get("edited").asInt()).isEqualTo(1);
            assertThat(versions.get(0).get("version").asInt()).isZero();
            JsonNode day = admin.get("/api/v1/meters/" + spiky + "/consumption?granularity=DAY&from=" + D1 + "&to=" + D1)
                    .json().get("periods").get(0);
            assertThat(day.get("value").decimalValue()).isEqualByComparingTo("4.820");
            JsonNode closed = Eventually.await(Duration.ofSeconds(10), () -> findings(admin, spiky, D1).get(0),
                    f -> f.get("status").asString().equals("RESOLVED"));
            assertThat(closed.get("resolvedBy").asString()).isEqualTo(operator);
            assertThat(closed.get("resolution").asString()).contains("CT loose contact spike");
            browser.screenshot("edited");

            // Approve one finding as it is, with a reason.
            browser.go("/vee/exceptions/meters/" + spiky + "/days/" + D2);
            long approved = Long.parseLong(browser.find("#findings tr[data-status='OPEN']").getAttribute("data-finding"));
            browser.find("#findings tr[data-finding='" + approved + "'] input[name='reason']").sendKeys("Meter was off for testing");
            browser.click("#findings tr[data-finding='" + approved + "'] button");
            assertThat(browser.text("#notice")).contains("Finding " + approved);
            JsonNode resolved = finding(admin, spiky, D2, approved);
            assertThat(resolved.get("status").asString()).isEqualTo("RESOLVED");
            assertThat(resolved.get("resolvedBy").asString()).isEqualTo(operator);
            assertThat(resolved.get("resolution").asString()).isEqualTo("Approved: Meter was off for testing");
            assertThat(browser.text("#findings tr[data-finding='" + approved + "']")).contains("Approved: Meter was off");

            // Accept the estimate of another meter's day: its gaps' estimates become a person's values (new version).
            String other = grid.meter("DT2", 1);
            browser.go("/vee/exceptions/meters/" + other + "/days/" + D1);
            browser.find("#accept-estimate input[name='reason']").sendKeys("Estimates checked against the DT meter");
            browser.press("Accept the estimate");
            assertThat(browser.text("#notice")).contains("Estimate accepted: version");
            JsonNode otherVersions = versions(admin, other, D1);
            assertThat(otherVersions.get(otherVersions.size() - 1).get("reason").asString())
                    .isEqualTo("Estimate accepted: Estimates checked against the DT meter");
            assertThat(otherVersions.get(otherVersions.size() - 1).get("edited").asInt()).isEqualTo(23);
            Eventually.await(Duration.ofSeconds(10), () -> findings(admin, other, D1).stream()
                    .filter(f -> f.get("status").asString().equals("OPEN")).count(), n -> n == 1); // the last slot has no estimate

            // Bulk approval: every MissingIntervals finding is far more than 500: refused, nothing changes.
            browser.go("/vee/exceptions?rule=MissingIntervals");
            long f2Open = openFindings(admin, grid, f2);
            assertThat(f2Open).isEqualTo(192);
            browser.find("#bulk input[name='reason']").sendKeys("Known DCU outage, estimates are fine");
            browser.click("#bulk button");
            assertThat(browser.text("#error")).contains("at most 500 may be approved at once");
            assertThat(openFindings(admin, grid, f2)).isEqualTo(192);
            browser.screenshot("bulk-refused");

            // One feeder's 192 are within the limit: approved, every one of them by the operator.
            browser.go("/vee/exceptions?rule=MissingIntervals&node=" + grid.code("F2"));
            browser.waitForText("#matching", "192 open findings match");
            browser.find("#bulk input[name='reason']").sendKeys("Known DCU outage, estimates are fine");
            browser.click("#bulk button");
            assertThat(browser.text("#notice")).isEqualTo("192 findings approved");
            assertThat(openFindings(admin, grid, f2)).isZero();
            assertThat(findings(admin, f2.get(0), D2).get(0).get("resolution").asString())
                    .isEqualTo("Approved in bulk: Known DCU outage, estimates are fine");
            browser.screenshot("bulk-approved");
        }

        // Every action is in the audit trail, the refused ones too.
        assertThat(jdbc.sql("SELECT action || ' ' || outcome FROM audit_event WHERE actor = ? AND action LIKE 'VEE_%'")
                .param(operator).query(String.class).list()).containsExactlyInAnyOrder(
                "VEE_INTERVALS_EDITED REJECTED", "VEE_INTERVALS_EDITED OK", "VEE_FINDING_APPROVED OK",
                "VEE_ESTIMATE_ACCEPTED OK", "VEE_FINDINGS_APPROVED REJECTED", "VEE_FINDINGS_APPROVED OK");

        // A viewer: not on the home page, the desk is forbidden, and a forged POST is refused and changes nothing.
        String viewer = Fixtures.staffUser(port, "veevw", List.of("VIEWER"));
        long f1Open = openFindings(admin, grid, grid.meters("DT1"));
        JsonNode open = findings(admin, grid.meter("DT1", 2), D1).get(0);
        try (Browser browser = Browser.open(port, "vee-exception-desk-viewer")) {
            browser.go("/login").fill("username", viewer).fill("password", Fixtures.password(viewer)).press("Sign in");
            browser.waitFor("li.function");
            assertThat(browser.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList())
                    .doesNotContain("/vee/exceptions");
            assertThat(forgedPost(browser, "/vee/exceptions/findings/" + open.get("id").asLong() + "/approval",
                    "reason=forged+by+a+viewer&serial=" + grid.meter("DT1", 2) + "&day=" + D1)).isEqualTo(403L);
            assertThat(forgedPost(browser, "/vee/exceptions/bulk-approval",
                    "rule=MissingIntervals&node=" + grid.code("DT1") + "&reason=forged+by+a+viewer")).isEqualTo(403L);
            assertThat(forgedPost(browser, "/vee/exceptions/meters/" + spiky + "/days/" + D1 + "/edit",
                    "value-20=9&reason=forged+by+a+viewer")).isEqualTo(403L);
            browser.go("/vee/exceptions");
            assertThat(browser.pageText()).doesNotContain("VEE exception desk").containsIgnoringCase("forbidden");
        }
        assertThat(finding(admin, grid.meter("DT1", 2), D1, open.get("id").asLong()).get("status").asString()).isEqualTo("OPEN");
        assertThat(openFindings(admin, grid, grid.meters("DT1"))).isEqualTo(f1Open);
        assertThat(versions(admin, spiky, D1).get(versions(admin, spiky, D1).size() - 1).get("createdBy").asString())
                .isEqualTo(operator);
    }

    /** POSTs a form from the page the browser shows, with the session's CSRF token, as a forged request would; the status. */
    private static Object forgedPost(Browser browser, String path, String body) {
        return ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var headers = {'Content-Type': 'application/x-www-form-urlencoded'};
                headers[document.querySelector('meta[name=_csrf_header]').content] =
                    document.querySelector('meta[name=_csrf]').content;
                fetch(arguments[0], {method: 'POST', headers: headers, body: arguments[1], redirect: 'manual'})
                    .then(function (r) { done(r.status); }, function (e) { done('failed: ' + e); });""", path, body);
    }

    /** Open findings of the grid's meters ({@code only}: of these meters) on the two days. */
    private static long openFindings(TestHttp api, TestGrid grid, List<String> only) {
        long n = 0;
        for (LocalDate d : List.of(D1, D2)) {
            for (JsonNode f : api.get("/api/v1/vee/findings?status=OPEN&limit=5000&day=" + d).json()) {
                String m = f.get("meterSerialNo").asString();
                if (m.startsWith(grid.p()) && (only == null || only.contains(m))) {
                    n++;
                }
            }
        }
        return n;
    }

    private static List<JsonNode> findings(TestHttp api, String meter, LocalDate day) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/vee/findings?meter=" + meter + "&day=" + day).json().forEach(out::add);
        return out;
    }

    private static JsonNode finding(TestHttp api, String meter, LocalDate day, long id) {
        return findings(api, meter, day).stream().filter(f -> f.get("id").asLong() == id).findFirst().orElseThrow();
    }

    private static JsonNode versions(TestHttp api, String meter, LocalDate day) {
        return api.get("/api/v1/meters/" + meter + "/intervals/versions?channel=KWH_IMPORT&day=" + day).json();
    }
}

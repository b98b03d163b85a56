package org.urja.mdms.operations;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestGrid;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations dashboard in real headless Chromium against readings ingested through the HES endpoint: the
 * completeness of a known fixture per DT and feeder, and a number that changes when new data arrives, without a
 * reload (htmx polling).
 */
@UrjaIntegrationTest
class OperationsDashboardBrowserTests {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    @LocalServerPort
    int port;

    @Test
    void dashboardShowsEachDtsCompletenessOfTheDayAndRefreshesLiveWhenDataArrives() {
        // Two feeders: F1 with DT1 and DT2, F2 with DT3; four 30-minute meters under each DT (48 slots a day each).
        TestGrid grid = TestGrid.create(port, 4);
        LocalDate day = LocalDate.now(IST).minusDays(1);
        // DT1: meter 1 sends the whole day, meter 2 half of it, meters 3 and 4 nothing -> 72 of 192 slots = 37.5 %;
        // meter 1 also sends the daily profile (the midnight opening the day) -> 1 of 4 = 25.0 %.
        push(grid.meter("DT1", 1), day, 48, true);
        push(grid.meter("DT1", 2), day, 24, false);
        // DT2: one meter of four, whole day -> 25.0 %.
        push(grid.meter("DT2", 1), day, 48, false);

        String viewer = Fixtures.staffUser(port, "opsview", List.of("VIEWER"));
        try (Browser browser = Browser.open(port, "operations-dashboard")) {
            browser.go("/login").fill("username", viewer).fill("password", Fixtures.password(viewer)).press("Sign in");
            browser.waitFor("li.function"); // signed in: the home page lists the functions
            // The viewer's home page lists the dashboard.
            assertThat(browser.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList())
                    .contains("/operations", "/commands");

            browser.go("/operations?day=" + day + "&feeder=" + grid.code("F1"));
            String dt1 = "tr[data-node='" + grid.code("DT1") + "'] ";
            String dt2 = "tr[data-node='" + grid.code("DT2") + "'] ";
            browser.waitForText(dt1 + "td.interval-pct", "37.5 %");
            assertThat(browser.text(dt1 + "td.meters")).isEqualTo("4");
            assertThat(browser.text(dt1 + "td.block-meters")).isEqualTo("2");
            assertThat(browser.text(dt1 + "td.daily-pct")).isEqualTo("25.0 %");
            assertThat(browser.text(dt1 + "td.silent")).isEqualTo("2");
            assertThat(browser.text(dt2 + "td.interval-pct")).isEqualTo("25.0 %");
            assertThat(browser.text(dt2 + "td.silent")).isEqualTo("3");
            // F1 as a whole: 120 of 384 slots.
            assertThat(browser.text("#feeder-summary")).contains("31.3 %").contains("8 meters");
            // DT3 is under the other feeder: not listed here.
            assertThat(browser.all("tr[data-node='" + grid.code("DT3") + "']")).isEmpty();
            // The queue, events and outage panels are there with numbers.
            assertThat(browser.text("#queue-pending")).matches("\\d+");
            assertThat(browser.text("#outage-counts")).contains("feeder").contains("DT").contains("meter");
            browser.screenshot("dt-completeness");

            // New data for DT2 arrives; the page shows it without being reloaded.
            JavascriptExecutor js = (JavascriptExecutor) browser.driver();
            js.executeScript("window.urjaNoReload = 42;");
            push(grid.meter("DT2", 2), day, 48, false);
            browser.until(Duration.ofSeconds(20), d -> browser.all(dt2 + "td.interval-pct").stream()
                            .anyMatch(e -> e.getText().equals("50.0 %")));
            assertThat(browser.text(dt2 + "td.silent")).isEqualTo("2");
            assertThat(js.executeScript("return window.urjaNoReload;")).isEqualTo(42L);
            browser.screenshot("refreshed-live");
        }

        try (Browser phone = Browser.phone(port, "operations-dashboard-phone")) {
            phone.go("/login").fill("username", viewer).fill("password", Fixtures.password(viewer)).press("Sign in");
            phone.waitFor("li.function"); // signed in: the home page lists the functions
            phone.go("/operations?day=" + day + "&feeder=" + grid.code("F2"));
            phone.waitForText("tr[data-node='" + grid.code("DT3") + "'] td.interval-pct", "0.0 %");
            phone.screenshot("feeder-on-phone");
            Object scrollWidth = ((JavascriptExecutor) phone.driver())
                    .executeScript("return document.documentElement.scrollWidth;");
            assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(360);
        }
    }

    @Test
    void rolesOutsideOperationsAreRefusedTheDashboard() {
        String billing = Fixtures.staffUser(port, "opsbill", List.of("BILLING"));
        TestHttp http = TestHttp.browser(port);
        http.signIn(billing, Fixtures.password(billing));
        assertThat(http.get("/operations").status()).isEqualTo(403);
        assertThat(http.get("/operations/panels").status()).isEqualTo(403);
        assertThat(http.get("/commands").status()).isEqualTo(403);
    }

    /** The HES sends {@code slots} block-load intervals of the day (from midnight), and the daily profile if asked. */
    void push(String serial, LocalDate day, int slots, boolean daily) {
        Instant start = day.atStartOfDay(IST).toInstant();
        List<IntervalReading> readings = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            readings.add(new IntervalReading(start.plusSeconds((i + 1L) * 1800), new BigDecimal("0.250"), List.of()));
        }
        List<MeterReading> meterReadings = new ArrayList<>();
        meterReadings.add(new MeterReading(serial, ReadingProfile.BLOCK_LOAD,
                List.of(new IntervalBlock("interval.kWh.import", 1800, readings)), List.of()));
        if (daily) {
            meterReadings.add(new MeterReading(serial, ReadingProfile.DAILY_LOAD, List.of(),
                    List.of(Reading.of(ReadingTypes.REGISTER_KWH_IMPORT, start, new BigDecimal("1234.5")))));
        }
        var r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET).postJson("/api/v1/hes/meter-readings",
                new MeterReadingsMessage(Fixtures.unique("ops-"), Instant.now(), null, meterReadings));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }
}

package org.urja.mdms.portal;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.contract.MeterReading;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesReadings;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC16.3 in real headless Chromium on a 360 px phone: a consumer whose meter's data came through the HES contract
 * (one interval never sent, estimated by VEE on arrival) sees the daily chart of a month with the estimated day marked
 * and the right totals against the month before, the monthly chart of 13 months, the 15-minute chart of a day, a table
 * of the same figures, downloads the data as CSV and Green Button, and cannot open another consumer's service point.
 */
@UrjaIntegrationTest
class UC16ConsumptionBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** 0.200, 0.205, … 0.235 kWh repeating every two hours: 20.880 kWh a day at 15 minutes. */
    static BigDecimal[] pattern(int... missing) {
        BigDecimal[] v = new BigDecimal[96];
        for (int i = 0; i < 96; i++) {
            v[i] = new BigDecimal("0.200").add(new BigDecimal("0.005").multiply(BigDecimal.valueOf(i % 8)));
        }
        for (int m : missing) {
            v[m] = null;
        }
        return v;
    }

    @Test
    void uc16_3_theConsumerChartsDaysMonthsAndIntervalsWithEstimatesMarkedAndDownloadsOnlyOwnData() throws Exception {
        String p = PortalFixtures.prefix("CON");
        String mobile = PortalFixtures.newMobile();
        String email = p.toLowerCase() + "asha@example.in";
        Fixtures.importChain(port, p);
        var consumers = PortalFixtures.importConsumers(port, p, mobile, email, "Asha Devi");
        PortalFixtures.importConsumers(port, p + "X", PortalFixtures.newMobile(), p.toLowerCase() + "other@example.in",
                "Someone Else");
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %1$sM1,Genus,SINGLE_PHASE_WC,15,POSTPAID,true,CELLULAR,CONSUMER,5.2,1,%1$sDT,
                %1$sM2,Genus,SINGLE_PHASE_WC,15,POSTPAID,true,CELLULAR,CONSUMER,5.2,1,%1$sDT,
                """.formatted(p));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address,meter_serial_no,installed_at
                %1$sSP1,%1$sK1,"10 Gali 3, Shahdara, Delhi",%1$sM1,2026-04-01T00:00:00+05:30
                %1$sSP2,%1$sXK1,"99 Other Lane, Delhi",%1$sM2,2026-04-01T00:00:00+05:30
                """.formatted(p));

        // Through the HES contract: 28-30 April and 1-10 May 2026 at 20.880 kWh a day, except slot 44 (11:00-11:15)
        // of 5 May, never sent: VEE on arrival estimates it (0.220, between 0.215 and 0.225). 11-31 May: nothing.
        List<MeterReading> readings = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 4, 28); !d.isAfter(LocalDate.of(2026, 5, 10)); d = d.plusDays(1)) {
            readings.add(HesReadings.day(p + "M1", d, 15, d.getDayOfMonth() == 5 ? pattern(44) : pattern()));
        }
        readings.add(HesReadings.day(p + "M2", LocalDate.of(2026, 5, 1), 15, pattern()));
        HesReadings.send(port, readings);
        Eventually.await(Duration.ofSeconds(30), () -> jdbc.sql("SELECT count(*) FROM vee_day WHERE meter_serial = ?")
                .param(p + "M1").query(Long.class).single(), n -> n == 13);

        var registered = PortalFixtures.registerAndSignIn(port, consumers.get(0), 0, 0);
        try (Browser b = Browser.phone(port, "uc16-consumption")) {
            b.go("/portal/login").fill("loginId", registered.credentials().loginId())
                    .fill("password", registered.credentials().password()).click("#sign-in");
            b.waitForPath("/portal");
            // The menu leads to the consumption page; one service point: straight to it.
            b.click("li.function[data-path='/portal/consumption'] a");
            b.waitForPath("/portal/consumption/" + p + "SP1");

            // Days of May 2026 against April.
            b.go("/portal/consumption/" + p + "SP1?view=day&month=2026-05");
            assertThat(b.text("#period")).isEqualTo("May 2026");
            assertThat(b.text("#total")).isEqualTo("208.800 kWh");          // 10 × 20.880
            assertThat(b.text("#compare-total")).contains("62.640 kWh");    // 28-30 April
            assertThat(b.text("#average")).isEqualTo("20.880 kWh");
            List<String> qualities = b.all("#consumption-table tbody tr").stream()
                    .map(r -> r.getAttribute("data-quality")).toList();
            assertThat(qualities).hasSize(31);
            assertThat(qualities.get(4)).isEqualTo("ESTIMATED");
            assertThat(qualities.subList(0, 4)).containsOnly("ACTUAL");
            assertThat(qualities.subList(5, 10)).containsOnly("ACTUAL");
            assertThat(qualities.subList(10, 31)).containsOnly("MISSING");
            assertThat(b.find("#consumption-table tbody tr:nth-child(5)").getText()).contains("5 May", "20.880", "Estimated");
            assertThat(b.find("#consumption-table tbody tr:nth-child(28)").getText()).contains("28 May", "—", "No data", "20.880");
            assertThat(b.text("#estimated-note")).contains("estimated by the utility");
            assertThat(b.text("#missing-note")).contains("Gaps");
            assertThat(b.pageText()).contains("Measured", "Estimated", "Previous month", "Average");
            // The chart drew (uPlot canvas), with the estimated day in its own series and missing days as gaps.
            b.waitFor(".consumption-plot[data-rendered='true'] canvas");
            String chart = b.find(".consumption-plot").getAttribute("data-chart");
            assertThat(chart).contains("\"estimated\":[null,null,null,null,20.880,null,");
            assertThat(chart).contains("\"actual\":[20.880,20.880,20.880,20.880,null,20.880");
            assertThat(scrollWidth(b)).isLessThanOrEqualTo(360);
            b.screenshot("days-of-may");
            scrollTo(b, ".consumption-chart");
            b.screenshot("days-of-may-chart");

            // Months: 13 months up to May 2026, against the same month a year earlier.
            scrollTo(b, "#view-month");
            b.click("#view-month");
            b.waitForText("#period", "May 2025");
            assertThat(b.text("#period")).isEqualTo("May 2025 – May 2026");
            assertThat(b.all("#consumption-table tbody tr")).hasSize(13);
            assertThat(b.find("#consumption-table tbody tr:nth-child(12)").getText()).contains("Apr 2026", "62.640");
            assertThat(b.find("#consumption-table tbody tr:nth-child(13)").getText()).contains("May 2026", "208.800", "Estimated");
            assertThat(b.text("#total")).isEqualTo("271.440 kWh");
            b.waitFor(".consumption-plot[data-rendered='true'] canvas");
            scrollTo(b, ".consumption-chart");
            b.screenshot("months");

            // 15 minutes of 5 May against 4 May: the estimated interval is marked, the total is the day's.
            b.go("/portal/consumption/" + p + "SP1?view=interval&day=2026-05-05");
            assertThat(b.text("#period")).isEqualTo("5 May 2026");
            var rows = b.all("#consumption-table tbody tr");
            assertThat(rows).hasSize(96);
            assertThat(rows.get(44).getAttribute("data-quality")).isEqualTo("ESTIMATED");
            assertThat(rows.get(44).getText()).contains("11:00–11:15", "0.220", "Estimated");
            assertThat(rows.get(43).getAttribute("data-quality")).isEqualTo("ACTUAL");
            assertThat(b.text("#total")).isEqualTo("20.880 kWh");
            assertThat(b.text("#compare-total")).contains("20.880 kWh", "(0.0 %)");
            assertThat(b.text("#average")).isEqualTo("0.218 kWh");
            b.waitFor(".consumption-plot[data-rendered='true'] canvas");
            scrollTo(b, ".consumption-chart");
            b.screenshot("intervals-of-5-may");

            // Hindi.
            b.go("/portal/consumption/" + p + "SP1?view=day&month=2026-05&lang=hi");
            assertThat(b.pageText()).contains("मेरी खपत", "अनुमानित", "बिजली कंपनी द्वारा अनुमानित");
            b.screenshot("days-hindi");
            b.go("/portal/consumption/" + p + "SP1?view=day&month=2026-05&lang=en");

            // Download my data as CSV: the form's button, and the file fetched with the browser's own session.
            String action = b.find("#download-form").getAttribute("action");
            assertThat(action).endsWith("/portal/consumption/" + p + "SP1/download");
            HttpResponse<String> csv = asBrowser(b, "/portal/consumption/" + p + "SP1/download?format=csv&from=2026-05-05&to=2026-05-06");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            List<String> lines = csv.body().lines().toList();
            assertThat(lines).hasSize(1 + 2 * 96);
            assertThat(lines.get(0)).startsWith("service_point,interval_start,interval_end,kwh_import,import_quality");
            assertThat(lines.get(45)).startsWith(p + "SP1,2026-05-05T11:00+05:30,2026-05-05T11:15+05:30,0.220,ESTIMATED");
            assertThat(lines.get(1)).startsWith(p + "SP1,2026-05-05T00:00+05:30,2026-05-05T00:15+05:30,0.200,ACTUAL");
            HttpResponse<String> gb = asBrowser(b, "/portal/consumption/" + p + "SP1/download?format=green-button&from=2026-05-05&to=2026-05-05");
            assertThat(gb.statusCode()).isEqualTo(200);
            assertThat(gb.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
            assertThat(gb.body()).contains("<espi:UsagePoint", "IntervalReading");
            // Bad ranges are refused naming the field.
            HttpResponse<String> tooLong = asBrowser(b, "/portal/consumption/" + p + "SP1/download?format=csv&from=2025-01-01&to=2026-05-06");
            assertThat(tooLong.statusCode()).isEqualTo(400);
            assertThat(tooLong.body()).contains("\"to\"");
            assertThat(asBrowser(b, "/portal/consumption/" + p + "SP1/download?format=pdf&from=2026-05-05&to=2026-05-06")
                    .statusCode()).isEqualTo(400);
            assertThat(asBrowser(b, "/portal/consumption/" + p + "SP1/download?format=csv&from=yesterday&to=2026-05-06")
                    .body()).contains("\"from\"");
            // The button itself: Chromium downloads the file (the page stays).
            scrollTo(b, "#download-csv");
            b.click("#download-csv");
            assertThat(b.path()).startsWith("/portal/consumption/" + p + "SP1");

            // Another consumer's service point: neither its page nor its data, whatever the URL.
            for (String path : List.of("/portal/consumption/" + p + "SP2",
                    "/portal/consumption/" + p + "SP2?view=interval&day=2026-05-01",
                    "/portal/consumption/" + p + "SP2/download?format=csv&from=2026-05-01&to=2026-05-01",
                    "/portal/consumption/" + p + "SP2/download?format=green-button&from=2026-05-01&to=2026-05-01",
                    "/portal/consumption/" + p + "NOPE")) {
                HttpResponse<String> r = asBrowser(b, path);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.body()).as(path).doesNotContain("99 Other Lane", "20.880", "0.200");
            }
            b.go("/portal/consumption/" + p + "SP2");
            assertThat(b.pageText()).doesNotContain("99 Other Lane");
            b.screenshot("another-consumers-service-point");
        }
        // Without a consumer session nothing is shown: the sign-in page instead.
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/portal/consumption/" + p + "SP1/download?format=csv&from=2026-05-05&to=2026-05-05"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).endsWith("/portal/login");
    }

    /** A GET with the browser's cookies (its signed-in session), as the browser itself would send it. */
    private HttpResponse<String> asBrowser(Browser b, String path) throws Exception {
        String cookies = b.driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Cookie", cookies).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void scrollTo(Browser b, String css) {
        ((JavascriptExecutor) b.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'});", b.find(css));
    }

    private static int scrollWidth(Browser b) {
        return ((Number) ((JavascriptExecutor) b.driver()).executeScript("return document.documentElement.scrollWidth;"))
                .intValue();
    }
}

package org.urja.mdms.overview;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.HesReadings;
import org.urja.mdms.support.HesUp;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meter / consumer 360 (issue 10, part 2) in real headless Chromium: a consumer's meter with three days of data
 * through the HES contract (one day with a missed interval that VEE estimates), a power failure and a magnet tamper
 * (which raises a site inspection), a register read and a ping. A viewer finds the consumer by name, by phone and the
 * meter by its number, and the page shows the network path, the daily chart with the estimated day marked, the
 * day's intervals, events, commands and the work order.
 */
@UrjaIntegrationTest
class Meter360BrowserTests implements HesUp {

    @LocalServerPort
    int port;

    @Test
    void searchByConsumerNameOrMeterNumberLeadsToThe360PageWithPathChartEventsAndCommands() {
        String p = Fixtures.unique("M").toUpperCase();
        String dt = Fixtures.importChain(port, p);
        String meter = p + "-M1";
        String surname = "Mehrotra" + p.toLowerCase();
        String phone = "98" + String.format("%08d", Math.abs(p.hashCode()) % 100_000_000);
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                K-%1$s,Savitri %2$s,"12 Ring Road, Lajpat Nagar",3,DOM,+91%3$s,
                """.formatted(p, surname, phone));
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %1$s,Secure,SINGLE_PHASE_WC,30,POSTPAID,true,CELLULAR,CONSUMER,1.0,1,%2$s,
                """.formatted(meter, dt));
        // Three days through the HES contract; the middle one misses interval 20, which VEE estimates. The meter was
        // installed at the service point before them (VEE refuses data of days a meter was not installed).
        LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Kolkata")).minusDays(1);
        LocalDate estimatedDay = yesterday.minusDays(1);
        LocalDate first = yesterday.minusDays(2);
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address,meter_serial_no,installed_at
                SP-%1$s,K-%1$s,"12 Ring Road, Lajpat Nagar",%2$s,%3$s
                """.formatted(p, meter, first.minusDays(7).atStartOfDay(HesReadings.IST).toOffsetDateTime()));
        HesReadings.send(port, List.of(
                HesReadings.day(meter, first, 30, HesReadings.concat(HesReadings.flat(48, "0.250"),
                        HesReadings.flat(48, "0.250", 20), HesReadings.flat(48, "0.250"))),
                HesReadings.register(meter, yesterday.plusDays(1).atStartOfDay(HesReadings.IST).toInstant(), "1234.500")));
        TestHttp ops = Fixtures.admin(port);
        Eventually.await(Duration.ofSeconds(20), () -> ops.get("/api/v1/meters/" + meter + "/consumption?granularity=DAY&from="
                + estimatedDay + "&to=" + estimatedDay).json().get("periods").get(0),
                d -> d.get("estimatedIntervals").asInt() == 1);

        // A power failure and a magnet tamper; the tamper raises a site inspection. And a ping.
        Instant noon = yesterday.atTime(12, 0).atZone(HesReadings.IST).toInstant();
        assertThat(HesEvents.send(port, List.of(HesEvents.event(meter, noon, 101),
                HesEvents.event(meter, noon.plusSeconds(600), 201))).status()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(15), () -> ops.get("/api/v1/work-orders?meter=" + meter).json(), w -> w.size() == 1);
        TestHttp.Response ping = ops.postJson("/api/v1/commands", Map.of("type", "PING", "meterSerialNo", meter,
                "reason", "Consumer reports no display"), Map.of("Idempotency-Key", Fixtures.unique("m360-ping-")));
        assertThat(ping.status()).as(ping.body()).isBetween(200, 202);

        String viewer = Fixtures.staffUser(port, "m360v", List.of("VIEWER"));
        try (Browser browser = Browser.open(port, "meter-360")) {
            browser.signIn(viewer, Fixtures.password(viewer));
            assertThat(browser.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList())
                    .contains("/customers/360");

            // By name: a whole word of it finds the one consumer and leads straight to the meter's page.
            browser.go("/customers/360").fill("q", surname.toUpperCase()).press("Search");
            browser.waitForPath("/meters/" + meter);
            assertThat(browser.text("#meter")).contains(meter);
            assertThat(browser.text("#consumer")).contains("K-" + p).contains("Savitri " + surname);
            assertThat(browser.text("#path")).contains(p + "C").contains(p + "F").contains(dt);

            // The daily chart drawn by uPlot, the estimated day marked as such, the others actual.
            browser.waitFor("#daily-chart[data-rendered='true'] canvas");
            assertThat(browser.text("#daily-chart")).contains("Estimated").contains("Actual");
            assertThat(quality(browser, estimatedDay)).isEqualTo("estimated");
            assertThat(quality(browser, first)).isEqualTo("actual");
            assertThat(quality(browser, yesterday)).isEqualTo("actual");
            assertThat(quality(browser, first.minusDays(1))).isEqualTo("missing");

            // Sections: register read, events, commands, the tamper's work order, no wallet for a postpaid consumer.
            browser.waitForText("#registers", "register.kWh.import").waitForText("#registers", "1234.5");
            browser.waitForText("#events", "Magnet influence").waitForText("#events", "Power failure");
            browser.waitForText("#commands", "PING").waitForText("#commands", "Consumer reports no display");
            browser.waitForText("#work-orders", "TAMPER_INSPECTION");
            browser.waitForText("#money", "no prepaid wallet");
            browser.waitFor("#interval-chart[data-rendered='true'] canvas");
            browser.screenshot("meter-360");
            scrollTo(browser, "#daily-chart");
            browser.screenshot("daily-chart");

            // The estimated day's intervals: one estimated, 47 actual.
            browser.click("#readings details summary");
            browser.click("tr[data-day='" + estimatedDay + "'] a");
            browser.waitForText("#intervals h3", estimatedDay.toString());
            browser.waitFor("#interval-chart[data-rendered='true'] canvas");
            assertThat(browser.text("#interval-counts")).contains("47 actual").contains("1 estimated").contains("0 missing");
            browser.screenshot("estimated-day-intervals");

            // By the beginning of the name; by meter number; by phone number.
            browser.go("/customers/360").fill("q", "SAVITRI " + surname.substring(0, surname.length() - 1)).press("Search");
            browser.waitForPath("/meters/" + meter);
            browser.go("/customers/360").fill("q", meter).press("Search");
            browser.waitForPath("/meters/" + meter);
            browser.go("/customers/360").fill("q", "0" + phone).press("Search");
            browser.waitForPath("/meters/" + meter);

            // Something nobody is called: nothing found, said so.
            browser.go("/customers/360").fill("q", "Zzyzx" + p).press("Search");
            assertThat(browser.text("#no-hits")).contains("Nothing found");
        }

        try (Browser phoneBrowser = Browser.phone(port, "meter-360-phone")) {
            phoneBrowser.go("/login").fill("username", viewer).fill("password", Fixtures.password(viewer)).press("Sign in");
            phoneBrowser.waitFor("li.function");
            phoneBrowser.go("/meters/" + meter);
            phoneBrowser.waitFor("#daily-chart[data-rendered='true'] canvas");
            phoneBrowser.waitForText("#events", "Magnet influence");
            phoneBrowser.screenshot("meter-360-at-360px");
            scrollTo(phoneBrowser, "#daily-chart");
            phoneBrowser.screenshot("daily-chart-at-360px");
            // Nothing sticks out sideways on a 360 px phone (the page never scrolls horizontally).
            assertThat(sticksOut(phoneBrowser)).isEmpty();
        }
    }

    /** The elements of the page's main part wider than the window, except inside a scrolling table: none expected. */
    static String sticksOut(Browser browser) {
        return (String) ((JavascriptExecutor) browser.driver()).executeScript("""
                var w = document.documentElement.clientWidth, out = [];
                document.querySelectorAll('main *').forEach(function (e) {
                  var r = e.getBoundingClientRect();
                  if (r.right > w + 0.5 && !e.closest('.scroll')) { out.push(e.tagName + '#' + e.id + '.' + e.className + ' ' + r.right); }
                });
                return out.slice(0, 5).join('; ');""");
    }

    static void scrollTo(Browser browser, String css) {
        ((JavascriptExecutor) browser.driver()).executeScript("document.querySelector(arguments[0]).scrollIntoView();", css);
    }

    private static String quality(Browser browser, LocalDate day) {
        return browser.all("#days tr[data-day='" + day + "']").get(0).getAttribute("data-quality");
    }
}

package org.urja.mdms.losses;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The energy audit page in real headless Chromium: a viewer finds it on the home page, audits the DTs of a feeder for
 * the hand-computed day of {@link EnergyAuditTests}, sees the table, best and worst and the loss chart, downloads the CSV
 * link; on a phone the page does not scroll sideways; a role without access (billing) neither sees nor opens it.
 */
@UrjaIntegrationTest
class EnergyAuditBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aViewerAuditsTheDtsOfAFeederAndSeesTheTableAndTheChart() {
        Browser.requireChromium();
        AuditNet net = AuditNet.create(port, jdbc);
        EnergyAuditTests.loadExample(net);
        net.push("C1", 15, Map.of("interval.kWh.import", AuditNet.flat(EnergyAuditTests.DAY, 15, "0.300")));
        net.awaitEstimated("C2", EnergyAuditTests.DAY, 2);
        String viewer = Fixtures.staffUser(port, "eabview", List.of("VIEWER"));
        String billing = Fixtures.staffUser(port, "eabbill", List.of("BILLING"));

        try (Browser browser = Browser.open(port, "energy-audit")) {
            browser.go("/login").fill("username", viewer).fill("password", Fixtures.password(viewer)).press("Sign in");
            browser.waitFor("li.function");
            assertThat(browser.all("li.function").stream().map(e -> e.getAttribute("data-path")))
                    .contains("/energy-audit", "/revenue-protection");
            browser.click("li.function[data-path='/energy-audit'] a").waitForPath("/energy-audit");
            browser.fill("node", net.code("F1"));
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelector(\"input[name='day']\").value = arguments[0];", EnergyAuditTests.DAY.toString());
            browser.screenshot("form");
            browser.press("Audit");
            browser.waitFor("#audit-table");

            List<WebElement> rows = browser.all("#audit-table tbody tr");
            assertThat(rows.stream().map(r -> r.getAttribute("data-node")))
                    .containsExactly(net.code("DT2"), net.code("DT1"));
            WebElement dt1 = rows.get(1);
            assertThat(dt1.findElement(org.openqa.selenium.By.cssSelector(".input")).getText()).isEqualTo("95.200");
            assertThat(dt1.findElement(org.openqa.selenium.By.cssSelector(".consumption")).getText()).isEqualTo("88.000");
            assertThat(dt1.findElement(org.openqa.selenium.By.cssSelector(".loss")).getText()).isEqualTo("7.200");
            assertThat(dt1.findElement(org.openqa.selenium.By.cssSelector(".loss-percent")).getText()).isEqualTo("7.56");
            assertThat(dt1.findElement(org.openqa.selenium.By.cssSelector(".actual-percent")).getText()).isEqualTo("70.83");
            assertThat(dt1.getText()).contains(net.code("B1")).contains("×200").contains(net.code("C4"));
            assertThat(browser.text("#worst")).startsWith(net.code("DT1") + ": 7.56 %");
            assertThat(browser.text("#best")).startsWith(net.code("DT2") + ": 5.56 %");
            assertThat(browser.text("#audit-totals")).contains("181.600 kWh").contains("12.000 kWh (6.61 %)");
            // The chart is drawn by uPlot from the page's data (a canvas with two bars).
            browser.waitFor("#loss-chart[data-drawn='true'] canvas");
            assertThat(browser.find("#csv-link").getAttribute("href"))
                    .contains("/energy-audit/export.csv?level=DT&node=" + net.code("F1") + "&day=2026-03-10");
            browser.screenshot("dt-audit");

            // The CSV link serves the file to the signed-in session (fetched by the page, as a download would be).
            Object csv = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                            + "fetch(document.getElementById('csv-link').href).then(r => r.text()).then(done);");
            assertThat((String) csv).startsWith("level,node,parent,period,status,")
                    .contains("DT," + net.code("DT1") + "," + net.code("F1") + ",2026-03-10,OK,");

            // Feeders of the substation, for the month.
            browser.go("/energy-audit?level=FEEDER&node=" + net.code("SS") + "&by=MONTH&month=2026-03");
            browser.waitFor("#audit-table");
            assertThat(browser.all("#audit-table tbody tr").stream().map(r -> r.getAttribute("data-node")))
                    .containsExactly(net.code("F1"), net.code("F2"));
            assertThat(browser.text("#audit-table")).contains("NO_BOUNDARY_DATA").contains("192.000");
            browser.screenshot("feeder-month");

            // A mistake in the form is shown, not an error page.
            browser.go("/energy-audit?level=DT&node=" + net.code("NOPE") + "&day=2026-03-10");
            assertThat(browser.text("#audit-error")).contains("No network node");
        }

        try (Browser phone = Browser.phone(port, "energy-audit-phone")) {
            phone.go("/login").fill("username", viewer).fill("password", Fixtures.password(viewer)).press("Sign in");
            phone.waitFor("li.function");
            phone.go("/energy-audit?level=DT&node=" + net.code("F1") + "&day=2026-03-10");
            phone.waitFor("#loss-chart[data-drawn='true'] canvas");
            phone.screenshot("dt-audit-360px");
            Object scrollWidth = ((JavascriptExecutor) phone.driver())
                    .executeScript("return document.documentElement.scrollWidth;");
            assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(360);
        }

        try (Browser browser = Browser.open(port, "energy-audit-refused")) {
            browser.go("/login").fill("username", billing).fill("password", Fixtures.password(billing)).press("Sign in");
            browser.waitFor("li.function");
            assertThat(browser.all("li.function").stream().map(e -> e.getAttribute("data-path")))
                    .doesNotContain("/energy-audit", "/revenue-protection");
            browser.go("/energy-audit?level=DT&node=" + net.code("F1") + "&day=2026-03-10");
            assertThat(browser.pageText()).doesNotContain("95.200").containsIgnoringCase("forbidden");
            browser.screenshot("billing-refused");
        }
    }
}

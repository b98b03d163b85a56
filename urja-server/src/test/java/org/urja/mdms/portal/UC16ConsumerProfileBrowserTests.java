package org.urja.mdms.portal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC16.1–16.2 in real headless Chromium on a 360 px phone: after sign-in the consumer's profile from the customer and
 * network modules (two service points with their meters, then a second consumer number linked by code, prepaid with
 * its balance from the prepaid module), the menu of the functions that exist, Hindi remembered across pages and
 * sign-ins, and the installable PWA (manifest, service worker caching static assets only).
 */
@UrjaIntegrationTest
class UC16ConsumerProfileBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void uc16_1to16_2_theDashboardShowsTheProfileOfEveryServicePointAndRemembersHindi() {
        String p = PortalFixtures.prefix("PRF");
        String mobile = PortalFixtures.newMobile();
        String email = p.toLowerCase() + "ramesh@example.in";
        Fixtures.importChain(port, p);
        var consumers = PortalFixtures.importConsumers(port, p, mobile, email, "Ramesh Chandra", "Ramesh Chandra Dairy");
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                %1$sM1,Genus,SINGLE_PHASE_WC,15,POSTPAID,true,CELLULAR,CONSUMER,5.2,1,%1$sDT,
                %1$sM2,Genus,SINGLE_PHASE_WC,15,POSTPAID,true,CELLULAR,CONSUMER,5.2,1,%1$sDT,
                %1$sM3,Genus,THREE_PHASE_WC,15,PREPAID,true,CELLULAR,CONSUMER,5.2,1,%1$sDT,
                """.formatted(p));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address,meter_serial_no,installed_at
                %1$sSP1,%1$sK1,"10 Gali 3, Shahdara, Delhi",%1$sM1,2026-04-01T00:00:00+05:30
                %1$sSP2,%1$sK1,"10A Gali 3 (upper floor), Shahdara, Delhi",%1$sM2,2026-04-01T00:00:00+05:30
                %1$sSP3,%1$sK2,"11 Gali 4, Shahdara, Delhi",%1$sM3,2026-04-01T00:00:00+05:30
                """.formatted(p));
        // The dairy is prepaid with ₹500 in its wallet (its recharge is confirmed by SMS and email).
        assertThat(Fixtures.admin(port).postJson("/api/v1/prepaid/recharges", Map.of("consumerNo", p + "K2",
                "amountPaise", 50_000, "paymentReference", p + "RCH-1", "channel", "COUNTER")).status()).isEqualTo(201);
        PortalFixtures.smsTo(mobile, 1);
        PortalFixtures.mailTo(email, 1);
        var registered = PortalFixtures.registerAndSignIn(port, consumers.get(0), 1, 1);

        try (Browser b = Browser.phone(port, "uc16-profile")) {
            // UC16.1: sign in.
            b.go("/portal/login").fill("loginId", registered.credentials().loginId())
                    .fill("password", registered.credentials().password()).click("#sign-in");
            b.waitForPath("/portal");
            b.screenshot("dashboard-one-account");

            // UC16.2: the profile of K1 with both service points and their meters; K2 is not this login's yet.
            String k1 = text(b, "article[data-consumer='" + p + "K1']");
            assertThat(k1).contains("Ramesh Chandra", p + "K1", "10 Gali 3, Shahdara, Delhi", "DOM", "5 kW",
                    p + "SP1", p + "M1", p + "SP2", p + "M2", "Postpaid");
            assertThat(b.all("article.account")).hasSize(1);
            assertThat(b.pageText()).doesNotContain(p + "K2");
            // The menu lists only functions that exist (no consumption, bill or recharge pages are declared yet).
            List<String> menu = b.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList();
            assertThat(menu).contains("/portal/link", "/portal/password");
            for (String path : menu) {
                assertThat(TestHttp.browser(port).get(path).status()).as(path).isIn(200, 302);
            }

            // One login, several consumer numbers: K2 (same mobile number) is linked with a code.
            b.click("li.function[data-path='/portal/link'] a").waitForPath("/portal/link");
            b.fill("consumerNo", p + "K2").click("#send-code");
            b.waitForPath("/portal/link/code");
            b.fill("code", PortalFixtures.codeFromSms(mobile, 3)).click("#verify");
            assertThat(b.text("#linked")).contains(p + "K2");
            assertThat(b.path()).isEqualTo("/portal");
            String k2 = text(b, "article[data-consumer='" + p + "K2']");
            assertThat(k2).contains("Ramesh Chandra Dairy", p + "SP3", p + "M3", "Prepaid", "₹ 500.00");
            assertThat(b.all("article.account")).hasSize(2);
            assertThat(b.all("li.service-point")).hasSize(3);
            b.screenshot("dashboard-two-accounts");
            assertThat(scrollWidth(b)).isLessThanOrEqualTo(360);

            // Hindi: switched on one page, remembered on the next, after signing out and in again.
            b.click("#lang-hi");
            b.waitForText("h2", "आप क्या करना चाहेंगे?");
            assertThat(b.driver().findElement(org.openqa.selenium.By.tagName("html")).getAttribute("lang")).isEqualTo("hi");
            assertThat(b.pageText()).contains("मेरे कनेक्शन", "उपभोक्ता संख्या", "स्वीकृत भार", "प्रीपेड", "पोस्टपेड");
            b.screenshot("dashboard-hindi");
            b.go("/portal/accounts/" + p + "K2");
            assertThat(b.pageText()).contains("प्रीपेड शेष राशि", "₹ 500.00");
            assertThat(b.driver().manage().getCookieNamed("urja-lang").getValue()).isEqualTo("hi");
            b.click("#sign-out").waitForPath("/portal/login");
            assertThat(b.text("h1")).isEqualTo("साइन इन");
            b.screenshot("sign-in-hindi");
            b.fill("loginId", registered.credentials().loginId()).fill("password", registered.credentials().password())
                    .click("#sign-in");
            b.waitForPath("/portal");
            assertThat(b.text("h1")).contains("स्वागत है");
            b.click("#lang-en");
            b.waitForText("h2", "What would you like to do?");
            assertThat(b.driver().manage().getCookieNamed("urja-lang").getValue()).isEqualTo("en");

            // Installable: a manifest with icons, and a service worker that caches static assets only.
            JsonNode manifest = TestHttp.browser(port).get("/portal/manifest.json").json();
            assertThat(manifest.get("start_url").asString()).isEqualTo("/portal");
            assertThat(manifest.get("display").asString()).isEqualTo("standalone");
            assertThat(manifest.get("icons").findValuesAsString("sizes")).contains("192x192", "512x512");
            for (JsonNode icon : manifest.get("icons")) {
                assertThat(TestHttp.browser(port).get(icon.get("src").asString()).status()).isEqualTo(200);
            }
            assertThat(b.all("link[rel='manifest']")).hasSize(1);
            JavascriptExecutor js = (JavascriptExecutor) b.driver();
            Object scope = Eventually.await(Duration.ofSeconds(30), () -> js.executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    navigator.serviceWorker.getRegistration('/portal/').then(function (r) {
                      done(r && r.active ? r.scope : null); });"""), s -> s != null);
            assertThat(scope.toString()).endsWith("/portal/");
            b.go("/portal"); // a page load under the worker: it must not be cached
            @SuppressWarnings("unchecked")
            List<String> cached = (List<String>) js.executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    caches.keys().then(function (names) {
                      return Promise.all(names.map(function (n) { return caches.open(n).then(function (c) { return c.keys(); }); }));
                    }).then(function (lists) {
                      done([].concat.apply([], lists).map(function (r) { return new URL(r.url).pathname; }));
                    });""");
            assertThat(cached).isNotEmpty().contains("/portal/assets/portal.css")
                    .allMatch(u -> u.startsWith("/css/") || u.startsWith("/js/") || u.startsWith("/webjars/")
                            || u.startsWith("/portal/assets/") || u.startsWith("/portal/icons/"), "static assets only");
        }
    }

    private static String text(Browser b, String css) {
        return b.find(css).getText();
    }

    private static int scrollWidth(Browser b) {
        return ((Number) ((JavascriptExecutor) b.driver()).executeScript("return document.documentElement.scrollWidth;"))
                .intValue();
    }
}

package org.urja.mdms.access;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** UC22 in real headless Chromium: a staff user signs in through the form, sees their role's functions, signs out. */
@UrjaIntegrationTest
class UC22StaffPortalBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void uc22_1to22_3_staffSignInShowsOnlyTheRolesFunctionsAndSignOutEndsTheSession() {
        String viewer = Fixtures.staffUser(port, "bview", List.of("VIEWER"));
        String admin = Fixtures.staffUser(port, "badm", List.of("ADMIN"));

        try (Browser browser = Browser.open(port, "uc22-staff-sign-in")) {
            // UC22.1: an unauthenticated page sends the browser to the sign-in form; a wrong password is refused.
            browser.go("/").waitForPath("/login");
            browser.fill("username", viewer).fill("password", "wrong-password").press("Sign in");
            browser.waitFor("#login-error");
            browser.screenshot("wrong-password");

            browser.fill("username", viewer).fill("password", Fixtures.password(viewer)).press("Sign in");
            assertThat(browser.text("h1")).contains(viewer);
            browser.screenshot("viewer-home");
            // The page's scripts (htmx from the jar, no CDN) loaded under the Content-Security-Policy.
            assertThat(((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("return typeof htmx;")).isEqualTo("object");

            // UC22.2: a viewer sees the network functions but none of the administration.
            List<String> viewerPaths = browser.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList();
            assertThat(viewerPaths).contains("/network").doesNotContain("/admin/users", "/admin/audit");
            browser.go("/admin/users");
            assertThat(browser.pageText()).doesNotContain("Staff users").containsIgnoringCase("forbidden");

            // UC22.3: signing out ends the session; the home page asks for sign-in again.
            browser.go("/").click("#sign-out").waitForPath("/login");
            assertThat(browser.path()).contains("logout");
            browser.go("/").waitForPath("/login");
        }

        try (Browser browser = Browser.phone(port, "uc22-admin-on-phone")) {
            browser.go("/login").fill("username", admin).fill("password", Fixtures.password(admin)).press("Sign in");
            browser.waitFor("li.function");
            List<String> adminPaths = browser.all("li.function").stream().map(e -> e.getAttribute("data-path")).toList();
            assertThat(adminPaths).contains("/admin/users", "/admin/audit");
            browser.screenshot("admin-home-360px");
            // On a 360 px phone the page does not scroll sideways.
            Object scrollWidth = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeScript("return document.documentElement.scrollWidth;");
            assertThat(((Number) scrollWidth).intValue()).isLessThanOrEqualTo(360);
        }
    }
}

package org.urja.mdms.access;

import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** UC22: staff user access to the utility portal, through the real sign-in form, pages and API over HTTP. */
@UrjaIntegrationTest
class UC22StaffAccessTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void uc22_1_staffSignsInWithCredentials() {
        String user = Fixtures.staffUser(port, "op", List.of("OPERATOR"));
        TestHttp browser = TestHttp.browser(port);

        // Unauthenticated pages send the browser to the sign-in page.
        assertThat(browser.get("/").location()).endsWith("/login");

        // Wrong password: back to the form with an error, audited.
        TestHttp.Response wrong = browser.signIn(user, "not-the-password");
        assertThat(wrong.status()).isEqualTo(302);
        assertThat(wrong.location()).endsWith("/login?error");

        // A form post without the CSRF token is refused.
        TestHttp.Response noCsrf = browser.postForm("/login", Map.of("username", user, "password",
                Fixtures.password(user)), "/login", false);
        assertThat(noCsrf.status()).isEqualTo(403);

        // Right credentials: signed in and sent home.
        TestHttp.Response ok = browser.signIn(user, Fixtures.password(user));
        assertThat(ok.status()).isEqualTo(302);
        assertThat(ok.location()).endsWith("/");
        TestHttp.Response home = browser.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(Jsoup.parse(home.body()).select("h1").text()).contains(user);

        // Passwords are stored as BCrypt hashes, never in clear.
        String hash = jdbc.sql("SELECT password_hash FROM staff_user WHERE username = ?").param(user)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(Fixtures.password(user));

        // Each attempt is in the audit trail with its outcome and address.
        List<String> outcomes = jdbc.sql("SELECT outcome FROM audit_event WHERE actor = ? AND action = 'SIGN_IN' ORDER BY id")
                .param(user).query(String.class).list();
        assertThat(outcomes).containsExactly("OK", "FAILED", "OK"); // first: the fixture's first sign-in
        assertThat(jdbc.sql("SELECT remote_addr FROM audit_event WHERE actor = ? AND action = 'SIGN_IN' LIMIT 1")
                .param(user).query(String.class).single()).isNotBlank();
    }

    @Test
    void uc22_1_repeatedFailuresLockTheAccount() {
        String user = Fixtures.staffUser(port, "lock", List.of("VIEWER"));
        TestHttp browser = TestHttp.browser(port);
        for (int i = 0; i < 3; i++) { // test profile: lock after 3 failures
            assertThat(browser.signIn(user, "wrong-" + i).location()).endsWith("/login?error");
        }
        // Even the right password is refused while locked, in the portal and over the API.
        assertThat(browser.signIn(user, Fixtures.password(user)).location()).endsWith("/login?locked");
        assertThat(TestHttp.staffApi(port, user, Fixtures.password(user)).get("/api/v1/network/nodes").status())
                .isEqualTo(401);

        // An administrator unlocks it; then the user signs in.
        var unlocked = Fixtures.admin(port).postJson("/api/v1/staff/users/" + user + "/unlock", "{}");
        assertThat(unlocked.status()).isEqualTo(200);
        assertThat(unlocked.json().get("locked").asBoolean()).isFalse();
        assertThat(TestHttp.browser(port).signIn(user, Fixtures.password(user)).location()).endsWith("/");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = ? AND outcome = 'FAILED_NOW_LOCKED'")
                .param(user).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void uc22_2_homeListsOnlyFunctionsOfTheRole() {
        String viewer = Fixtures.staffUser(port, "view", List.of("VIEWER"));
        TestHttp viewerBrowser = TestHttp.browser(port);
        viewerBrowser.signIn(viewer, Fixtures.password(viewer));
        List<String> viewerFunctions = functionPaths(viewerBrowser.get("/").body());
        assertThat(viewerFunctions).contains("/network", "/network/meter", "/account/password")
                .doesNotContain("/admin/users", "/admin/audit", "/admin/imports");

        TestHttp adminBrowser = TestHttp.browser(port);
        adminBrowser.signIn(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        assertThat(functionPaths(adminBrowser.get("/").body()))
                .contains("/admin/users", "/admin/audit", "/admin/imports", "/network", "/network/meter");

        // Every listed function opens for the viewer; the admin ones are refused, not just hidden.
        for (String path : viewerFunctions) {
            assertThat(viewerBrowser.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(viewerBrowser.get("/admin/users").status()).isEqualTo(403);
        assertThat(viewerBrowser.get("/admin/audit").status()).isEqualTo(403);
        assertThat(TestHttp.staffApi(port, viewer, Fixtures.password(viewer))
                .postCsv("/api/v1/imports/network-nodes", "level,code,name,parent_code\nCIRCLE,X1,X,\n").status())
                .isEqualTo(403);
        assertThat(adminBrowser.get("/admin/users").status()).isEqualTo(200);
    }

    @Test
    void uc22_3_staffSignsOut() {
        String user = Fixtures.staffUser(port, "out", List.of("BILLING"));
        TestHttp browser = TestHttp.browser(port);
        browser.signIn(user, Fixtures.password(user));
        assertThat(browser.get("/").status()).isEqualTo(200);

        TestHttp.Response out = browser.postForm("/logout", Map.of(), "/", true);
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.location()).endsWith("/login?logout");

        // The session is gone: home sends back to sign-in.
        assertThat(browser.get("/").location()).endsWith("/login");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = ? AND action = 'SIGN_OUT'")
                .param(user).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void oneTimePasswordMustBeChangedBeforeAnythingElse() {
        String user = Fixtures.newStaffUser(port, "new", List.of("FIELD_SUPERVISOR"));
        TestHttp browser = TestHttp.browser(port);
        browser.signIn(user, Fixtures.initialPassword(user));
        // Users created by an administrator get a one-time password; neither portal nor API work until it is changed.
        assertThat(browser.get("/").location()).endsWith("/account/password");
        assertThat(TestHttp.staffApi(port, user, Fixtures.initialPassword(user)).get("/api/v1/network/nodes").status())
                .isEqualTo(403);

        TestHttp.Response tooShort = browser.postForm("/account/password", Map.of("currentPassword",
                Fixtures.initialPassword(user), "newPassword", "short", "confirmPassword", "short"), "/account/password", true);
        assertThat(tooShort.status()).isEqualTo(200);
        assertThat(tooShort.body()).contains("at least 10 characters");

        TestHttp.Response changed = browser.postForm("/account/password", Map.of("currentPassword",
                Fixtures.initialPassword(user), "newPassword", "a-much-better-one", "confirmPassword", "a-much-better-one"),
                "/account/password", true);
        assertThat(changed.location()).endsWith("/?passwordChanged");
        assertThat(browser.get("/").status()).isEqualTo(200);
        assertThat(TestHttp.browser(port).signIn(user, "a-much-better-one").location()).endsWith("/");
        assertThat(TestHttp.staffApi(port, user, "a-much-better-one").get("/api/v1/network/nodes").status()).isEqualTo(200);
    }

    @Test
    void staffUserRequestsAreValidatedAndAudited() {
        var bad = Fixtures.admin(port).postJson("/api/v1/staff/users",
                Map.of("username", "X Y", "displayName", "", "initialPassword", "short", "roles", List.of()));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(bad.json().get("errors").findValuesAsString("field"))
                .contains("username", "displayName", "initialPassword", "roles");
        var unknownRole = Fixtures.admin(port).postJson("/api/v1/staff/users",
                Map.of("username", "okname", "displayName", "x", "initialPassword", "long-enough-1", "roles", List.of("GOD")));
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.json().get("errors").get(0).get("field").asString()).startsWith("roles");
        assertThat(jdbc.sql("SELECT count(*) FROM staff_user WHERE username IN ('okname')").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE actor = 'admin' AND action = 'POST /api/v1/staff/users'"
                + " AND outcome = 'REJECTED'").query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    private static List<String> functionPaths(String html) {
        return Jsoup.parse(html).select("li.function").eachAttr("data-path");
    }
}

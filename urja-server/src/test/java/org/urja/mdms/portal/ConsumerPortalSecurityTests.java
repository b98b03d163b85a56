package org.urja.mdms.portal;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer portal's security over real HTTP: one consumer cannot read or act on another's data through any URL or
 * form of the portal, staff and consumer sign-ins never cross, sign-in and one-time codes are rate limited, a login
 * locks after repeated wrong passwords (and a reset by code opens it), and the security headers and cookie flags are
 * there.
 */
@UrjaIntegrationTest
class ConsumerPortalSecurityTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aConsumerCannotReadOrLinkAnotherConsumersAccountThroughAnyUrlOrForm() {
        String p = PortalFixtures.prefix("SEC");
        String mobileA = PortalFixtures.newMobile();
        var a = PortalFixtures.importConsumers(port, p + "A", mobileA, p.toLowerCase() + "a@example.in",
                "Asha Devi", "Asha Devi Shop");
        var b = PortalFixtures.importConsumer(port, p + "B", "Bharat Singh");
        var asha = PortalFixtures.registerAndSignIn(port, a.get(0), 0, 0);
        var bharat = PortalFixtures.registerAndSignIn(port, b, 0, 0);
        TestHttp web = asha.web();

        // Her own account: yes. Bharat's, by its consumer number in the URL: 404, and nothing of his on the page.
        var own = web.get("/portal/accounts/" + a.get(0).consumerNo());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("Asha Devi");
        var other = web.get("/portal/accounts/" + b.consumerNo());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("Bharat Singh");
        assertThat(web.get("/portal/accounts/NO-SUCH-K").status()).isEqualTo(404);

        // Linking Bharat's consumer number to her login is refused, sends him nothing and changes nothing.
        int smsToBharat = TestSms.to(b.mobile()).size();
        var refused = web.postForm("/portal/link", Map.of("consumerNo", b.consumerNo()), "/portal/link", true);
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("cannot be added");
        assertThat(TestSms.to(b.mobile())).hasSize(smsToBharat);
        assertThat(web.get("/portal").body()).doesNotContain(b.consumerNo());
        // A code typed without a challenge of one's own goes nowhere.
        assertThat(web.postForm("/portal/link/code", Map.of("code", "123456"), "/portal/link", true).location())
                .endsWith("/portal/link");

        // Her second connection (same mobile number): the code goes to her phone; Bharat's session cannot use it.
        var started = web.postForm("/portal/link", Map.of("consumerNo", a.get(1).consumerNo()), "/portal/link", true);
        assertThat(started.location()).endsWith("/portal/link/code");
        String code = PortalFixtures.codeFromSms(mobileA, 2);
        var hijack = bharat.web().postForm("/portal/link/code", Map.of("code", code), "/portal/link", true);
        assertThat(hijack.location()).endsWith("/portal/link");
        assertThat(bharat.web().get("/portal").body()).doesNotContain(a.get(1).consumerNo());
        // A fresh browser cannot answer someone's registration code either.
        assertThat(TestHttp.browser(port).postForm("/portal/register/code", Map.of("code", code), "/portal/register", true)
                .location()).endsWith("/portal/register");

        var linked = web.postForm("/portal/link/code", Map.of("code", code), "/portal/link/code", true);
        assertThat(linked.location()).endsWith("/portal");
        assertThat(web.get("/portal").body()).contains("Consumer number " + a.get(1).consumerNo() + " has been added");
        assertThat(web.get("/portal/accounts/" + a.get(1).consumerNo()).status()).isEqualTo(200);
        // Bharat still sees only his own.
        assertThat(bharat.web().get("/portal/accounts/" + a.get(1).consumerNo()).status()).isEqualTo(404);
        assertThat(bharat.web().get("/portal/accounts/" + a.get(0).consumerNo()).status()).isEqualTo(404);
        // A number already held by a login cannot be linked again, not even by the same person's other login.
        var again = bharat.web().postForm("/portal/link", Map.of("consumerNo", a.get(1).consumerNo()), "/portal/link", true);
        assertThat(again.body()).contains("cannot be added");
    }

    @Test
    void staffAndConsumerSignInsNeverCross() {
        String p = PortalFixtures.prefix("SEP");
        var c = PortalFixtures.importConsumer(port, p, "Chandni Verma");
        var consumer = PortalFixtures.registerAndSignIn(port, c, 0, 0);
        String staff = Fixtures.staffUser(port, "sep", List.of("ADMIN"));

        // A signed-in consumer is nobody to the staff portal and the API.
        TestHttp web = consumer.web();
        assertThat(web.get("/portal").status()).isEqualTo(200);
        assertThat(web.get("/").location()).endsWith("/login");
        assertThat(web.get("/admin/users").location()).endsWith("/login");
        assertThat(web.get("/api/v1/staff/users").status()).isEqualTo(401);
        var basic = TestHttp.staffApi(port, consumer.credentials().loginId(), consumer.credentials().password());
        assertThat(basic.get("/api/v1/meters/X").status()).isEqualTo(401);
        // Consumer credentials on the staff form are wrong credentials.
        assertThat(TestHttp.browser(port).signIn(consumer.credentials().loginId(), consumer.credentials().password())
                .location()).endsWith("/login?error");

        // A signed-in administrator is nobody to the consumer portal; staff credentials on its form are refused.
        TestHttp admin = TestHttp.browser(port);
        assertThat(admin.signIn(staff, Fixtures.password(staff)).location()).endsWith("/");
        assertThat(admin.get("/admin/users").status()).isEqualTo(200);
        assertThat(admin.get("/portal").location()).endsWith("/portal/login");
        assertThat(admin.get("/portal/accounts/" + c.consumerNo()).location()).endsWith("/portal/login");
        assertThat(PortalFixtures.signIn(TestHttp.browser(port), staff, Fixtures.password(staff)).location())
                .endsWith("/portal/login?error");

        // One browser signed in as both: each side sees its own, and the consumer's sign-out leaves the staff session.
        // (The consumer's sign-in returns to the portal page asked for before it.)
        assertThat(PortalFixtures.signIn(admin, consumer.credentials().loginId(), consumer.credentials().password())
                .location()).endsWith("/portal/accounts/" + c.consumerNo());
        assertThat(admin.get("/portal").body()).contains("Chandni Verma");
        assertThat(admin.get("/admin/users").status()).isEqualTo(200);
        assertThat(admin.postForm("/portal/logout", Map.of(), "/portal", true).location()).endsWith("/portal/login?logout");
        assertThat(admin.get("/portal").location()).endsWith("/portal/login");
        assertThat(admin.get("/admin/users").status()).isEqualTo(200);
    }

    @Test
    void repeatedWrongPasswordsLockTheLoginAndAResetByCodeOpensIt() throws Exception {
        String p = PortalFixtures.prefix("LCK");
        var c = PortalFixtures.importConsumer(port, p, "Dinesh Yadav");
        var registered = PortalFixtures.registerAndSignIn(port, c, 0, 0);
        String loginId = registered.credentials().loginId();

        TestHttp web = TestHttp.browser(port);
        for (int i = 1; i <= 4; i++) {
            assertThat(PortalFixtures.signIn(web, loginId, "wrong-password-" + i).location()).endsWith("/portal/login?error");
        }
        assertThat(PortalFixtures.signIn(web, loginId, "wrong-password-5").location()).endsWith("/portal/login?locked");
        // Locked: the right password does not open it either.
        assertThat(PortalFixtures.signIn(web, loginId, registered.credentials().password()).location())
                .endsWith("/portal/login?locked");
        TestHttp auditor = TestHttp.browser(port);
        auditor.signIn(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        assertThat(auditor.get("/admin/audit?actor=" + loginId).body()).contains("FAILED_NOW_LOCKED", "LOCKED");

        // Forgotten password by code: the policy is checked first (a weak password costs no attempt), then the code.
        var forgot = web.postForm("/portal/forgot", Map.of("consumerNo", c.consumerNo(), "contact", c.email()),
                "/portal/forgot", true);
        assertThat(forgot.location()).endsWith("/portal/forgot/code");
        String code = PortalFixtures.codeFromMail(c.email(), 2);
        var weak = web.postForm("/portal/forgot/code", Map.of("code", code, "newPassword", "short",
                "confirmPassword", "short"), "/portal/forgot/code", true);
        assertThat(weak.body()).contains("10 to 128 characters");
        String fresh = "Naya-Bijli-77";
        var reset = web.postForm("/portal/forgot/code", Map.of("code", code, "newPassword", fresh,
                "confirmPassword", fresh), "/portal/forgot/code", true);
        assertThat(reset.location()).endsWith("/portal/login?reset");
        // The code was used once: posting it again changes nothing.
        assertThat(web.postForm("/portal/forgot/code", Map.of("code", code, "newPassword", "Another-Pass-1",
                "confirmPassword", "Another-Pass-1"), "/portal/forgot", true).location()).endsWith("/portal/forgot");
        assertThat(PortalFixtures.signIn(web, loginId, registered.credentials().password()).location())
                .endsWith("/portal/login?error");
        assertThat(PortalFixtures.signIn(web, loginId, fresh).location()).endsWith("/portal");
    }

    @Test
    void signInsAndCodeRequestsAreRateLimited() throws Exception {
        String p = PortalFixtures.prefix("RATE");
        var c = PortalFixtures.importConsumer(port, p, "Esha Gupta");

        // One mobile number gets at most 5 codes an hour, however the requests come.
        TestHttp web = TestHttp.browser(port);
        for (int i = 1; i <= 5; i++) {
            var r = web.postForm("/portal/register", Map.of("consumerNo", c.consumerNo(), "contact", c.typedMobile()),
                    "/portal/register", true);
            assertThat(r.location()).as("code %d", i).endsWith("/portal/register/code");
        }
        var sixth = web.postForm("/portal/register", Map.of("consumerNo", c.consumerNo(), "contact", c.typedMobile()),
                "/portal/register", true);
        assertThat(sixth.body()).contains("Too many codes were sent");
        assertThat(PortalFixtures.smsTo(c.mobile(), 5)).hasSize(5);
        // Only the last code works: the earlier ones were superseded.
        String first = PortalFixtures.codeFromSms(c.mobile(), 1);
        String last = PortalFixtures.codeFromSms(c.mobile(), 5);
        if (!first.equals(last)) {
            assertThat(web.postForm("/portal/register/code", Map.of("code", first), "/portal/register/code", true).body())
                    .contains("not right");
        }

        // Sign-in attempts from one address: over the limit (30 in the tests' 5-second window) the answer is 429 with
        // Retry-After, and the credentials are not even checked. 45 attempts at once, just after a window begins
        // (windows are aligned to their length), so they fall in one window even on a busy machine.
        Thread.sleep(5_000 - System.currentTimeMillis() % 5_000 + 100);
        String token = web.csrfTokenFrom("/portal/login");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(45);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<TestHttp.Response>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 45; i++) {
            sent.add(pool.submit(() -> {
                start.await();
                return web.postForm("/portal/login", Map.of("loginId", "C000000000", "password", "not-this-one",
                        "_csrf", token), "/portal/login", false);
            }));
        }
        start.countDown();
        List<TestHttp.Response> answers = new java.util.ArrayList<>();
        for (var f : sent) {
            answers.add(f.get());
        }
        pool.shutdown();
        var refused = answers.stream().filter(a -> a.status() == 429).toList();
        assertThat(refused).as("429 answers").isNotEmpty();
        assertThat(answers.stream().filter(a -> a.status() != 429))
                .allMatch(a -> a.location().endsWith("/portal/login?error"));
        assertThat(refused).allMatch(a -> a.headers().firstValue("Retry-After").isPresent()
                && a.body().contains("Too many attempts"));
        Thread.sleep(5_100); // let the window pass for the other tests
        assertThat(PortalFixtures.signIn(web, "C000000000", "not-this-one").location()).endsWith("/portal/login?error");
    }

    @Test
    void oneTimeCodesAndDefaultPasswordsAreNeverShownToStaffAndAreWipedOnceSent() {
        String p = PortalFixtures.prefix("SECRET");
        var c = PortalFixtures.importConsumer(port, p, "Farhan Ali");
        var registered = PortalFixtures.registerAndSignIn(port, c, 0, 0);
        String code = PortalFixtures.codeFromSms(c.mobile(), 1);
        String defaultPassword = PortalFixtures.credentials(PortalFixtures.mailTo(c.email(), 1).get(0)).password();

        TestHttp admin = Fixtures.admin(port);
        for (String to : List.of(c.mobile(), c.email())) {
            var listed = admin.get("/api/v1/notifications?to=" + java.net.URLEncoder.encode(to,
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().findValuesAsString("template")).containsAnyOf("PORTAL_OTP", "PORTAL_CREDENTIALS");
            assertThat(listed.body()).contains("(secret: not shown)").doesNotContain(code, defaultPassword,
                    registered.credentials().loginId());
        }
        // Once sent, the text is gone from the outbox itself.
        assertThat(jdbc.sql("SELECT body FROM notification_outbox WHERE to_address IN (?, ?) AND status = 'SENT'")
                .params(c.mobile(), c.email()).query(String.class).list()).isNotEmpty()
                .allMatch("(secret: not shown)"::equals);
        assertThat(jdbc.sql("SELECT count(*) FROM consumer_login WHERE password_hash LIKE ?")
                .param("%" + defaultPassword + "%").query(Integer.class).single()).isZero();
    }

    @Test
    void securityHeadersCookieFlagsAndCsrfAreInPlace() {
        TestHttp web = TestHttp.browser(port);
        var page = web.get("/portal/login");
        assertThat(page.status()).isEqualTo(200);
        var h = page.headers();
        assertThat(h.firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'", "script-src 'self'",
                "frame-ancestors 'none'", "object-src 'none'", "form-action 'self'");
        assertThat(h.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(h.firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(h.firstValue("Permissions-Policy").orElse("")).contains("camera=()", "geolocation=()");
        assertThat(h.firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(h.firstValue("Cross-Origin-Opener-Policy")).isPresent();
        String cookie = h.allValues("Set-Cookie").stream().filter(s -> s.startsWith("JSESSIONID")).findFirst().orElse("");
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax");

        // A form posted without the page's CSRF token is refused.
        assertThat(web.postForm("/portal/login", Map.of("loginId", "C1", "password", "x"), "/portal/login", false).status())
                .isEqualTo(403);
        assertThat(web.postForm("/portal/register", Map.of("consumerNo", "K", "contact", "9811111111"), "/portal/register",
                false).status()).isEqualTo(403);
        // Bad input is answered on the form, naming what is wrong, and sends nothing.
        var noNumber = web.postForm("/portal/register", Map.of("consumerNo", " ", "contact", "9811111111"),
                "/portal/register", true);
        assertThat(noNumber.status()).isEqualTo(200);
        assertThat(noNumber.body()).contains("Enter your consumer number.");
        var badContact = web.postForm("/portal/register", Map.of("consumerNo", "100000001", "contact", "12345"),
                "/portal/register", true);
        assertThat(badContact.body()).contains("Enter a 10-digit mobile number or an email address.")
                .contains("aria-invalid=\"true\"");
        assertThat(TestSms.to("+919811111111")).isEmpty();
        // Pages behind sign-in send the browser to the portal's own sign-in form.
        assertThat(web.get("/portal").location()).endsWith("/portal/login");
        assertThat(web.get("/portal/password").location()).endsWith("/portal/login");
    }
}

package org.urja.mdms.portal;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.TestMail;
import org.urja.mdms.support.TestSms;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC15 in real headless Chromium on a 360 px phone: a consumer registers with the consumer number and registered
 * mobile number or email, types the one-time code taken from the SMS or email outbox, receives the login id and a
 * default password by email, signs in, is made to change the password, and reaches the dashboard; wrong codes run out,
 * an expired code is refused, a new code only comes after the cool-down.
 */
@UrjaIntegrationTest
class UC15ConsumerRegistrationBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void uc15_1to15_7_aNewUserRegistersWithTheSmsCodeGetsCredentialsByEmailAndMustChangeTheDefaultPassword() {
        String p = PortalFixtures.prefix("REG");
        var c = PortalFixtures.importConsumer(port, p, "Kamala Prasad");

        try (Browser b = Browser.phone(port, "uc15-registration")) {
            // UC15.1: the "new user" page with consumer number and registered mobile number.
            b.go("/portal/login").click("#register-link").waitForPath("/portal/register");
            b.screenshot("register-form");
            b.fill("consumerNo", c.consumerNo()).fill("contact", "98" + "00000000"); // not the registered number
            b.click("#send-code");
            assertThat(b.text("#form-error")).contains("do not match our records");
            b.fill("consumerNo", c.consumerNo()).fill("contact", c.typedMobile()).click("#send-code");

            // UC15.2: the utility checks the request and sends a 6-digit code by SMS; only the last digits are shown.
            b.waitForPath("/portal/register/code");
            assertThat(b.text("#sent-to")).contains("SMS", c.mobile().substring(c.mobile().length() - 4))
                    .doesNotContain(c.typedMobile());
            b.screenshot("code-sent");
            List<String> sms = PortalFixtures.smsTo(c.mobile(), 1);
            assertThat(sms).hasSize(1);
            assertThat(sms.get(0)).contains("Urja Test Discom", "10 minutes");
            String code = PortalFixtures.code(sms.get(0));
            // The code is stored hashed, never in clear.
            assertThat(jdbc.sql("SELECT count(*) FROM consumer_otp WHERE consumer_no = ? AND code_hash LIKE ?")
                    .params(c.consumerNo(), "%" + code + "%").query(Integer.class).single()).isZero();

            // UC15.3: a wrong code counts; the right one completes the registration.
            String wrong = code.equals("000000") ? "111111" : "000000";
            b.fill("code", wrong).click("#verify");
            assertThat(b.text("#form-error")).contains("not right", "Attempts left: 4");
            b.fill("code", code).click("#verify");
            b.waitForPath("/portal/register/done");
            assertThat(b.text("#registered")).contains(c.email().substring(c.email().indexOf('@')));
            b.screenshot("registered");

            // UC15.4: login id and default password arrive by email.
            String mail = PortalFixtures.mailTo(c.email(), 1).get(0);
            assertThat(mail).startsWith("Dear Kamala Prasad");
            var credentials = PortalFixtures.credentials(mail);

            // UC15.5-15.6: the first sign-in with them leads to the password page, and nothing else opens.
            b.click("#to-login").waitForPath("/portal/login");
            b.fill("loginId", credentials.loginId().toLowerCase()).fill("password", credentials.password()).click("#sign-in");
            b.waitForPath("/portal/password");
            assertThat(b.text("#must-change")).contains("temporary password");
            b.screenshot("forced-password-change");
            b.go("/portal").waitForPath("/portal/password");
            b.go("/portal/accounts/" + c.consumerNo()).waitForPath("/portal/password");

            // UC15.7: the password policy, then the consumer's own password; the dashboard opens.
            b.fill("currentPassword", credentials.password()).fill("newPassword", "bijlibijlibijli")
                    .fill("confirmPassword", "bijlibijlibijli").click("#change-password");
            assertThat(b.text("#form-error")).contains("letters and digits");
            b.screenshot("password-policy");
            String own = PortalFixtures.newPassword(credentials);
            b.fill("currentPassword", credentials.password()).fill("newPassword", own).fill("confirmPassword", own)
                    .click("#change-password");
            b.waitForPath("/portal?passwordChanged");
            assertThat(b.text("h1")).contains("Kamala Prasad");
            assertThat(b.text("#password-changed")).contains("changed");
            b.screenshot("dashboard");
            assertThat(((Number) ((JavascriptExecutor) b.driver())
                    .executeScript("return document.documentElement.scrollWidth;")).intValue()).isLessThanOrEqualTo(360);

            // UC16.1/17.1/18.1/19.1/20.1: signing out and in again with the own password goes straight to the dashboard;
            // the default password no longer works.
            b.click("#sign-out").waitForPath("/portal/login?logout");
            b.fill("loginId", credentials.loginId()).fill("password", credentials.password()).click("#sign-in");
            b.waitFor("#login-error");
            b.fill("loginId", credentials.loginId()).fill("password", own).click("#sign-in");
            b.waitForPath("/portal");
            assertThat(b.text("h1")).contains("Kamala Prasad");
            b.screenshot("signed-in-again");

            // Registering the same consumer number again is refused and sends nothing.
            b.click("#sign-out").waitForPath("/portal/login");
            b.go("/portal/register").fill("consumerNo", c.consumerNo()).fill("contact", c.typedMobile()).click("#send-code");
            assertThat(b.text("#form-error")).contains("already registered");
            assertThat(TestSms.to(c.mobile())).hasSize(1);
        }
    }

    @Test
    void uc15_3_wrongCodesRunOutAndTheChallengeDiesWithoutALogin() throws Exception {
        String p = PortalFixtures.prefix("EXH");
        var c = PortalFixtures.importConsumer(port, p, "Mohan Lal");

        try (Browser b = Browser.phone(port, "uc15-wrong-codes")) {
            b.go("/portal/register").fill("consumerNo", c.consumerNo()).fill("contact", c.email().toUpperCase())
                    .click("#send-code");
            b.waitForPath("/portal/register/code");
            assertThat(b.text("#sent-to")).contains("email");
            String code = PortalFixtures.codeFromMail(c.email(), 1);
            String wrong = code.equals("999999") ? "888888" : "999999";
            for (int left = 4; left >= 1; left--) {
                b.fill("code", wrong).click("#verify");
                assertThat(b.text("#form-error")).contains("Attempts left: " + left);
            }
            b.fill("code", wrong).click("#verify");
            assertThat(b.text("#form-error")).contains("Too many wrong codes");
            assertThat(b.all("#code-form")).isEmpty(); // no way to type the right code now
            b.screenshot("codes-exhausted");
            Thread.sleep(1_000);
            assertThat(PortalFixtures.mailTo(c.email(), 1)).hasSize(1); // no credentials were sent
            assertThat(jdbc.sql("SELECT status FROM consumer_otp WHERE consumer_no = ?").param(c.consumerNo())
                    .query(String.class).single()).isEqualTo("EXHAUSTED");

            // Starting again sends a new code, and that one works.
            b.click("#restart").waitForPath("/portal/register");
            b.fill("consumerNo", c.consumerNo()).fill("contact", c.email()).click("#send-code");
            b.waitForPath("/portal/register/code");
            b.fill("code", PortalFixtures.codeFromMail(c.email(), 2)).click("#verify");
            b.waitForPath("/portal/register/done");
            assertThat(PortalFixtures.credentials(PortalFixtures.mailTo(c.email(), 3).get(2)).loginId()).startsWith("C");
        }
    }

    @Test
    void uc15_2_anExpiredCodeIsRefusedAndANewCodeComesOnlyAfterTheCooldown() {
        String p = PortalFixtures.prefix("EXP");
        var c = PortalFixtures.importConsumer(port, p, "Sunita Rawat");

        try (Browser b = Browser.phone(port, "uc15-expiry-and-resend")) {
            b.go("/portal/register").fill("consumerNo", c.consumerNo()).fill("contact", c.typedMobile()).click("#send-code");
            b.waitForPath("/portal/register/code");
            String first = PortalFixtures.codeFromSms(c.mobile(), 1);

            // Asking for a new code at once: wait for the cool-down; nothing is sent.
            b.click("#resend");
            assertThat(b.text("#form-error")).contains("Please wait", "seconds");
            b.screenshot("resend-too-soon");
            assertThat(TestSms.to(c.mobile())).hasSize(1);

            // Ten minutes pass: the code has expired.
            jdbc.sql("UPDATE consumer_otp SET expires_at = now() - interval '1 second' WHERE consumer_no = ?")
                    .param(c.consumerNo()).update();
            b.fill("code", first).click("#verify");
            assertThat(b.text("#form-error")).contains("expired");
            b.screenshot("code-expired");

            // After the cool-down (30 s in the tests: the code's clock is moved on) a new code comes; the old one no
            // longer works, the new one does.
            jdbc.sql("UPDATE consumer_otp SET last_sent_at = last_sent_at - interval '31 seconds' WHERE consumer_no = ?")
                    .param(c.consumerNo()).update();
            b.click("#resend");
            assertThat(b.text("#form-notice")).contains("new code has been sent");
            String second = PortalFixtures.codeFromSms(c.mobile(), 2);
            if (!second.equals(first)) {
                b.fill("code", first).click("#verify");
                assertThat(b.text("#form-error")).contains("not right");
            }
            b.fill("code", second).click("#verify");
            b.waitForPath("/portal/register/done");
            b.screenshot("registered-with-second-code");
            assertThat(PortalFixtures.credentials(PortalFixtures.mailTo(c.email(), 1).get(0)).password()).hasSize(12);
            assertThat(TestMail.get().getReceivedMessages()).isNotEmpty();
        }
    }
}

package org.urja.mdms.portal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.TestMail;
import org.urja.mdms.support.TestSms;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers of the portal tests, imported through the asset-master API with a unique mobile number and email, and
 * what the MDM sends them (one-time codes, login id and default password) read from the test SMS provider and the
 * in-process SMTP server — never from the database.
 */
final class PortalFixtures {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static final Pattern LOGIN = Pattern.compile("Login id: (C[0-9]{9})");
    private static final Pattern PASSWORD = Pattern.compile("Temporary password: ([A-Za-z0-9]{12})");

    record Consumer(String consumerNo, String name, String mobile, String email) {
        /** The mobile number as a consumer types it (10 digits). */
        String typedMobile() {
            return mobile.substring(3);
        }
    }

    record Credentials(String loginId, String password) {
    }

    private PortalFixtures() {
    }

    static String prefix(String p) {
        return Fixtures.unique(p).toUpperCase() + "-";
    }

    static String newMobile() {
        return "+9197" + (10_000_000 + (int) (Math.random() * 89_999_999));
    }

    /** Imports consumers {@code p}K1… with the given names, all with the same mobile number and email. */
    static List<Consumer> importConsumers(int port, String p, String mobile, String email, String... names) {
        StringBuilder csv = new StringBuilder("consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email\n");
        List<Consumer> out = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String no = p + "K" + (i + 1);
            csv.append("%s,%s,\"%d Gali %d, Shahdara, Delhi\",%d,DOM,%s,%s\n".formatted(no, names[i], 10 + i, 3 + i, 5 + i,
                    mobile == null ? "" : mobile, email == null ? "" : email));
            out.add(new Consumer(no, names[i], mobile, email));
        }
        Fixtures.importCsv(port, "consumers", csv.toString());
        return out;
    }

    static Consumer importConsumer(int port, String p, String name) {
        return importConsumers(port, p, newMobile(), p.toLowerCase() + "home@example.in", name).get(0);
    }

    /** The SMS texts sent to a number so far, waiting until there are at least {@code count}. */
    static List<String> smsTo(String mobile, int count) {
        return Eventually.await(Duration.ofSeconds(10), () -> TestSms.to(mobile), l -> l.size() >= count).stream()
                .map(s -> s.get("text").asString()).toList();
    }

    /** The bodies of the emails sent to an address so far, waiting until there are at least {@code count}. */
    static List<String> mailTo(String email, int count) {
        return Eventually.await(Duration.ofSeconds(10), () -> List.of(TestMail.get().getReceivedMessages()).stream()
                .filter(m -> to(m).equals(email)).map(PortalFixtures::body).toList(), l -> l.size() >= count);
    }

    /** The code in the {@code n}-th (1-based) SMS to the number. */
    static String codeFromSms(String mobile, int n) {
        return code(smsTo(mobile, n).get(n - 1));
    }

    static String codeFromMail(String email, int n) {
        return code(mailTo(email, n).get(n - 1));
    }

    static String code(String text) {
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    /** The login id and default password in a credentials message (UC15.4). */
    static Credentials credentials(String text) {
        Matcher l = LOGIN.matcher(text);
        Matcher p = PASSWORD.matcher(text);
        assertThat(l.find() && p.find()).as(text).isTrue();
        return new Credentials(l.group(1), p.group(1));
    }

    static String newPassword(Credentials c) {
        return "Bijli-" + c.password().substring(0, 4) + "-2026";
    }

    /**
     * Registers a consumer over HTTP as a browser does (form, code from the SMS, credentials from the email), signs in
     * and replaces the default password; returns the signed-in session and the login's credentials (new password).
     */
    static Signed registerAndSignIn(int port, Consumer c, int smsBefore, int mailBefore) {
        TestHttp web = TestHttp.browser(port);
        var started = web.postForm("/portal/register", Map.of("consumerNo", c.consumerNo(), "contact", c.typedMobile()),
                "/portal/register", true);
        assertThat(started.location()).as(started.body()).endsWith("/portal/register/code");
        String code = codeFromSms(c.mobile(), smsBefore + 1);
        var done = web.postForm("/portal/register/code", Map.of("code", code), "/portal/register/code", true);
        assertThat(done.location()).as(done.body()).endsWith("/portal/register/done");
        Credentials first = credentials(mailTo(c.email(), mailBefore + 1).get(mailBefore));
        var signedIn = signIn(web, first.loginId(), first.password());
        assertThat(signedIn.location()).endsWith("/portal/password");
        Credentials own = new Credentials(first.loginId(), newPassword(first));
        var changed = web.postForm("/portal/password", Map.of("currentPassword", first.password(),
                "newPassword", own.password(), "confirmPassword", own.password()), "/portal/password", true);
        assertThat(changed.location()).endsWith("/portal?passwordChanged");
        return new Signed(web, own);
    }

    record Signed(TestHttp web, Credentials credentials) {
    }

    static TestHttp.Response signIn(TestHttp web, String loginId, String password) {
        return web.postForm("/portal/login", Map.of("loginId", loginId, "password", password), "/portal/login", true);
    }

    private static String to(MimeMessage m) {
        try {
            return m.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MimeMessage m) {
        try {
            return m.getContent().toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.urja.mdms.care;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.openqa.selenium.JavascriptExecutor;
import org.urja.mdms.portal.ConsumerLoginAccounts;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/** Consumer logins for the care pages of the portal, signed in through Chromium or over HTTP as a browser does. */
final class PortalCareFixtures {

    record Login(String loginId, String password) {
    }

    private PortalCareFixtures() {
    }

    /** A login holding the consumer numbers, its own password already set (as after the first sign-in). */
    static Login login(ConsumerLoginAccounts logins, String... consumerNos) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String id = "C" + ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000);
            String password = "Bijli-" + id.substring(5) + "-2026";
            if (logins.createIfAbsent(id, List.of(consumerNos), password, false)) {
                return new Login(id, password);
            }
        }
        throw new IllegalStateException("no free login id");
    }

    /** Two supplied consumers ({@code p}A…, {@code p}B…) and a login holding only the first one's number. */
    record MineAndTheirs(CareFixtures.Consumer mine, CareFixtures.Consumer other, Login login) {
    }

    static MineAndTheirs mineAndTheirs(int port, ConsumerLoginAccounts logins, String p) {
        CareFixtures.Consumer mine = CareFixtures.supplied(port, p + "A");
        CareFixtures.Consumer other = CareFixtures.supplied(port, p + "B");
        return new MineAndTheirs(mine, other, login(logins, mine.consumerNo()));
    }

    static Browser signIn(Browser b, Login login) {
        b.go("/portal/login").fill("loginId", login.loginId()).fill("password", login.password()).click("#sign-in");
        b.waitForPath("/portal");
        return b;
    }

    static TestHttp signIn(int port, Login login) {
        TestHttp web = TestHttp.browser(port);
        var r = web.postForm("/portal/login", Map.of("loginId", login.loginId(), "password", login.password()),
                "/portal/login", true);
        assertThat(r.location()).as(r.body()).endsWith("/portal");
        return web;
    }

    /** Lets the form go to the server with empty required fields, to see the server's own refusals. */
    static void withoutBrowserChecks(Browser b) {
        ((JavascriptExecutor) b.driver()).executeScript(
                "document.querySelectorAll('form').forEach(function (f) { f.noValidate = true; });");
    }

    /** Sends the page's form twice at once, as a double tap does: once in the background, then as a navigation. */
    static void submitTwice(Browser b, String formId) {
        ((JavascriptExecutor) b.driver()).executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                var f = document.getElementById(arguments[0]);
                fetch(f.action, {method: 'POST', body: new FormData(f), redirect: 'manual'})
                  .then(function () { f.submit(); done(); });""", formId);
    }

    /** The id attribute selector (ids of detail fields hold a dot). */
    static String id(String id) {
        return "[id='" + id + "']";
    }
}

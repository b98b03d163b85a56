package org.urja.mdms.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.UrjaApplication;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal's per-address rate limits hold across application nodes: two more Urja servers (whole Spring Boot
 * applications on their own random ports, as a load balancer would see them) share the test database; sign-in and
 * one-time-code attempts spread over both are counted together, and a node started again still knows the count.
 */
@UrjaIntegrationTest
class RateLimitsAcrossNodesTests {

    /** Far longer than the test, so no window boundary (windows are aligned to their length) falls inside it. */
    private static final String WINDOW = "PT240H";
    private static final int SIGN_INS = 4;
    private static final int CODE_REQUESTS = 3;

    /** The nodes' current window (the shared server's windows are seconds long, so they are never this one). */
    private static final String THIS_WINDOW =
            "window_start = date_bin(interval '240 hours', now(), timestamptz '1970-01-01 00:00:00+00')";

    @Autowired
    DataSource dataSource;

    @Autowired
    Environment env;

    @Autowired
    JdbcClient jdbc;

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodesAndForgetTheirWindows() {
        nodes.forEach(ConfigurableApplicationContext::close);
        jdbc.sql("DELETE FROM portal_rate_window WHERE " + THIS_WINDOW).update();
    }

    @Test
    void uc16_1_signInAndCodeAttemptsSpreadOverTwoNodesAreLimitedTogetherAndARestartKeepsTheCount() throws Exception {
        jdbc.sql("DELETE FROM portal_rate_window WHERE " + THIS_WINDOW).update();
        int b = startNode();
        int c = startNode();
        TestHttp onB = TestHttp.browser(b);
        TestHttp onC = TestHttp.browser(c);

        // Sign-in attempts alternate between the nodes: 4 are let through in all (each a wrong password), not 4 each.
        for (int i = 0; i < SIGN_INS; i++) {
            var answer = PortalFixtures.signIn(i % 2 == 0 ? onB : onC, "C000000000", "not-this-one");
            assertThat(answer.status()).as("attempt %d", i + 1).isEqualTo(302);
            assertThat(answer.location()).endsWith("/portal/login?error");
        }
        for (TestHttp node : List.of(onB, onC)) {
            assertRefused(PortalFixtures.signIn(node, "C000000000", "not-this-one"));
        }
        assertThat(hits("sign-in")).isEqualTo(SIGN_INS + 2);

        // Requests for a code likewise: 3 in all, the 4th refused whichever node it reaches.
        for (int i = 0; i < CODE_REQUESTS; i++) {
            var answer = askForCode(i % 2 == 0 ? onC : onB);
            assertThat(answer.status()).as("code request %d", i + 1).isEqualTo(200);
        }
        assertRefused(askForCode(onB));
        assertThat(hits("code")).isEqualTo(CODE_REQUESTS + 1);

        // Node C restarts (a new application context on a new port): it still refuses, as does B.
        nodes.remove(1).close();
        int restarted = startNode();
        assertRefused(PortalFixtures.signIn(TestHttp.browser(restarted), "C000000000", "not-this-one"));
        assertRefused(askForCode(TestHttp.browser(restarted)));
        assertRefused(PortalFixtures.signIn(onB, "C000000000", "not-this-one"));
        assertThat(hits("sign-in")).isEqualTo(SIGN_INS + 4);
        assertThat(hits("code")).isEqualTo(CODE_REQUESTS + 2);
    }

    private static TestHttp.Response askForCode(TestHttp web) {
        return web.postForm("/portal/forgot", Map.of("consumerNo", "NO-SUCH-K", "contact", "+919000000000"),
                "/portal/forgot", true);
    }

    private static void assertRefused(TestHttp.Response answer) {
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.body()).contains("Too many attempts");
        long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 240L * 3600);
    }

    private int hits(String limit) {
        return jdbc.sql("SELECT coalesce(sum(hits), 0) FROM portal_rate_window WHERE limit_name = ? AND " + THIS_WINDOW)
                .param(limit).query(Integer.class).single();
    }

    /** Another Urja server against the same database, with the test profile and the same HES, SMS and mail. */
    private int startNode() throws java.sql.SQLException {
        HikariDataSource db = dataSource.unwrap(HikariDataSource.class);
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.getJdbcUrl(),
                "--spring.datasource.username=" + db.getUsername(),
                "--spring.datasource.password=" + (db.getPassword() == null ? "" : db.getPassword()),
                "--spring.datasource.hikari.maximum-pool-size=4",
                // events still in flight on the shared server are its to finish, not this node's to publish again
                "--spring.modulith.events.republish-outstanding-events-on-restart=false",
                "--urja.portal.rate-window=" + WINDOW,
                "--urja.portal.sign-ins-per-window=" + SIGN_INS,
                "--urja.portal.otp-requests-per-window=" + CODE_REQUESTS));
        for (String p : List.of("urja.hes.base-url", "spring.mail.port", "urja.notification.sms.url",
                "urja.notification.sms.api-key")) {
            args.add("--" + p + "=" + env.getRequiredProperty(p));
        }
        ConfigurableApplicationContext node = new SpringApplicationBuilder(UrjaApplication.class).profiles("test")
                .run(args.toArray(String[]::new));
        nodes.add(node);
        return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}

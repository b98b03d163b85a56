package org.urja.mdms.portal.internal;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The purge of ended rate-limit windows (the scheduled job every node runs): ended windows go, the current one stays,
 * and two nodes purging at once both finish (each claims rows the other has not locked) and leave no ended window.
 */
@UrjaIntegrationTest
class RateWindowsPurgeTests {

    @Autowired
    RateWindows windows;

    @Autowired
    JdbcClient jdbc;

    @Test
    void endedWindowsArePurgedByConcurrentNodesAndTheCurrentOneIsKept() {
        String key = "purge-test-" + System.nanoTime();
        // 12,000 ended windows (more than one purge batch) and the current one, counted by a request.
        jdbc.sql("""
                        INSERT INTO portal_rate_window (window_start, limit_name, client_key, hits)
                        SELECT now() - make_interval(mins => 10 + n), 'sign-in', ?, 3 FROM generate_series(1, 12000) n""")
                .param(key).update();
        assertThat(windows.take("sign-in", key, 1)).isZero();

        var first = CompletableFuture.supplyAsync(windows::purge);
        var second = CompletableFuture.supplyAsync(windows::purge);
        int purged = first.join() + second.join();

        assertThat(purged).isGreaterThanOrEqualTo(12_000);
        assertThat(jdbc.sql("SELECT count(*) FROM portal_rate_window WHERE window_start < now() - interval '10 minutes'")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT hits FROM portal_rate_window WHERE client_key = ?").param(key)
                .query(Integer.class).list()).containsExactly(1);
        // The current window still counts on: the next request is the second.
        assertThat(windows.take("sign-in", key, 1)).isPositive();
    }
}

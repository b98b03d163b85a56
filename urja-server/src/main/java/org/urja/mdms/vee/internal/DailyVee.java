package org.urja.mdms.vee.internal;

import java.time.Clock;
import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.urja.mdms.vee.MeterContext;

/**
 * Runs VEE for yesterday (IST) every morning, after the HES's daily collection and retries. The first node to claim
 * the day in {@code vee_daily_run} runs it; the others skip it. (An operator can re-run any day through the API.)
 */
@Component
class DailyVee {

    private static final Logger log = LoggerFactory.getLogger(DailyVee.class);
    private final VeeRunner runner;
    private final JdbcClient jdbc;
    private final Clock clock;

    DailyVee(VeeRunner runner, JdbcClient jdbc, Clock clock) {
        this.runner = runner;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(cron = "${urja.vee.daily-cron:0 0 7 * * *}", zone = "Asia/Kolkata")
    public void yesterday() {
        LocalDate day = LocalDate.now(clock.withZone(MeterContext.IST)).minusDays(1);
        if (jdbc.sql("INSERT INTO vee_daily_run (day) VALUES (?) ON CONFLICT (day) DO NOTHING").param(day).update() == 0) {
            return;
        }
        var run = runner.runDay(day, null);
        jdbc.sql("UPDATE vee_daily_run SET finished_at = now() WHERE day = ?").param(day).update();
        log.info("Daily VEE for {}: {} meters, {} slots estimated, {} gaps left, findings {}", day, run.meters(),
                run.estimatedSlots(), run.remainingGaps(), run.findings());
    }
}

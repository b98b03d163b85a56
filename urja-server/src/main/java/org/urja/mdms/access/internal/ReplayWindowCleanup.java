package org.urja.mdms.access.internal;

import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets accepted signatures once their timestamp can no longer pass the replay window. Idempotent, so it is
 * harmless when several application nodes run it.
 */
@Component
class ReplayWindowCleanup {

    private final JdbcClient jdbc;
    private final AccessProperties props;
    private final Clock clock;

    ReplayWindowCleanup(JdbcClient jdbc, AccessProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.props = props;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
    void forgetExpiredSignatures() {
        Duration keep = Duration.ofSeconds(props.hesReplayWindowSeconds() * 2);
        jdbc.sql("DELETE FROM integration_request_signature WHERE accepted_at < ?")
                .param(java.sql.Timestamp.from(clock.instant().minus(keep))).update();
    }
}

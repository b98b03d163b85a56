package org.urja.mdms.portal.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters of the portal's per-address rate limits, in PostgreSQL ({@code portal_rate_window}), so every
 * application node counts the same window and a restart forgets nothing. Windows are aligned to their length on the
 * database's clock (one clock for all nodes). Counting a request is one statement; ended windows are purged by every
 * node in turn, each claiming rows with SKIP LOCKED, so nodes never delete the same rows or wait on one another.
 */
@Component
class RateWindows {

    private static final Logger log = LoggerFactory.getLogger(RateWindows.class);
    private static final int PURGE_BATCH = 5_000;

    private final JdbcClient jdbc;
    private final PortalProperties props;

    RateWindows(JdbcClient jdbc, PortalProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    /**
     * Counts one request of {@code limit} from {@code key} in the current window; returns 0 when it is within
     * {@code max}, else the whole seconds until the window ends (at least 1).
     */
    long take(String limit, String key, int max) {
        long windowMillis = props.rateWindow().toMillis();
        Counted c = jdbc.sql("""
                        INSERT INTO portal_rate_window AS r (window_start, limit_name, client_key, hits)
                        VALUES (date_bin(? * interval '1 millisecond', statement_timestamp(), timestamptz '1970-01-01 00:00:00+00'), ?, ?, 1)
                        ON CONFLICT (window_start, limit_name, client_key) DO UPDATE SET hits = r.hits + 1
                        RETURNING r.hits,
                                  ceil(extract(epoch FROM r.window_start + ? * interval '1 millisecond' - statement_timestamp()))::bigint""")
                .params(windowMillis, limit, key, windowMillis)
                .query((rs, row) -> new Counted(rs.getInt(1), rs.getLong(2))).single();
        return c.hits() <= max ? 0 : Math.max(1, c.secondsLeft());
    }

    private record Counted(int hits, long secondsLeft) {
    }

    /** Deletes windows that have ended; returns how many. */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    int purge() {
        long windowMillis = props.rateWindow().toMillis();
        int total = 0;
        int deleted;
        try {
            do {
                deleted = jdbc.sql("""
                                DELETE FROM portal_rate_window WHERE ctid = ANY(ARRAY(
                                    SELECT ctid FROM portal_rate_window
                                    WHERE window_start < statement_timestamp() - ? * interval '1 millisecond'
                                    LIMIT ? FOR UPDATE SKIP LOCKED))""")
                        .params(windowMillis, PURGE_BATCH).update();
                total += deleted;
            } while (deleted == PURGE_BATCH);
        } catch (RuntimeException e) {
            log.warn("Purging ended portal rate-limit windows failed; tried again at the next run", e);
        }
        return total;
    }
}

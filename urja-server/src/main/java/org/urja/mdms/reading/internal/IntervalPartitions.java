package org.urja.mdms.reading.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps monthly partitions of {@code interval_day} from 13 months back to 2 months ahead. A month whose rows already
 * sit in the default partition is left there (logged). Idempotent, so every node may run it.
 */
@Component
class IntervalPartitions implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(IntervalPartitions.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    IntervalPartitions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Before anything can ingest (the schema is migrated before beans using the database are created). */
    @Override
    public void afterPropertiesSet() {
        ensure();
    }

    @Scheduled(cron = "0 17 3 * * *")
    public void ensure() {
        YearMonth now = YearMonth.from(LocalDate.now(clock));
        for (YearMonth m = now.minusMonths(13); !m.isAfter(now.plusMonths(2)); m = m.plusMonths(1)) {
            String name = "interval_day_" + m.getYear() + "_%02d".formatted(m.getMonthValue());
            boolean exists = jdbc.sql("SELECT to_regclass(?) IS NOT NULL").param(name).query(Boolean.class).single();
            if (exists) {
                continue;
            }
            LocalDate from = m.atDay(1);
            LocalDate to = m.plusMonths(1).atDay(1);
            boolean inDefault = jdbc.sql("SELECT EXISTS (SELECT 1 FROM interval_day_default WHERE day >= ? AND day < ?)")
                    .params(from, to).query(Boolean.class).single();
            if (inDefault) {
                log.warn("Interval data of {} is in the default partition; not creating {}", m, name);
                continue;
            }
            jdbc.sql("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF interval_day FOR VALUES FROM ('" + from
                    + "') TO ('" + to + "')").update();
        }
    }
}

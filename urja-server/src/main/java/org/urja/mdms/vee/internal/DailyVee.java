package org.urja.mdms.vee.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.MeterDay;
import org.urja.mdms.vee.MeterContext;

/**
 * Safety net behind VEE on arrival: every morning, yesterday's (IST) meter-days that have data but no VEE outcome —
 * e.g. queued by an event that was lost before this module existed, or an operator's database surgery — are queued.
 * The first node to claim the day in {@code vee_daily_run} does it; the others skip it.
 */
@Component
class DailyVee {

    private static final Logger log = LoggerFactory.getLogger(DailyVee.class);
    private final IntervalData data;
    private final VeeOnArrival queue;
    private final JdbcClient jdbc;
    private final Clock clock;

    DailyVee(IntervalData data, VeeOnArrival queue, JdbcClient jdbc, Clock clock) {
        this.data = data;
        this.queue = queue;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(cron = "${urja.vee.daily-cron:0 0 7 * * *}", zone = "Asia/Kolkata")
    public void yesterday() {
        LocalDate day = LocalDate.now(clock.withZone(MeterContext.IST)).minusDays(1);
        if (jdbc.sql("INSERT INTO vee_daily_run (day) VALUES (?) ON CONFLICT (day) DO NOTHING").param(day).update() == 0) {
            return;
        }
        Set<String> settled = new HashSet<>(jdbc.sql("SELECT meter_serial FROM vee_day WHERE day = ?").param(day)
                .query(String.class).list());
        List<MeterDay> missed = data.metersWithData(Channel.KWH_IMPORT, day).stream().filter(s -> !settled.contains(s))
                .map(s -> new MeterDay(s, day)).toList();
        queue.enqueue(missed);
        jdbc.sql("UPDATE vee_daily_run SET finished_at = now() WHERE day = ?").param(day).update();
        log.info("Daily VEE check for {}: {} meter-days with data but no VEE outcome queued", day, missed.size());
    }
}

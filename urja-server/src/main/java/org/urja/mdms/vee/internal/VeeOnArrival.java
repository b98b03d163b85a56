package org.urja.mdms.vee.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.reading.GapsUnrecovered;
import org.urja.mdms.reading.IntervalDataReceived;
import org.urja.mdms.reading.MeterDay;
import org.urja.mdms.vee.MeterContext;

/**
 * VEE on arrival: every meter-day whose data arrived is queued ({@code vee_pending}); a worker takes queued days that
 * are over (IST) and have been quiet for {@code urja.vee.settle} (so a day pushed in parts is validated once) in
 * batches, each batch claimed with FOR UPDATE SKIP LOCKED and validated in the same transaction — any number of nodes
 * can run it, a crash leaves the claim to be retried, and late data simply queues the day again (a revision).
 */
@Component
class VeeOnArrival {

    private static final Logger log = LoggerFactory.getLogger(VeeOnArrival.class);

    private final JdbcClient jdbc;
    private final VeeRunner runner;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration settle;

    VeeOnArrival(JdbcClient jdbc, VeeRunner runner, TransactionTemplate tx, Clock clock,
                 @Value("${urja.vee.settle:PT1M}") Duration settle) {
        this.jdbc = jdbc;
        this.runner = runner;
        this.tx = tx;
        this.clock = clock;
        this.settle = settle;
    }

    @ApplicationModuleListener
    void on(IntervalDataReceived event) {
        enqueue(event.meterDays());
    }

    /** Re-acquisition gave up: estimate those days now, including meters that sent nothing at all. */
    @ApplicationModuleListener
    void on(GapsUnrecovered event) {
        var run = runner.runDay(event.day(), event.meterSerialNos());
        log.info("VEE after re-acquisition gave up on {} meters of {}: {} slots estimated, {} still missing",
                event.meterSerialNos().size(), event.day(), run.estimatedSlots(), run.remainingGaps());
    }

    /** Queues meter-days for VEE (one statement); a day already queued keeps its place. */
    void enqueue(List<MeterDay> meterDays) {
        if (meterDays.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO vee_pending (meter_serial, day)
                        SELECT * FROM unnest(?::text[], ?::date[]) ORDER BY 1, 2
                        ON CONFLICT (meter_serial, day) DO NOTHING""")
                .params(meterDays.stream().map(MeterDay::meterSerialNo).toArray(String[]::new),
                        meterDays.stream().map(d -> java.sql.Date.valueOf(d.day())).toArray(java.sql.Date[]::new))
                .update();
    }

    @Scheduled(fixedDelayString = "${urja.vee.poll:PT2S}")
    public void drain() {
        int taken;
        do {
            taken = runOneBatch();
        } while (taken == VeeRunner.BATCH);
    }

    /** Claims up to one batch of settled meter-days and runs VEE on them in one transaction; returns how many. */
    int runOneBatch() {
        LocalDate today = LocalDate.now(clock.withZone(MeterContext.IST));
        Integer taken = tx.execute(s -> {
            List<MeterDay> claimed = jdbc.sql("""
                            DELETE FROM vee_pending WHERE (meter_serial, day) IN (
                                SELECT meter_serial, day FROM vee_pending
                                WHERE day < ? AND queued_at <= ?
                                ORDER BY day, meter_serial LIMIT ? FOR UPDATE SKIP LOCKED)
                            RETURNING meter_serial, day""")
                    .params(today, java.sql.Timestamp.from(clock.instant().minus(settle)), VeeRunner.BATCH)
                    .query((rs, i) -> new MeterDay(rs.getString(1), rs.getObject(2, LocalDate.class))).list();
            Map<LocalDate, List<String>> byDay = new LinkedHashMap<>();
            claimed.forEach(d -> byDay.computeIfAbsent(d.day(), k -> new ArrayList<>()).add(d.meterSerialNo()));
            byDay.forEach((day, serials) -> runner.runBatch(day, serials, false));
            return claimed.size();
        });
        if (taken != null && taken > 0) {
            log.debug("VEE on arrival: {} meter-days", taken);
        }
        return taken == null ? 0 : taken;
    }

    /** How many meter-days wait for VEE. */
    long pending() {
        return jdbc.sql("SELECT count(*) FROM vee_pending").query(Long.class).single();
    }
}

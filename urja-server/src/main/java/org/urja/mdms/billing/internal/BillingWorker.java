package org.urja.mdms.billing.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.hes.ReadRequestCompleted;
import org.urja.mdms.vee.DailyDataValidated;
import org.urja.mdms.vee.DaysValidated;

/**
 * Carries billing work on, on its own thread (a determinant run of a large group takes minutes, which must not hold up
 * the shared scheduler): collections due, determinant runs one chunk per transaction (the cycle's row locked with SKIP
 * LOCKED, its cursor saved, so nodes share the work and a crash resumes), and restatements queued by late data. Woken
 * by a request, by a read's outcome, by validated data touching issued determinants, and every {@code urja.billing.poll}.
 */
@Component
@EnableConfigurationProperties(BillingProperties.class)
class BillingWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BillingWorker.class);

    private final BillingCollection collection;
    private final Cycles cycles;
    private final BillingGroups groups;
    private final DeterminantService determinants;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final BillingProperties props;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "billing-worker");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();

    BillingWorker(BillingCollection collection, Cycles cycles, BillingGroups groups, DeterminantService determinants,
                  JdbcClient jdbc, TransactionTemplate tx, BillingProperties props) {
        this.collection = collection;
        this.cycles = cycles;
        this.groups = groups;
        this.determinants = determinants;
        this.jdbc = jdbc;
        this.tx = tx;
        this.props = props;
    }

    /** Runs the worker soon (at most one pass waits; a pass in progress is followed by one more). */
    void wake() {
        if (queued.compareAndSet(false, true)) {
            thread.execute(() -> {
                queued.set(false);
                try {
                    pass();
                } catch (RuntimeException e) {
                    log.error("Billing worker pass failed; next pass in {}", props.poll(), e);
                }
            });
        }
    }

    @Scheduled(fixedDelayString = "${urja.billing.poll:PT5S}")
    void poll() {
        wake();
    }

    private void pass() {
        for (Cycles.Cycle done : collection.work()) {
            collected(done);
        }
        while (tx.execute(s -> runStep())) {
            // one chunk per transaction
        }
        while (tx.execute(s -> restateStep())) {
            // one chunk per transaction
        }
    }

    /** A billing read request of ours is complete: apply its outcome now (in this listener's transaction). */
    @ApplicationModuleListener
    void on(ReadRequestCompleted e) {
        if (!BillingCollection.REQUESTER.equals(e.requestedBy())) {
            return;
        }
        collection.readCompleted(e).forEach(this::collected);
        wake();
    }

    /**
     * Validated data of days that issued determinants used, or that a running determinant run may be reading right
     * now (its chunk not yet committed): queued, so those determinants are computed again once the run is done.
     */
    @ApplicationModuleListener
    void on(DaysValidated e) {
        List<DailyDataValidated> days = e.days();
        int queuedNow = jdbc.sql("""
                        INSERT INTO billing_late_data (meter_serial_no, day)
                        SELECT d.s, d.day FROM (SELECT s, t::date AS day FROM unnest(?::text[], ?::text[]) AS u(s, t)) d
                        WHERE EXISTS (SELECT 1 FROM billing_determinant_meter m WHERE m.meter_serial_no = d.s
                                      AND d.day BETWEEN m.first_day AND m.last_day)
                           OR EXISTS (SELECT 1 FROM billing_cycle c WHERE c.determinants_state = 'RUNNING'
                                      AND d.day >= (c.period_start AT TIME ZONE 'Asia/Kolkata')::date
                                      AND d.day < (c.period_end AT TIME ZONE 'Asia/Kolkata')::date)
                        ON CONFLICT DO NOTHING""")
                .params(days.stream().map(DailyDataValidated::meterSerialNo).toArray(String[]::new),
                        days.stream().map(v -> v.day().toString()).toArray(String[]::new))
                .update();
        if (queuedNow > 0) {
            wake();
        }
    }

    private void collected(Cycles.Cycle c) {
        log.info("Billing-profile collection of {} {} complete", c.groupCode(), c.period());
        if (props.issueAfterCollection()) {
            tx.executeWithoutResult(s -> cycles.runDeterminants(c.groupCode(), c.period(), "collection-complete"));
            wake();
        }
    }

    /** The next chunk of a running determinant run; false when no run is waiting. */
    private boolean runStep() {
        Cycles.Cycle c = cycles.claimRunning().orElse(null);
        if (c == null) {
            return false;
        }
        List<String> chunk = groups.members(c.groupCode(), c.cursor(), props.chunkSize());
        if (chunk.isEmpty()) {
            cycles.runDone(c);
            log.info("Determinants of {} {}: {} issued, {} restated, {} unchanged", c.groupCode(), c.period(),
                    c.issued(), c.restated(), c.unchanged());
            return true;
        }
        DeterminantService.Outcome o = determinants.issue(c.asPeriod(), chunk);
        cycles.progress(c, chunk.get(chunk.size() - 1), o.issued(), o.restated(), o.unchanged());
        return true;
    }

    /**
     * Determinants that late data touches, computed again: a new version where the figures changed. A meter-day that
     * touches none is dropped, unless a run is still going (its chunk may not be committed yet): then it waits.
     */
    private boolean restateStep() {
        record Late(String meter, LocalDate day) {
        }
        List<Late> late = jdbc.sql("""
                        SELECT meter_serial_no, day FROM billing_late_data ORDER BY queued_at, meter_serial_no
                        LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(props.chunkSize())
                .query((rs, i) -> new Late(rs.getString(1), rs.getObject(2, LocalDate.class))).list();
        if (late.isEmpty()) {
            return false;
        }
        boolean running = jdbc.sql("SELECT EXISTS (SELECT 1 FROM billing_cycle WHERE determinants_state = 'RUNNING')")
                .query(Boolean.class).single();
        String[] meters = late.stream().map(Late::meter).toArray(String[]::new);
        String[] days = late.stream().map(l -> l.day().toString()).toArray(String[]::new);
        record Touched(String servicePoint, YearMonth period, String group) {
        }
        List<Touched> touched = jdbc.sql("""
                        SELECT DISTINCT m.service_point_code, m.period, d.group_code
                        FROM (SELECT s, t::date AS day FROM unnest(?::text[], ?::text[]) AS u(s, t)) l
                        JOIN billing_determinant_meter m ON m.meter_serial_no = l.s
                             AND l.day BETWEEN m.first_day AND m.last_day
                        JOIN billing_determinant d ON d.service_point_code = m.service_point_code
                             AND d.period = m.period AND d.current
                        ORDER BY m.period, m.service_point_code""")
                .params(meters, days)
                .query((rs, i) -> new Touched(rs.getString(1), YearMonth.from(rs.getObject(2, LocalDate.class)),
                        rs.getString(3)))
                .list();
        Map<List<Object>, List<String>> byCycle = new LinkedHashMap<>();
        touched.forEach(t -> byCycle.computeIfAbsent(List.of(t.group(), t.period()), k -> new ArrayList<>())
                .add(t.servicePoint()));
        byCycle.forEach((key, points) -> {
            Cycles.Cycle c = cycles.find((String) key.get(0), (YearMonth) key.get(1)).orElseThrow();
            DeterminantService.Outcome o = determinants.issue(c.asPeriod(), points);
            log.info("Late data for {} {}: {} determinants restated, {} unchanged", c.groupCode(), c.period(),
                    o.restated(), o.unchanged());
        });
        int deleted = jdbc.sql("""
                        DELETE FROM billing_late_data l USING (SELECT s, t::date AS day FROM unnest(?::text[], ?::text[])
                                                               AS u(s, t)) q
                        WHERE l.meter_serial_no = q.s AND l.day = q.day
                          AND (NOT ? OR EXISTS (SELECT 1 FROM billing_determinant_meter m
                                                WHERE m.meter_serial_no = q.s AND q.day BETWEEN m.first_day AND m.last_day))""")
                .params(meters, days, running)
                .update();
        return deleted > 0;
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}

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

    /** Validated data of days that issued determinants used: queue those determinants to be computed again. */
    @ApplicationModuleListener
    void on(DaysValidated e) {
        List<DailyDataValidated> days = e.days();
        int queuedNow = jdbc.sql("""
                        INSERT INTO billing_restatement (service_point_code, period, reason)
                        SELECT DISTINCT ON (m.service_point_code, m.period) m.service_point_code, m.period,
                               'data of meter ' || d.s || ' for ' || d.day || ' changed'
                        FROM (SELECT s, t::date AS day FROM unnest(?::text[], ?::text[]) AS u(s, t)) d
                        JOIN billing_determinant_meter m ON m.meter_serial_no = d.s
                             AND d.day BETWEEN m.first_day AND m.last_day
                        ORDER BY m.service_point_code, m.period, d.day
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

    /** Determinants queued by late data, computed again: a new version where the figures changed. */
    private boolean restateStep() {
        record Queued(String servicePoint, YearMonth period, String group) {
        }
        List<Queued> queue = jdbc.sql("""
                        SELECT r.service_point_code, r.period, d.group_code FROM billing_restatement r
                        JOIN billing_determinant d ON d.service_point_code = r.service_point_code
                             AND d.period = r.period AND d.current
                        ORDER BY r.period, r.service_point_code LIMIT ? FOR UPDATE OF r SKIP LOCKED""")
                .param(props.chunkSize())
                .query((rs, i) -> new Queued(rs.getString(1), YearMonth.from(rs.getObject(2, LocalDate.class)),
                        rs.getString(3)))
                .list();
        if (queue.isEmpty()) {
            return false;
        }
        Map<List<Object>, List<String>> byCycle = new LinkedHashMap<>();
        queue.forEach(q -> byCycle.computeIfAbsent(List.of(q.group(), q.period()), k -> new ArrayList<>())
                .add(q.servicePoint()));
        byCycle.forEach((key, points) -> {
            Cycles.Cycle c = cycles.find((String) key.get(0), (YearMonth) key.get(1)).orElseThrow();
            DeterminantService.Outcome o = determinants.issue(c.asPeriod(), points);
            log.info("Late data for {} {}: {} determinants restated, {} unchanged", c.groupCode(), c.period(),
                    o.restated(), o.unchanged());
        });
        jdbc.sql("""
                        DELETE FROM billing_restatement WHERE (service_point_code, period) IN
                            (SELECT s, t::date FROM unnest(?::text[], ?::text[]) AS u(s, t))""")
                .params(queue.stream().map(Queued::servicePoint).toArray(String[]::new),
                        queue.stream().map(q -> q.period().atDay(1).toString()).toArray(String[]::new))
                .update();
        return true;
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}

package org.urja.mdms.outage.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.Route;
import org.urja.mdms.event.DeviceEvent.State;
import org.urja.mdms.event.DeviceEventsRecorded;
import org.urja.mdms.network.MeterLocation;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.outage.OutageRestored;
import org.urja.mdms.outage.OutageScope;
import org.urja.mdms.outage.OutageStarted;
import org.urja.mdms.outage.Outages;

/**
 * Turns last gasps (101) and first breaths (102) into outages (UC7.2–7.3), in one transaction per message, one message
 * at a time per feeder:
 * <ol>
 *   <li>a first breath closes its meter's last gasp (the pair the event module made);</li>
 *   <li>a last gasp joins the open DT (or feeder) outage of its DT if it started within the window; otherwise the
 *       near-simultaneous last gasps of the DT — new ones and those of open meter outages there — that pass the
 *       grouping rule become one DT outage, absorbing those meter outages (MERGED); any other last gasp is a meter
 *       outage. DT outages of one feeder that pass the feeder rule become one feeder outage the same way;</li>
 *   <li>a first breath without a last gasp joins the open DT/feeder outage over its meter, or is recorded as a meter
 *       outage whose start is unknown;</li>
 *   <li>an outage whose meters are all back is RESTORED, ending at the last first breath.</li>
 * </ol>
 * A meter's new last gasp while it is still out means its first breath was lost: that outage no longer waits for it.
 * A consumer's report of no supply ({@link #reportedByConsumer}) joins what is open over the meter or opens a METER
 * outage whose meter row has no last gasp: the meter's first breath (or late last gasp) completes that row.
 */
@Component
@EnableConfigurationProperties(OutageProperties.class)
class OutageTracker {

    private static final Logger log = LoggerFactory.getLogger(OutageTracker.class);

    /** A last gasp with where its meter is. */
    private record Gasp(DeviceEvent event, MeterLocation at) {
        String meter() {
            return event.meterSerialNo();
        }

        Instant time() {
            return event.occurredAt();
        }

        String dt() {
            return at != null && at.nodeLevel() == NetworkLevel.DT ? at.nodeCode() : null;
        }

        String feeder() {
            return OutageTracker.feeder(at);
        }
    }

    /** A candidate of a DT group: a new last gasp, or the last gasp of a meter outage already open at the DT. */
    private record Candidate(Gasp fresh, Long meterOutageId, Instant time) {
    }

    private record Open(long id, Instant startedAt) {
    }

    private final JdbcClient jdbc;
    private final NetworkRegistry network;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final OutageGrouping rule;

    OutageTracker(JdbcClient jdbc, NetworkRegistry network, ApplicationEventPublisher events, Clock clock,
                  OutageProperties props) {
        this.jdbc = jdbc;
        this.network = network;
        this.events = events;
        this.clock = clock;
        this.rule = props.rule();
    }

    @ApplicationModuleListener
    void on(DeviceEventsRecorded recorded) {
        apply(recorded.events());
    }

    @Transactional
    void apply(List<DeviceEvent> recorded) {
        List<DeviceEvent> power = recorded.stream()
                .filter(e -> e.route() == Route.OUTAGE && e.kind() != Kind.SINGLE).toList();
        if (power.isEmpty()) {
            return;
        }
        Long[] ids = power.stream().map(DeviceEvent::id).toArray(Long[]::new);
        Set<Long> applied = new HashSet<>(jdbc.sql("""
                        SELECT last_gasp_event_id FROM outage_meter WHERE last_gasp_event_id = ANY(?)
                        UNION SELECT first_breath_event_id FROM outage_meter WHERE first_breath_event_id = ANY(?)""")
                .params(ids, ids).query(Long.class).list());
        power = power.stream().filter(e -> !applied.contains(e.id()))
                .sorted(Comparator.comparing(DeviceEvent::occurredAt).thenComparing(DeviceEvent::id)).toList();
        if (power.isEmpty()) {
            return; // delivered again after it was applied
        }
        Map<String, MeterLocation> where = network.locations(power.stream().map(DeviceEvent::meterSerialNo).toList());
        lock(power, where);
        Run run = new Run(clock.instant());

        // 1. First breaths of last gasps recorded before.
        List<DeviceEvent> breaths = new ArrayList<>();
        for (DeviceEvent r : power) {
            if (r.kind() == Kind.RESTORATION && !(r.state() == State.PAIRED && closeMeter(r, run))) {
                breaths.add(r);
            }
        }
        // 2. Last gasps: one whose first breath came first completes that record; the others are new.
        List<Gasp> fresh = new ArrayList<>();
        for (DeviceEvent g : power) {
            if (g.kind() != Kind.OCCURRENCE || g.state() == State.SUPERSEDED) {
                continue; // a superseded gasp is an earlier outage whose restoration was lost: nothing to follow
            }
            if (g.partnerId() != null && lateGasp(g)) {
                continue;
            }
            fresh.add(new Gasp(g, where.get(g.meterSerialNo())));
        }
        // 3. A meter gasping again while still out lost its first breath.
        if (!fresh.isEmpty()) {
            run.touched.addAll(jdbc.sql("""
                            UPDATE outage_meter om SET restoration_missing = TRUE
                            FROM unnest(?::text[], ?::text[]) AS u(m, t)
                            WHERE om.meter_serial = u.m AND om.first_breath_at IS NULL AND NOT om.restoration_missing
                              AND om.last_gasp_at < u.t::timestamptz
                            RETURNING om.outage_id""")
                    .params(fresh.stream().map(Gasp::meter).toArray(String[]::new),
                            fresh.stream().map(g -> g.time().toString()).toArray(String[]::new))
                    .query(Long.class).list());
        }
        // 3b. The last gasp of a meter whose outage a consumer reported first (it came late): that outage's.
        fresh.removeIf(g -> reportedGasp(g, run));
        // 4. New last gasps: grouped per DT, then DT outages per feeder.
        TreeMap<String, List<Gasp>> byDt = new TreeMap<>();
        for (Gasp g : fresh) {
            if (g.dt() != null) {
                byDt.computeIfAbsent(g.dt(), k -> new ArrayList<>()).add(g);
            } else {
                meterOutage(g, run);
            }
        }
        Set<String> feedersWithNewDtOutages = new TreeSet<>();
        byDt.forEach((dt, gasps) -> {
            if (groupAtDt(dt, gasps, run)) {
                feedersWithNewDtOutages.add(gasps.get(0).feeder());
            }
        });
        feedersWithNewDtOutages.stream().filter(f -> f != null).forEach(f -> groupAtFeeder(f, run));
        // 5. First breaths without a recorded last gasp.
        for (DeviceEvent r : breaths) {
            if (jdbc.sql("SELECT count(*) FROM outage_meter WHERE first_breath_event_id = ? OR last_gasp_event_id = ?")
                    .params(r.id(), r.partnerId()).query(Long.class).single() == 0) {
                orphanBreath(r, where.get(r.meterSerialNo()), run);
            }
        }
        // 6. Outages whose meters are all back.
        Set<Long> check = new LinkedHashSet<>(run.created);
        check.addAll(run.touched);
        for (long id : check) {
            closeIfRestored(id, run);
        }
        publish(run);
    }

    /** What one message changed, for what is published at the end. */
    private static final class Run {
        final Instant now;
        final List<Long> created = new ArrayList<>();
        final Set<Long> orphans = new HashSet<>();
        final Set<Long> touched = new LinkedHashSet<>();
        final List<Long> restored = new ArrayList<>();

        Run(Instant now) {
            this.now = now;
        }
    }

    /** Sets the first breath on the meter record of its paired last gasp; false if that gasp was never recorded. */
    private boolean closeMeter(DeviceEvent breath, Run run) {
        Optional<Long> outage = jdbc.sql("""
                        UPDATE outage_meter SET first_breath_at = ?, first_breath_event_id = ?
                        WHERE last_gasp_event_id = ? AND first_breath_at IS NULL RETURNING outage_id""")
                .params(ts(breath.occurredAt()), breath.id(), breath.partnerId()).query(Long.class).optional();
        outage.ifPresent(run.touched::add);
        return outage.isPresent();
    }

    /** A last gasp arriving after its first breath: completes the record the first breath made. */
    private boolean lateGasp(DeviceEvent gasp) {
        Optional<Long> outage = jdbc.sql("""
                        UPDATE outage_meter SET last_gasp_at = ?, last_gasp_event_id = ?
                        WHERE first_breath_event_id = ? AND last_gasp_event_id IS NULL RETURNING outage_id""")
                .params(ts(gasp.occurredAt()), gasp.id(), gasp.partnerId()).query(Long.class).optional();
        outage.ifPresent(id -> jdbc.sql("""
                        UPDATE outage SET started_at = ? WHERE id = ? AND (started_at IS NULL OR started_at > ?)""")
                .params(ts(gasp.occurredAt()), id, ts(gasp.occurredAt())).update());
        return outage.isPresent();
    }

    /** Groups a DT's new last gasps; true if a new DT outage was made. */
    private boolean groupAtDt(String dt, List<Gasp> gasps, Run run) {
        List<Gasp> rest = new ArrayList<>(gasps);
        Gasp any = gasps.get(0);
        for (Open open : open(OutageScope.DT, dt).stream().toList()) {
            rest.removeIf(g -> within(g.time(), open.startedAt()) && addMeter(open.id(), g, run));
        }
        if (!rest.isEmpty() && any.feeder() != null) {
            for (Open open : open(OutageScope.FEEDER, any.feeder()).stream().toList()) {
                rest.removeIf(g -> within(g.time(), open.startedAt()) && addMeter(open.id(), g, run));
            }
        }
        if (rest.isEmpty()) {
            return false;
        }
        List<Candidate> candidates = new ArrayList<>(jdbc.sql("""
                        SELECT o.id, om.last_gasp_at FROM outage o JOIN outage_meter om ON om.outage_id = o.id
                        WHERE o.status = 'OPEN' AND o.scope = 'METER' AND o.node_code = ? AND om.last_gasp_at IS NOT NULL
                          AND om.first_breath_at IS NULL AND NOT om.restoration_missing""")
                .param(dt).query((rs, i) -> new Candidate(null, rs.getLong(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant())).list());
        rest.forEach(g -> candidates.add(new Candidate(g, null, g.time())));
        List<Candidate> cluster = rule.largestCluster(candidates, Candidate::time);
        boolean made = false;
        if (cluster.stream().anyMatch(c -> c.fresh() != null) && rule.dtOutage(cluster.size(), any.at().consumerMetersAtNode())) {
            long id = createOutage(OutageScope.DT, dt, any.feeder(), null, cluster.get(0).time(), run);
            for (Candidate c : cluster) {
                if (c.fresh() != null) {
                    addMeter(id, c.fresh(), run);
                    rest.remove(c.fresh());
                } else {
                    merge(c.meterOutageId(), id);
                }
            }
            log.info("Outage {}: {} near-simultaneous last gasps under DT {} (from {})", id, cluster.size(), dt,
                    cluster.get(0).time());
            made = true;
        }
        rest.forEach(g -> meterOutage(g, run));
        return made;
    }

    /** DT outages of a feeder starting within the window of each other that pass the feeder rule: a feeder outage. */
    private void groupAtFeeder(String feeder, Run run) {
        List<Open> dts = jdbc.sql("SELECT id, started_at FROM outage WHERE status = 'OPEN' AND scope = 'DT' AND feeder_code = ?")
                .param(feeder).query((rs, i) -> new Open(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
        List<Open> cluster = rule.largestCluster(dts, Open::startedAt);
        if (!rule.feederOutage(cluster.size())) {
            return;
        }
        long id = createOutage(OutageScope.FEEDER, feeder, feeder, null, cluster.get(0).startedAt(), run);
        cluster.forEach(o -> merge(o.id(), id));
        log.info("Outage {}: {} DTs of feeder {} down together (from {})", id, cluster.size(), feeder,
                cluster.get(0).startedAt());
    }

    private void meterOutage(Gasp g, Run run) {
        long id = createOutage(OutageScope.METER, g.at() == null ? null : g.at().nodeCode(), g.feeder(), g.meter(),
                g.time(), run);
        addMeter(id, g, run);
    }

    /**
     * A first breath whose last gasp never arrived: the end of an outage a consumer reported for the meter, part of the
     * open outage over its DT/feeder, or a meter outage.
     */
    private void orphanBreath(DeviceEvent r, MeterLocation at, Run run) {
        Optional<Long> reported = jdbc.sql("""
                        UPDATE outage_meter om SET first_breath_at = ?, first_breath_event_id = ?
                        FROM outage o
                        WHERE o.id = om.outage_id AND o.status = 'OPEN' AND o.source = 'CONSUMER_REPORT'
                          AND om.meter_serial = ? AND om.last_gasp_event_id IS NULL AND om.first_breath_at IS NULL
                          AND NOT om.restoration_missing AND om.live_by_ping_at IS NULL AND o.started_at <= ?
                        RETURNING om.outage_id""")
                .params(ts(r.occurredAt()), r.id(), r.meterSerialNo(), ts(r.occurredAt())).query(Long.class).optional();
        if (reported.isPresent()) {
            run.touched.add(reported.get());
            return;
        }
        Optional<Open> over = Optional.empty();
        if (at != null && at.nodeLevel() == NetworkLevel.DT) {
            over = open(OutageScope.DT, at.nodeCode()).stream().filter(o -> !o.startedAt().isAfter(r.occurredAt()))
                    .findFirst();
        }
        if (over.isEmpty() && feeder(at) != null) {
            over = open(OutageScope.FEEDER, feeder(at)).stream()
                    .filter(o -> !o.startedAt().isAfter(r.occurredAt())).findFirst();
        }
        long id;
        if (over.isPresent()) {
            id = over.get().id();
        } else {
            id = createOutage(OutageScope.METER, at == null ? null : at.nodeCode(), feeder(at), r.meterSerialNo(), null,
                    run);
            run.orphans.add(id);
        }
        jdbc.sql("""
                        INSERT INTO outage_meter (outage_id, meter_serial, dt_code, feeder_code, consumer_no,
                            first_breath_at, first_breath_event_id) VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, r.meterSerialNo(), at != null && at.nodeLevel() == NetworkLevel.DT ? at.nodeCode() : null,
                        feeder(at), at == null ? null : at.consumerNo(), ts(r.occurredAt()), r.id())
                .update();
        run.touched.add(id);
    }

    /** A last gasp for the meter row of an outage a consumer reported (no last gasp yet); false if there is none. */
    private boolean reportedGasp(Gasp g, Run run) {
        DeviceEvent e = g.event();
        boolean restored = e.state() == State.RESTORED;
        Optional<Long> outage = jdbc.sql("""
                        UPDATE outage_meter om SET last_gasp_at = ?, last_gasp_event_id = ?,
                            first_breath_at = ?, first_breath_event_id = ?
                        FROM outage o
                        WHERE o.id = om.outage_id AND o.status = 'OPEN' AND o.source = 'CONSUMER_REPORT'
                          AND om.meter_serial = ? AND om.last_gasp_event_id IS NULL AND om.first_breath_at IS NULL
                          AND NOT om.restoration_missing AND om.live_by_ping_at IS NULL
                        RETURNING om.outage_id""")
                .params(ts(g.time()), e.id(), restored ? ts(e.partnerAt()) : null, restored ? e.partnerId() : null,
                        g.meter())
                .query(Long.class).optional();
        outage.ifPresent(id -> {
            jdbc.sql("UPDATE outage SET started_at = ? WHERE id = ? AND started_at > ?")
                    .params(ts(g.time()), id, ts(g.time())).update();
            run.touched.add(id);
        });
        return outage.isPresent();
    }

    /**
     * A consumer reports no supply (see {@link Outages}): joins the outage the meter is out in, or the open DT or
     * feeder outage over it, else opens a METER outage from the report; in one transaction under the lock a message
     * about the meter takes, once per reference.
     */
    @Transactional
    Optional<Outages.Reported> reportedByConsumer(Outages.ConsumerReport r) {
        Optional<Outages.Reported> earlier = reported(r.reference());
        if (earlier.isPresent()) {
            return earlier;
        }
        String meter = r.meterSerialNo();
        MeterLocation at = network.locations(List.of(meter)).get(meter);
        if (at == null) {
            return Optional.empty();
        }
        String f = feeder(at);
        lockKeys(Set.of(f != null ? "feeder|" + f : "meter|" + meter));
        earlier = reported(r.reference());
        if (earlier.isPresent()) {
            return earlier; // the same report, concurrently
        }
        Run run = new Run(clock.instant());
        String dt = at.nodeLevel() == NetworkLevel.DT ? at.nodeCode() : null;
        Optional<Long> outage = jdbc.sql("""
                        SELECT om.outage_id FROM outage_meter om JOIN outage o ON o.id = om.outage_id
                        WHERE om.meter_serial = ? AND o.status = 'OPEN' AND om.first_breath_at IS NULL
                          AND NOT om.restoration_missing AND om.live_by_ping_at IS NULL
                        ORDER BY om.outage_id DESC LIMIT 1""")
                .param(meter).query(Long.class).optional();
        if (outage.isEmpty() && dt != null) {
            outage = open(OutageScope.DT, dt).stream().map(Open::id).findFirst();
        }
        if (outage.isEmpty() && f != null) {
            outage = open(OutageScope.FEEDER, f).stream().map(Open::id).findFirst();
        }
        boolean opened = outage.isEmpty();
        long id;
        if (opened) {
            id = createOutage(OutageScope.METER, at.nodeCode(), f, meter, r.reportedAt(), "CONSUMER_REPORT", run);
            jdbc.sql("""
                            INSERT INTO outage_meter (outage_id, meter_serial, dt_code, feeder_code, consumer_no)
                            VALUES (?, ?, ?, ?, ?)""")
                    .params(id, meter, dt, f, at.consumerNo()).update();
            log.info("Outage {}: opened by a consumer's report ({}) for meter {}", id, r.reference(), meter);
        } else {
            id = outage.get();
        }
        jdbc.sql("""
                        INSERT INTO outage_report (outage_id, reference, consumer_no, meter_serial, reported_at, opened,
                                                   note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, r.reference(), r.consumerNo(), meter, ts(r.reportedAt()), opened, r.note(), ts(run.now))
                .update();
        publish(run);
        return Optional.of(new Outages.Reported(id, opened));
    }

    private Optional<Outages.Reported> reported(String reference) {
        return jdbc.sql("SELECT outage_id, opened FROM outage_report WHERE reference = ?").param(reference)
                .query((rs, i) -> new Outages.Reported(rs.getLong(1), rs.getBoolean(2))).optional();
    }

    private long createOutage(OutageScope scope, String node, String feeder, String meter, Instant startedAt, Run run) {
        return createOutage(scope, node, feeder, meter, startedAt, "METER_EVENTS", run);
    }

    private long createOutage(OutageScope scope, String node, String feeder, String meter, Instant startedAt,
                              String source, Run run) {
        long id = jdbc.sql("""
                        INSERT INTO outage (scope, node_code, feeder_code, meter_serial, status, started_at, detected_at,
                                            source)
                        VALUES (?, ?, ?, ?, 'OPEN', ?, ?, ?) RETURNING id""")
                .params(scope.name(), node, feeder, meter, ts(startedAt), ts(run.now), source).query(Long.class).single();
        run.created.add(id);
        return id;
    }

    /** Adds a meter's last gasp (with its first breath if that is already known) to an outage. Always true. */
    private boolean addMeter(long outageId, Gasp g, Run run) {
        DeviceEvent e = g.event();
        boolean restored = e.state() == State.RESTORED;
        jdbc.sql("""
                        INSERT INTO outage_meter (outage_id, meter_serial, dt_code, feeder_code, consumer_no, last_gasp_at,
                            last_gasp_event_id, first_breath_at, first_breath_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(outageId, g.meter(), g.dt(), g.feeder(), g.at() == null ? null : g.at().consumerNo(),
                        ts(g.time()), e.id(), restored ? ts(e.partnerAt()) : null, restored ? e.partnerId() : null)
                .update();
        jdbc.sql("UPDATE outage SET started_at = ? WHERE id = ? AND started_at > ?")
                .params(ts(g.time()), outageId, ts(g.time())).update();
        run.touched.add(outageId);
        return true;
    }

    private void merge(long from, long into) {
        jdbc.sql("UPDATE outage_meter SET outage_id = ? WHERE outage_id = ?").params(into, from).update();
        jdbc.sql("UPDATE outage SET status = 'MERGED', merged_into = ? WHERE id = ?").params(into, from).update();
        jdbc.sql("UPDATE outage_report SET outage_id = ? WHERE outage_id = ?").params(into, from).update();
    }

    /**
     * Meters of an open outage that answered a ping (UC7.5): live again though their first breath never came. The
     * outage is RESTORED once all its meters are back (restored_by PING if a ping brought any of them back).
     */
    @Transactional
    void liveByPing(long outageId, List<String> meters, Instant answeredAt) {
        // The same locks as a message about these meters takes (see lock).
        jdbc.sql("""
                        SELECT count(pg_advisory_xact_lock(k)) FROM (
                            SELECT DISTINCT hashtextextended('outage|' || CASE WHEN feeder_code IS NOT NULL
                                THEN 'feeder|' || feeder_code ELSE 'meter|' || meter_serial END, 0) AS k
                            FROM outage_meter WHERE outage_id = ? ORDER BY 1) x""")
                .param(outageId).query(Long.class).single();
        Run run = new Run(clock.instant());
        int live = jdbc.sql("""
                        UPDATE outage_meter SET live_by_ping_at = ?
                        WHERE outage_id = ? AND meter_serial = ANY(?::text[]) AND first_breath_at IS NULL
                          AND NOT restoration_missing AND live_by_ping_at IS NULL""")
                .params(ts(answeredAt), outageId, meters.toArray(String[]::new)).update();
        if (live > 0) {
            closeIfRestored(outageId, run);
            publish(run);
        }
    }

    private void closeIfRestored(long id, Run run) {
        int closed = jdbc.sql("""
                        UPDATE outage o SET status = 'RESTORED', restored_detected_at = ?,
                            ended_at = (SELECT max(coalesce(first_breath_at, live_by_ping_at)) FROM outage_meter
                                        WHERE outage_id = o.id),
                            restored_by = CASE WHEN EXISTS (SELECT 1 FROM outage_meter WHERE outage_id = o.id
                                                   AND first_breath_at IS NULL AND live_by_ping_at IS NOT NULL)
                                               THEN 'PING' ELSE 'FIRST_BREATH' END
                        WHERE o.id = ? AND o.status = 'OPEN'
                          AND EXISTS (SELECT 1 FROM outage_meter WHERE outage_id = o.id)
                          AND NOT EXISTS (SELECT 1 FROM outage_meter WHERE outage_id = o.id
                                          AND first_breath_at IS NULL AND NOT restoration_missing
                                          AND live_by_ping_at IS NULL)""")
                .params(ts(run.now), id).update();
        if (closed > 0) {
            run.restored.add(id);
        }
    }

    private void publish(Run run) {
        for (long id : run.created) {
            if (run.orphans.contains(id)) {
                continue; // never known to be out while it was
            }
            var o = OutageQueries.header(jdbc, id);
            if (o.status().equals("MERGED")) {
                continue;
            }
            List<Long> superseded = jdbc.sql("""
                            WITH RECURSIVE m AS (SELECT id FROM outage WHERE merged_into = ?
                                                 UNION ALL SELECT x.id FROM outage x JOIN m ON x.merged_into = m.id)
                            SELECT id FROM m ORDER BY id""").param(id).query(Long.class).list();
            var meters = OutageQueries.meters(jdbc, id);
            events.publishEvent(new OutageStarted(id, o.scope(), o.nodeCode(), o.feederCode(), o.startedAt(),
                    meters.stream().map(OutageQueries.MeterView::meterSerialNo).toList(),
                    meters.stream().map(OutageQueries.MeterView::consumerNo).filter(c -> c != null).distinct().toList(),
                    superseded, run.now));
        }
        for (long id : run.restored) {
            var o = OutageQueries.header(jdbc, id);
            var meters = OutageQueries.meters(jdbc, id);
            events.publishEvent(new OutageRestored(id, o.scope(), o.nodeCode(), o.feederCode(), o.startedAt(),
                    o.endedAt(), meters.stream().map(OutageQueries.MeterView::meterSerialNo).toList(),
                    meters.stream().map(OutageQueries.MeterView::consumerNo).filter(c -> c != null).distinct().toList()));
        }
    }

    private List<Open> open(OutageScope scope, String node) {
        return jdbc.sql("""
                        SELECT id, started_at FROM outage WHERE status = 'OPEN' AND scope = ? AND node_code = ?
                          AND started_at IS NOT NULL ORDER BY started_at DESC""")
                .params(scope.name(), node)
                .query((rs, i) -> new Open(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant())).list();
    }

    private boolean within(Instant t, Instant startedAt) {
        return Duration.between(startedAt, t).abs().compareTo(rule.window()) <= 0;
    }

    /** One message at a time per feeder (per meter for meters outside the registry), in a fixed order. */
    private void lock(List<DeviceEvent> power, Map<String, MeterLocation> where) {
        Set<String> keys = new TreeSet<>();
        for (DeviceEvent e : power) {
            String f = feeder(where.get(e.meterSerialNo()));
            keys.add(f != null ? "feeder|" + f : "meter|" + e.meterSerialNo());
        }
        lockKeys(keys);
    }

    private void lockKeys(Set<String> keys) {
        jdbc.sql("""
                        SELECT count(pg_advisory_xact_lock(k)) FROM (
                            SELECT DISTINCT hashtextextended('outage|' || s, 0) AS k FROM unnest(?::text[]) s ORDER BY 1) x""")
                .param(keys.toArray(String[]::new)).query(Long.class).single();
    }

    /** The feeder over a meter: a DT's parent, or the node itself for a feeder meter. */
    static String feeder(MeterLocation at) {
        if (at == null) {
            return null;
        }
        return switch (at.nodeLevel()) {
            case DT -> at.parentCode();
            case FEEDER -> at.nodeCode();
            default -> null;
        };
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}

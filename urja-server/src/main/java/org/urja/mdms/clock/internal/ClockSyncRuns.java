package org.urja.mdms.clock.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.GroupRequest;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.network.Dcu;
import org.urja.mdms.network.MeterGroup;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;

/**
 * Synchronisation runs (UC10.1): every DCU in service gets a TIME_SYNC through the HES contract, and every placed meter
 * one through the command service, one group command per DCU and per DT (meters without a DCU) — never one giant
 * request — over the whole network or the part under a node. A run is a row of {@code clock_sync_run}: the cron ({@code urja.clock.sync-cron}) inserts the run of its slot
 * (the slot is unique, so when several nodes fire, one row results), staff insert one per idempotency key. Runs are
 * worked on one background thread per node, claimed with SKIP LOCKED; a run whose node went silent is taken over, and
 * every request of a run carries a key made of the run and its DCU or group, so nothing is sent twice.
 */
@Component
class ClockSyncRuns {

    private static final Logger log = LoggerFactory.getLogger(ClockSyncRuns.class);
    private static final int PAGE = 200;

    /** A run (of the network under {@code nodeCode}, or all of it) and what it did. */
    record Run(long id, String slot, String trigger, String nodeCode, String requestedBy, Instant requestedAt,
               String status, Instant startedAt, Instant finishedAt, int dcus, int meterGroups, int meters, int failed) {
    }

    /** What a run did for one DCU's clock, or for one group of meters. */
    record Item(String target, String dcuCode, String nodeCode, int meters, Long commandGroupId,
                String hesCorrelationId, String status, String reason) {
    }

    private final JdbcClient jdbc;
    private final NetworkRegistry network;
    private final Commands commands;
    private final DcuClocks dcuClocks;
    private final ClockProperties props;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "clock-sync-run");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean working = new AtomicBoolean();

    ClockSyncRuns(JdbcClient jdbc, NetworkRegistry network, Commands commands, DcuClocks dcuClocks,
                  ClockProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.network = network;
        this.commands = commands;
        this.dcuClocks = dcuClocks;
        this.props = props;
        this.clock = clock;
    }

    @Scheduled(cron = "${urja.clock.sync-cron:0 0 2 * * *}", zone = "${urja.clock.zone:Asia/Kolkata}")
    void scheduled() {
        schedule(clock.instant());
    }

    /**
     * Records the scheduled run of the slot (minute) {@code firedAt} falls in, unless a node already did, and works it;
     * it covers the network under {@code urja.clock.sync-node}, or all of it.
     */
    Run schedule(Instant firedAt) {
        String slot = "scheduled:" + firedAt.atZone(props.zone()).truncatedTo(ChronoUnit.MINUTES).toOffsetDateTime();
        jdbc.sql("""
                        INSERT INTO clock_sync_run (slot, trigger, node_code, requested_by)
                        VALUES (?, 'SCHEDULED', ?, 'system:clock') ON CONFLICT DO NOTHING""")
                .params(slot, props.syncNode()).update();
        wake();
        return bySlot(slot).orElseThrow();
    }

    /**
     * A run asked for by staff, of the network under {@code nodeCode} (null: all of it): the same user and key again
     * returns the first run ({@code duplicate}); the same key for another node is a conflict.
     */
    Commands.Submitted<Run> request(String username, String key, String nodeCode) {
        if (key == null || key.isBlank() || key.length() > 100) {
            throw ApiProblem.badRequest("Idempotency-Key", "Idempotency-Key is required (at most 100 characters): "
                    + "a key unique to this request, the same on a retry");
        }
        String slot = "manual:" + username + ":" + key;
        Optional<Run> earlier = bySlot(slot);
        if (earlier.isEmpty() && nodeCode != null && network.node(nodeCode).isEmpty()) {
            throw ApiProblem.invalid("nodeCode", "No network node " + nodeCode);
        }
        boolean created = earlier.isEmpty() && jdbc.sql("""
                        INSERT INTO clock_sync_run (slot, trigger, node_code, requested_by)
                        VALUES (?, 'MANUAL', ?, ?) ON CONFLICT DO NOTHING""")
                .params(slot, nodeCode, "staff:" + username).update() == 1;
        Run run = bySlot(slot).orElseThrow();
        if (!java.util.Objects.equals(run.nodeCode(), nodeCode)) {
            throw ApiProblem.conflict("Idempotency-Key", "Idempotency key " + key + " was already used for run "
                    + run.id() + (run.nodeCode() == null ? " of the whole network" : " under " + run.nodeCode()));
        }
        wake();
        return new Commands.Submitted<>(run, !created);
    }

    @Scheduled(fixedDelayString = "${urja.clock.run-poll:PT10S}")
    void poll() {
        wake();
    }

    /** Works the waiting runs on this node's run thread, unless it is busy (it looks again before it stops). */
    void wake() {
        if (working.compareAndSet(false, true)) {
            worker.execute(() -> {
                try {
                    for (Optional<Run> run = claim(); run.isPresent(); run = claim()) {
                        execute(run.get());
                    }
                } catch (RuntimeException e) {
                    log.warn("Clock synchronisation run failed; retried on the next poll", e);
                } finally {
                    working.set(false);
                }
            });
        }
    }

    /** A waiting run, or one whose node went silent, now RUNNING here. */
    private Optional<Run> claim() {
        Instant now = clock.instant();
        return jdbc.sql("""
                        UPDATE clock_sync_run SET status = 'RUNNING', started_at = coalesce(started_at, ?), heartbeat_at = ?
                        WHERE id = (SELECT id FROM clock_sync_run
                                    WHERE status = 'PENDING' OR status = 'RUNNING' AND heartbeat_at < ?
                                    ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING slot""")
                .params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.minus(props.runStaleAfter())))
                .query(String.class).optional().flatMap(this::bySlot);
    }

    private void execute(Run run) {
        log.info("Clock synchronisation run {} ({}) started", run.id(), run.slot());
        if ("SCHEDULED".equals(run.trigger())) {
            forgetOldReadings();
        }
        if (run.nodeCode() != null) {
            network.dcusUnder(run.nodeCode()).stream().filter(Dcu::active).forEach(d -> syncDcu(run, d));
        } else {
            for (int offset = 0; ; offset += PAGE) {
                List<Dcu> page = network.dcus(PAGE, offset);
                page.stream().filter(Dcu::active).forEach(d -> syncDcu(run, d));
                if (page.size() < PAGE) {
                    break;
                }
            }
        }
        String after = null;
        while (true) {
            List<MeterGroup> page = network.meterGroups(run.nodeCode(), after, PAGE);
            for (MeterGroup g : page) {
                syncMeters(run, g);
                after = g.key();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        jdbc.sql("UPDATE clock_sync_run SET status = 'DONE', finished_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), run.id()).update();
        Run done = find(run.id()).orElseThrow();
        log.info("Clock synchronisation run {} done: {} DCUs, {} meters in {} groups, {} failed", run.id(), done.dcus(),
                done.meters(), done.meterGroups(), done.failed());
    }

    private void syncDcu(Run run, Dcu dcu) {
        String target = "dcu:" + dcu.code();
        try {
            OutboundRequest r = dcuClocks.sync(dcu.code(), "clock-run:" + run.id() + ":" + target);
            item(run, target, dcu.code(), dcu.dtCode(), 0, null, r.correlationId(), r.status(), r.statusReason());
        } catch (RuntimeException e) {
            log.warn("Run {}: DCU {} not synchronised: {}", run.id(), dcu.code(), e.toString());
            item(run, target, dcu.code(), dcu.dtCode(), 0, null, null, "FAILED", e.getMessage());
        }
    }

    private void syncMeters(Run run, MeterGroup g) {
        String target = "meters:" + g.key();
        String reason = "scheduled time synchronisation (run " + run.id() + ", "
                + (g.dcuCode() != null ? "DCU " + g.dcuCode() : "node " + g.nodeCode()) + ")";
        try {
            var group = commands.submitGroup(new GroupRequest(g.meterSerialNos(), null, ControlType.TIME_SYNC, Map.of(),
                    reason, ClockObservations.REQUESTER, "clock-run:" + run.id() + ":" + target)).value();
            item(run, target, g.dcuCode(), g.nodeCode(), g.meterSerialNos().size(), group.id(), null, "SUBMITTED", null);
        } catch (RuntimeException e) {
            log.warn("Run {}: meters of {} not synchronised: {}", run.id(), g.key(), e.toString());
            item(run, target, g.dcuCode(), g.nodeCode(), g.meterSerialNos().size(), null, null, "FAILED", e.getMessage());
        }
    }

    private void item(Run run, String target, String dcuCode, String nodeCode, int meters, Long groupId,
                      String correlationId, String status, String reason) {
        jdbc.sql("""
                        INSERT INTO clock_sync_run_item (run_id, target, dcu_code, node_code, meters, command_group_id,
                                                         hes_correlation_id, status, reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (run_id, target) DO UPDATE SET command_group_id = EXCLUDED.command_group_id,
                            hes_correlation_id = EXCLUDED.hes_correlation_id, status = EXCLUDED.status, reason = EXCLUDED.reason""")
                .params(run.id(), target, dcuCode, nodeCode, meters, groupId, correlationId, status,
                        reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500))
                .update();
        jdbc.sql("UPDATE clock_sync_run SET heartbeat_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), run.id()).update();
    }

    /** Meters' clock readings and drift settings older than {@code urja.clock.history} are dropped. */
    private void forgetOldReadings() {
        Timestamp before = Timestamp.from(clock.instant().minus(props.history()));
        jdbc.sql("DELETE FROM clock_observation WHERE observed_at < ?").param(before).update();
        jdbc.sql("DELETE FROM clock_drift_sync WHERE observed_at < ?").param(before).update();
    }

    Optional<Run> find(long id) {
        return jdbc.sql(SELECT + " WHERE r.id = ?").param(id).query((rs, i) -> run(rs)).optional();
    }

    private Optional<Run> bySlot(String slot) {
        return jdbc.sql(SELECT + " WHERE r.slot = ?").param(slot).query((rs, i) -> run(rs)).optional();
    }

    List<Run> recent(int limit) {
        return jdbc.sql(SELECT + " ORDER BY r.id DESC LIMIT ?").param(limit).query((rs, i) -> run(rs)).list();
    }

    List<Item> items(long runId) {
        return jdbc.sql("""
                        SELECT target, dcu_code, node_code, meters, command_group_id, hes_correlation_id, status, reason
                        FROM clock_sync_run_item WHERE run_id = ? ORDER BY target""")
                .param(runId)
                .query((rs, i) -> new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getObject(5, Long.class), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    private static final String SELECT = """
            SELECT r.id, r.slot, r.trigger, r.node_code, r.requested_by, r.requested_at, r.status, r.started_at, r.finished_at,
                   (SELECT count(*) FROM clock_sync_run_item i WHERE i.run_id = r.id AND i.target LIKE 'dcu:%'),
                   (SELECT count(*) FROM clock_sync_run_item i WHERE i.run_id = r.id AND i.target LIKE 'meters:%'),
                   (SELECT coalesce(sum(meters), 0) FROM clock_sync_run_item i WHERE i.run_id = r.id),
                   (SELECT count(*) FROM clock_sync_run_item i WHERE i.run_id = r.id
                                                              AND i.status IN ('FAILED', 'REJECTED', 'UNDELIVERED'))
            FROM clock_sync_run r""";

    private static Run run(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Run(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), instant(rs, 6),
                rs.getString(7), instant(rs, 8), instant(rs, 9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13));
    }

    private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}

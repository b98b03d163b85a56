package org.urja.mdms.outage.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.GroupRequest;
import org.urja.mdms.command.GroupView;
import org.urja.mdms.command.Requester;
import org.urja.mdms.platform.ApiProblem;

/**
 * Confirms restoration by ping (UC7.4–7.5): the meters of an open outage still without a first breath are pinged
 * through the command service — on request (OMS, staff) or by the sweep once an outage has been open for
 * {@code urja.outage.ping-after}, then every {@code ping-every} while meters stay out. A meter that answers is live
 * again; an outage whose meters are all back is RESTORED by PING. A round is one command group with an idempotency key
 * per outage and round, so a retried request or a second node never pings twice; its outcome is read from the group
 * when it is complete (polled: no event per meter needed).
 */
@Component
class OutagePings {

    private static final Logger log = LoggerFactory.getLogger(OutagePings.class);
    static final Requester SYSTEM = Requester.system("outage");

    /** One ping round of an outage and what it found. */
    record Round(long outageId, int round, long commandGroupId, int meters, String requestedBy, Instant requestedAt,
                 Instant completedAt, Integer live, Integer dead) {
    }

    private final JdbcClient jdbc;
    private final Commands commands;
    private final OutageTracker tracker;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final OutageProperties props;

    OutagePings(JdbcClient jdbc, Commands commands, OutageTracker tracker, TransactionTemplate tx, Clock clock,
                OutageProperties props) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.tracker = tracker;
        this.tx = tx;
        this.clock = clock;
        this.props = props;
    }

    /**
     * Pings the meters of an open outage still out; a round already on its way is returned instead of a new one.
     * Refused (409) when the outage is not open or no meter is still out.
     */
    Round ping(long outageId, Requester requester) {
        return tx.execute(s -> {
            String status = jdbc.sql("SELECT status FROM outage WHERE id = ? FOR UPDATE").param(outageId)
                    .query(String.class).optional()
                    .orElseThrow(() -> ApiProblem.notFound("id", "No outage " + outageId));
            Optional<Round> pending = rounds(outageId).stream().filter(r -> r.completedAt() == null).findFirst();
            if (pending.isPresent()) {
                return pending.get();
            }
            if (!status.equals("OPEN")) {
                throw ApiProblem.conflict("id", "Outage " + outageId + " is " + status + ", not open");
            }
            List<String> out = jdbc.sql("""
                            SELECT DISTINCT meter_serial FROM outage_meter WHERE outage_id = ? AND first_breath_at IS NULL
                              AND NOT restoration_missing AND live_by_ping_at IS NULL ORDER BY 1""")
                    .param(outageId).query(String.class).list();
            if (out.isEmpty()) {
                throw ApiProblem.conflict("id", "Outage " + outageId + " has no meter still out");
            }
            int round = jdbc.sql("SELECT coalesce(max(round), 0) + 1 FROM outage_ping WHERE outage_id = ?")
                    .param(outageId).query(Integer.class).single();
            GroupView group = commands.submitGroup(new GroupRequest(out, null, ControlType.PING, Map.of(),
                    "outage " + outageId + ": is supply back? (ping round " + round + ")", requester,
                    "outage-ping:" + outageId + ":" + round)).value();
            Instant now = clock.instant();
            String by = requester.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + requester.name();
            jdbc.sql("""
                            INSERT INTO outage_ping (outage_id, round, command_group_id, meters, requested_by, requested_at)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(outageId, round, group.id(), out.size(), by, Timestamp.from(now)).update();
            return new Round(outageId, round, group.id(), out.size(), by, now, null, null, null);
        });
    }

    List<Round> rounds(long outageId) {
        return jdbc.sql("""
                        SELECT outage_id, round, command_group_id, meters, requested_by, requested_at, completed_at, live,
                               dead FROM outage_ping WHERE outage_id = ? ORDER BY round""")
                .param(outageId)
                .query((rs, i) -> new Round(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant(), instant(rs.getObject(7, OffsetDateTime.class)),
                        (Integer) rs.getObject(8), (Integer) rs.getObject(9)))
                .list();
    }

    @Scheduled(fixedDelayString = "${urja.outage.ping-check-interval:PT30S}")
    void sweep() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Outage ping sweep failed; tried again at the next check", e);
        }
    }

    /** Takes in finished rounds, then pings the outages due a round. Several nodes may run it (SKIP LOCKED). */
    void sweep(Instant now) {
        List<long[]> finished = tx.execute(s -> jdbc.sql("""
                        SELECT outage_id, command_group_id, meters FROM outage_ping WHERE completed_at IS NULL
                        ORDER BY requested_at LIMIT 100""")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).list());
        for (long[] r : finished) {
            conclude(r[0], r[1], (int) r[2]);
        }
        List<Long> due = jdbc.sql("""
                        SELECT o.id FROM outage o
                        WHERE o.status = 'OPEN' AND o.detected_at <= ?
                          AND EXISTS (SELECT 1 FROM outage_meter m WHERE m.outage_id = o.id AND m.first_breath_at IS NULL
                                        AND NOT m.restoration_missing AND m.live_by_ping_at IS NULL)
                          AND NOT EXISTS (SELECT 1 FROM outage_ping p WHERE p.outage_id = o.id
                                            AND (p.completed_at IS NULL OR p.requested_at > ?))
                        ORDER BY o.detected_at LIMIT 100""")
                .params(Timestamp.from(now.minus(props.pingAfter())), Timestamp.from(now.minus(props.pingEvery())))
                .query(Long.class).list();
        for (long id : due) {
            try {
                ping(id, SYSTEM);
            } catch (RuntimeException e) {
                log.info("Outage {} not pinged: {}", id, e.getMessage());
            }
        }
    }

    /** A round whose commands are all final: the meters that answered are live (and the outage closed if all are). */
    private void conclude(long outageId, long groupId, int meters) {
        GroupView group = commands.group(groupId, null, 0, Math.max(1, meters)).orElse(null);
        if (group == null || !group.complete()) {
            return;
        }
        List<GroupView.MeterOutcome> live = group.outcomes().stream()
                .filter(o -> o.state() == CommandState.SUCCEEDED).toList();
        Instant answered = live.stream().map(GroupView.MeterOutcome::completedAt).filter(t -> t != null)
                .max(Instant::compareTo).orElse(clock.instant());
        tx.executeWithoutResult(s -> {
            int marked = jdbc.sql("""
                            UPDATE outage_ping SET completed_at = ?, live = ?, dead = ?
                            WHERE outage_id = ? AND command_group_id = ? AND completed_at IS NULL""")
                    .params(Timestamp.from(clock.instant()), live.size(), group.meterCount() - live.size(), outageId,
                            groupId).update();
            if (marked == 1 && !live.isEmpty()) {
                tracker.liveByPing(outageId, live.stream().map(GroupView.MeterOutcome::meterSerialNo).toList(),
                        answered);
            }
        });
        log.info("Outage {}: ping round answered by {} of {} meters", outageId, live.size(), group.meterCount());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

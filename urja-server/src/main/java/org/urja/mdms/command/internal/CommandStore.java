package org.urja.mdms.command.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.CommandView;
import org.urja.mdms.command.GroupView;
import org.urja.mdms.command.MeterState;
import org.urja.mdms.command.Requester;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command module's tables: commands and groups, every state change ({@code command_event}), outcomes that
 * arrived before their acknowledgement was recorded, the meter state confirmed by commands, holidays and protected
 * meters. Set-wise statements for groups; the callers own the transactions.
 */
@Repository
class CommandStore {

    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    CommandStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A command as the dispatcher needs it. */
    record Queued(long id, Long groupId, String meterSerialNo, ControlType type, Map<String, String> parameters,
                  String reason, Requester.Kind requesterKind, String requestedBy, int attempts, String hesCorrelationId,
                  CommandState state) {
    }

    /** A command's decided state at submission: POLICY_CHECKED, or REFUSED by a rule. */
    record Decision(String meterSerialNo, CommandState state, String reason, String rule) {
    }

    /** What an earlier use of an idempotency key made, and a hash of what it asked for. */
    record Keyed(long id, String requestHash) {
    }

    // ------------------------------------------------------------------------------------------------ submission

    Optional<Keyed> commandByKey(Requester requester, String key) {
        return jdbc.sql("""
                        SELECT id, request_hash FROM command
                        WHERE requester_kind = ? AND requested_by = ? AND idempotency_key = ?""")
                .params(requester.kind().name(), requester.name(), key)
                .query((rs, i) -> new Keyed(rs.getLong(1), rs.getString(2))).optional();
    }

    Optional<Keyed> groupByKey(Requester requester, String key) {
        return jdbc.sql("""
                        SELECT id, request_hash FROM command_group
                        WHERE requester_kind = ? AND requested_by = ? AND idempotency_key = ?""")
                .params(requester.kind().name(), requester.name(), key)
                .query((rs, i) -> new Keyed(rs.getLong(1), rs.getString(2))).optional();
    }

    long insertCommand(String meterSerialNo, ControlType type, Map<String, String> parameters, String reason,
                       Requester requester, String key, String requestHash, Decision decision, Instant now) {
        boolean refused = decision.state() == CommandState.REFUSED;
        long id = jdbc.sql("""
                        INSERT INTO command (meter_serial_no, control_type, parameters, reason, requester_kind,
                                             requested_by, idempotency_key, request_hash, state, state_reason,
                                             refusal_rule, next_attempt_at, requested_at, updated_at, completed_at)
                        VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(meterSerialNo, type.name(), json.writeValueAsString(parameters), reason,
                        requester.kind().name(), requester.name(), key, requestHash, decision.state().name(),
                        decision.reason(), decision.rule(), refused ? null : ts(now), ts(now), ts(now),
                        refused ? ts(now) : null)
                .query(Long.class).single();
        submissionEvents("id = ?", id);
        return id;
    }

    long insertGroup(ControlType type, Map<String, String> parameters, String reason, Requester requester, String key,
                     String requestHash, String nodeCode, int meterCount, Instant now) {
        return jdbc.sql("""
                        INSERT INTO command_group (control_type, parameters, reason, requester_kind, requested_by,
                                                   idempotency_key, node_code, meter_count, request_hash, requested_at)
                        VALUES (?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(type.name(), json.writeValueAsString(parameters), reason, requester.kind().name(),
                        requester.name(), key, nodeCode, meterCount, requestHash, ts(now))
                .query(Long.class).single();
    }

    /** One command per meter of the group, in serial order, with its decision; and their first two history rows. */
    void insertGroupCommands(long groupId, ControlType type, Map<String, String> parameters, String reason,
                             Requester requester, List<Decision> decisions, Instant now) {
        jdbc.sql("""
                        INSERT INTO command (group_id, meter_serial_no, control_type, parameters, reason, requester_kind,
                                             requested_by, state, state_reason, refusal_rule, next_attempt_at,
                                             requested_at, updated_at, completed_at)
                        SELECT ?, d.serial, ?, ?::jsonb, ?, ?, ?, d.state, d.reason, d.rule,
                               CASE WHEN d.state = 'POLICY_CHECKED' THEN CAST(? AS timestamptz) END, ?, ?,
                               CASE WHEN d.state = 'REFUSED' THEN CAST(? AS timestamptz) END
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS d(serial, state, reason, rule)
                        ORDER BY d.serial""")
                .params(groupId, type.name(), json.writeValueAsString(parameters), reason, requester.kind().name(),
                        requester.name(), ts(now), ts(now), ts(now), ts(now),
                        decisions.stream().map(Decision::meterSerialNo).toArray(String[]::new),
                        decisions.stream().map(d -> d.state().name()).toArray(String[]::new),
                        decisions.stream().map(Decision::reason).toArray(String[]::new),
                        decisions.stream().map(Decision::rule).toArray(String[]::new))
                .update();
        submissionEvents("group_id = ?", groupId);
    }

    /** REQUESTED by the requester, then the policy's decision: two history rows per command, in that order. */
    private void submissionEvents(String where, long key) {
        jdbc.sql("""
                        INSERT INTO command_event (command_id, occurred_at, from_state, to_state, actor, reason)
                        SELECT id, requested_at, NULL, 'REQUESTED', lower(requester_kind) || ':' || requested_by, reason
                        FROM command WHERE %s ORDER BY id""".formatted(where))
                .param(key).update();
        jdbc.sql("""
                        INSERT INTO command_event (command_id, occurred_at, from_state, to_state, actor, reason)
                        SELECT id, requested_at, 'REQUESTED', state, 'policy', state_reason
                        FROM command WHERE %s ORDER BY id""".formatted(where))
                .param(key).update();
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    /** Commands due to be sent, locked for the caller's transaction (other nodes skip them). */
    List<Queued> claimDue(Instant now, int limit) {
        return jdbc.sql(QUEUED + """
                         WHERE state = 'POLICY_CHECKED' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(ts(now), limit).query((rs, i) -> queued(rs)).list();
    }

    /** SENT commands whose send has no recorded answer for a while; their clock is reset so one node looks at each. */
    List<Queued> claimStale(Instant olderThan, Instant now, int limit) {
        return jdbc.sql("""
                        UPDATE command SET updated_at = ? WHERE id IN (
                            SELECT id FROM command WHERE state = 'SENT' AND updated_at < ?
                            ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING id, group_id, meter_serial_no, control_type, parameters::text, reason, requester_kind,
                                  requested_by, attempts, hes_correlation_id, state""")
                .params(ts(now), ts(olderThan), limit).query((rs, i) -> queued(rs)).list();
    }

    /** POLICY_CHECKED → SENT for the commands, each one more attempt. */
    void markSent(Long[] ids, Instant now) {
        jdbc.sql("""
                        WITH s AS (UPDATE command SET state = 'SENT', attempts = attempts + 1, next_attempt_at = NULL,
                                                      updated_at = ?
                                   WHERE id = ANY(?) AND state = 'POLICY_CHECKED' RETURNING id, attempts)
                        INSERT INTO command_event (command_id, occurred_at, from_state, to_state, actor, reason, attempt)
                        SELECT id, ?, 'POLICY_CHECKED', 'SENT', 'dispatcher', 'sending to the HES', attempts FROM s
                        ORDER BY id""")
                .params(ts(now), ids, ts(now)).update();
    }

    /** SENT → ACKNOWLEDGED for the commands the HES accepted, with the correlation id of the send. */
    void acknowledge(Long[] ids, String[] correlationIds, Instant now) {
        if (ids.length == 0) {
            return;
        }
        jdbc.sql("""
                        WITH a AS (UPDATE command c SET state = 'ACKNOWLEDGED', state_reason = 'accepted by the HES',
                                                        hes_correlation_id = u.correlation_id, updated_at = ?
                                   FROM unnest(?::bigint[], ?::text[]) AS u(id, correlation_id)
                                   WHERE c.id = u.id AND c.state = 'SENT' RETURNING c.id, c.attempts, u.correlation_id)
                        INSERT INTO command_event (command_id, occurred_at, from_state, to_state, actor, reason, attempt,
                                                   hes_correlation_id)
                        SELECT id, ?, 'SENT', 'ACKNOWLEDGED', 'hes', 'accepted by the HES', attempts, correlation_id
                        FROM a ORDER BY id""")
                .params(ts(now), ids, correlationIds, ts(now)).update();
    }

    /** POLICY_CHECKED → REFUSED for commands the policy refuses at send time. */
    void refuseQueued(List<Long> ids, List<String> rules, List<String> reasons, Instant now) {
        jdbc.sql("""
                        WITH r AS (UPDATE command c SET state = 'REFUSED', refusal_rule = u.rule, state_reason = u.reason,
                                                        next_attempt_at = NULL, updated_at = ?, completed_at = ?
                                   FROM unnest(?::bigint[], ?::text[], ?::text[]) AS u(id, rule, reason)
                                   WHERE c.id = u.id AND c.state = 'POLICY_CHECKED' RETURNING c.id, u.reason)
                        INSERT INTO command_event (command_id, occurred_at, from_state, to_state, actor, reason)
                        SELECT id, ?, 'POLICY_CHECKED', 'REFUSED', 'policy', reason FROM r ORDER BY id""")
                .params(ts(now), ts(now), ids.toArray(Long[]::new), rules.toArray(String[]::new),
                        reasons.toArray(String[]::new), ts(now)).update();
    }

    /**
     * Moves one command from {@code from} to {@code to} and records it; false (nothing changed) when it is no longer
     * in {@code from}. {@code nextAttemptAt} is kept only for POLICY_CHECKED; a final state sets the completion time.
     */
    boolean transition(long id, CommandState from, CommandState to, String actor, String reason, String rule,
                       Integer attempt, String correlationId, Instant nextAttemptAt, Instant now) {
        int changed = jdbc.sql("""
                        UPDATE command SET state = ?, state_reason = ?, refusal_rule = coalesce(?, refusal_rule),
                                           hes_correlation_id = coalesce(?, hes_correlation_id), next_attempt_at = ?,
                                           updated_at = ?, completed_at = CASE WHEN ? THEN CAST(? AS timestamptz) END
                        WHERE id = ? AND state = ?""")
                .params(to.name(), reason, rule, correlationId, ts(nextAttemptAt), ts(now), to.isFinal(), ts(now), id,
                        from.name())
                .update();
        if (changed == 1) {
            event(id, from, to, actor, reason, attempt, correlationId, now);
        }
        return changed == 1;
    }

    void event(long id, CommandState from, CommandState to, String actor, String reason, Integer attempt,
               String correlationId, Instant at) {
        jdbc.sql("""
                        INSERT INTO command_event (command_id, occurred_at, from_state, to_state, actor, reason, attempt,
                                                   hes_correlation_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, ts(at), from == null ? null : from.name(), to.name(), actor, reason, attempt, correlationId)
                .update();
    }

    Optional<Queued> byCorrelation(String correlationId) {
        return jdbc.sql(QUEUED + " WHERE hes_correlation_id = ? FOR UPDATE").param(correlationId)
                .query((rs, i) -> queued(rs)).optional();
    }

    /** The commands sent under these correlation ids, locked for the caller's transaction (in id order). */
    Map<String, Queued> byCorrelations(List<String> correlationIds) {
        Map<String, Queued> out = new HashMap<>();
        jdbc.sql(QUEUED + " WHERE hes_correlation_id = ANY(?::text[]) ORDER BY id FOR UPDATE")
                .param(correlationIds.toArray(String[]::new))
                .query((rs, i) -> queued(rs)).list().forEach(q -> out.put(q.hesCorrelationId(), q));
        return out;
    }

    /** One state change of {@link #transitionAll}. */
    record Transition(long id, CommandState from, CommandState to, String reason, Integer attempt, String correlationId) {
    }

    /**
     * Many state changes by one actor in one statement, each only if the command is still in its {@code from} state
     * (as {@link #transition} does one by one), each with its {@code command_event}; returns the ids that moved.
     */
    java.util.Set<Long> transitionAll(List<Transition> changes, String actor, Instant now) {
        if (changes.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.sql("""
                        WITH u AS (SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
                                                        ?::boolean[]) AS u(id, from_state, to_state, reason, attempt, corr, final)),
                        moved AS (
                            UPDATE command c SET state = u.to_state, state_reason = u.reason,
                                                 hes_correlation_id = coalesce(u.corr, c.hes_correlation_id),
                                                 next_attempt_at = NULL, updated_at = ?,
                                                 completed_at = CASE WHEN u.final THEN CAST(? AS timestamptz) END
                            FROM u WHERE c.id = u.id AND c.state = u.from_state
                            RETURNING c.id)
                        INSERT INTO command_event (command_id, occurred_at, from_state, to_state, actor, reason, attempt,
                                                   hes_correlation_id)
                        SELECT u.id, ?, u.from_state, u.to_state, ?, u.reason, u.attempt, u.corr FROM u JOIN moved USING (id)
                        RETURNING command_id""")
                .params(changes.stream().map(Transition::id).toArray(Long[]::new),
                        changes.stream().map(t -> t.from().name()).toArray(String[]::new),
                        changes.stream().map(t -> t.to().name()).toArray(String[]::new),
                        changes.stream().map(Transition::reason).toArray(String[]::new),
                        changes.stream().map(Transition::attempt).toArray(Integer[]::new),
                        changes.stream().map(Transition::correlationId).toArray(String[]::new),
                        changes.stream().map(t -> t.to().isFinal()).toArray(Boolean[]::new),
                        ts(now), ts(now), ts(now), actor)
                .query(Long.class).list());
    }

    Optional<Queued> queuedById(long id) {
        return jdbc.sql(QUEUED + " WHERE id = ? FOR UPDATE").param(id).query((rs, i) -> queued(rs)).optional();
    }

    /** An outcome the HES reported before the acknowledgement was recorded. */
    record EarlyOutcome(String outcome, String reason, Instant completedAt) {
    }

    void keepEarlyOutcome(String correlationId, String outcome, String reason, Instant completedAt, Instant now) {
        jdbc.sql("""
                        INSERT INTO command_early_outcome (hes_correlation_id, outcome, reason, completed_at, received_at)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (hes_correlation_id) DO UPDATE SET outcome = EXCLUDED.outcome,
                            reason = EXCLUDED.reason, completed_at = EXCLUDED.completed_at""")
                .params(correlationId, outcome, reason, ts(completedAt), ts(now)).update();
    }

    Optional<EarlyOutcome> takeEarlyOutcome(String correlationId) {
        return jdbc.sql("""
                        DELETE FROM command_early_outcome WHERE hes_correlation_id = ?
                        RETURNING outcome, reason, completed_at""")
                .param(correlationId)
                .query((rs, i) -> new EarlyOutcome(rs.getString(1), rs.getString(2), instant(rs, 3))).optional();
    }

    /** Early outcomes whose command is now known (a safety net for a crash between the two). */
    List<String> matchableEarlyOutcomes(int limit) {
        return jdbc.sql("""
                        SELECT e.hes_correlation_id FROM command_early_outcome e
                        JOIN command c ON c.hes_correlation_id = e.hes_correlation_id LIMIT ?""")
                .param(limit).query(String.class).list();
    }

    /** A command cancelled before it was sent. */
    record Cancelled(long id, Long groupId, String meterSerialNo, ControlType type, Requester.Kind requesterKind,
                     String requestedBy) {
    }

    /** Cancels the not-yet-sent commands that {@code where} selects (one command, or a group's). */
    List<Cancelled> cancel(String where, Object key, String actor, String reason, Instant now) {
        List<Cancelled> done = jdbc.sql("""
                        UPDATE command SET state = 'CANCELLED', state_reason = ?, next_attempt_at = NULL, updated_at = ?,
                                           completed_at = ?
                        WHERE %s AND state IN ('REQUESTED', 'POLICY_CHECKED')
                        RETURNING id, group_id, meter_serial_no, control_type, requester_kind, requested_by"""
                        .formatted(where))
                .params(reason, ts(now), ts(now), key)
                .query((rs, i) -> new Cancelled(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3),
                        ControlType.valueOf(rs.getString(4)), Requester.Kind.valueOf(rs.getString(5)),
                        rs.getString(6))).list();
        if (!done.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO command_event (command_id, occurred_at, from_state, to_state, actor, reason)
                            SELECT e.id, ?, 'POLICY_CHECKED', 'CANCELLED', ?, ? FROM unnest(?::bigint[]) AS e(id) ORDER BY 1""")
                    .params(ts(now), actor, reason, done.stream().map(Cancelled::id).toArray(Long[]::new)).update();
        }
        return done;
    }

    /** The command ids of a group by meter. */
    Map<String, Long> groupCommandIds(long groupId) {
        Map<String, Long> out = new HashMap<>();
        jdbc.sql("SELECT meter_serial_no, id FROM command WHERE group_id = ?").param(groupId)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    // ------------------------------------------------------------------------------------------------ meter state

    /**
     * Sets the properties confirmed by a command, each only if not newer already; returns the ones set.
     */
    Map<String, String> confirmState(String meterSerialNo, Map<String, String> properties, Instant changedAt,
                                     long commandId) {
        Map<String, String> set = new TreeMap<>();
        jdbc.sql("""
                        INSERT INTO meter_state (meter_serial_no, property, value, changed_at, command_id)
                        SELECT ?, p.name, p.value, ?, ? FROM unnest(?::text[], ?::text[]) AS p(name, value) ORDER BY 2
                        ON CONFLICT (meter_serial_no, property) DO UPDATE
                            SET value = EXCLUDED.value, changed_at = EXCLUDED.changed_at, command_id = EXCLUDED.command_id
                            WHERE meter_state.changed_at <= EXCLUDED.changed_at
                        RETURNING property, value""")
                .params(meterSerialNo, ts(changedAt), commandId, properties.keySet().toArray(String[]::new),
                        properties.values().toArray(String[]::new))
                .query(rs -> {
                    set.put(rs.getString(1), rs.getString(2));
                });
        return set;
    }

    /** One command's confirmation of meter-state properties, for {@link #confirmStates}. */
    record Confirmation(String meterSerialNo, Map<String, String> properties, Instant changedAt, long commandId) {
    }

    /**
     * {@link #confirmState} for many commands in one statement. Where several confirm the same property of one meter
     * the latest wins (as one by one). Returns, per command id, the properties it set.
     */
    Map<Long, Map<String, String>> confirmStates(List<Confirmation> confirmations) {
        Map<String, Object[]> rows = new TreeMap<>();
        for (Confirmation c : confirmations) {
            c.properties().forEach((name, value) -> rows.merge(c.meterSerialNo() + "\u0000" + name,
                    new Object[] {c.meterSerialNo(), name, value, c.changedAt(), c.commandId()},
                    (a, b) -> ((Instant) b[3]).compareTo((Instant) a[3]) >= 0 ? b : a));
        }
        Map<Long, Map<String, String>> set = new HashMap<>();
        if (rows.isEmpty()) {
            return set;
        }
        List<Object[]> r = List.copyOf(rows.values());
        jdbc.sql("""
                        INSERT INTO meter_state (meter_serial_no, property, value, changed_at, command_id)
                        SELECT m, p, v, t::timestamptz, c FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])
                            AS u(m, p, v, t, c) ORDER BY 1, 2
                        ON CONFLICT (meter_serial_no, property) DO UPDATE
                            SET value = EXCLUDED.value, changed_at = EXCLUDED.changed_at, command_id = EXCLUDED.command_id
                            WHERE meter_state.changed_at <= EXCLUDED.changed_at
                        RETURNING command_id, property, value""")
                .params(r.stream().map(x -> (String) x[0]).toArray(String[]::new),
                        r.stream().map(x -> (String) x[1]).toArray(String[]::new),
                        r.stream().map(x -> (String) x[2]).toArray(String[]::new),
                        r.stream().map(x -> x[3].toString()).toArray(String[]::new),
                        r.stream().map(x -> (Long) x[4]).toArray(Long[]::new))
                .query(rs -> {
                    set.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                });
        return set;
    }

    Optional<MeterState> meterState(String meterSerialNo) {
        Map<String, MeterState.Value> props = new TreeMap<>();
        jdbc.sql("SELECT property, value, changed_at, command_id FROM meter_state WHERE meter_serial_no = ?")
                .param(meterSerialNo)
                .query(rs -> {
                    props.put(rs.getString(1), new MeterState.Value(rs.getString(2), instant(rs, 3), rs.getLong(4)));
                });
        return props.isEmpty() ? Optional.empty() : Optional.of(new MeterState(meterSerialNo, props));
    }

    // ------------------------------------------------------------------------------------------------ policy data

    Map<LocalDate, String> holidays(LocalDate from, LocalDate to) {
        Map<LocalDate, String> out = new HashMap<>();
        jdbc.sql("SELECT day, name FROM command_holiday WHERE day BETWEEN ? AND ?").params(from, to)
                .query(rs -> {
                    out.put(rs.getObject(1, LocalDate.class), rs.getString(2));
                });
        return out;
    }

    record Holiday(LocalDate day, String name, String setBy, Instant setAt) {
    }

    List<Holiday> holidayList(Integer year) {
        return jdbc.sql("""
                        SELECT day, name, set_by, set_at FROM command_holiday
                        WHERE CAST(? AS int) IS NULL OR extract(year FROM day) = ? ORDER BY day""")
                .params(year, year)
                .query((rs, i) -> new Holiday(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                        instant(rs, 4))).list();
    }

    Holiday putHoliday(LocalDate day, String name, String by, Instant now) {
        return jdbc.sql("""
                        INSERT INTO command_holiday (day, name, set_by, set_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (day) DO UPDATE SET name = EXCLUDED.name, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
                        RETURNING day, name, set_by, set_at""")
                .params(day, name, by, ts(now))
                .query((rs, i) -> new Holiday(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                        instant(rs, 4))).single();
    }

    boolean deleteHoliday(LocalDate day) {
        return jdbc.sql("DELETE FROM command_holiday WHERE day = ?").param(day).update() == 1;
    }

    record Protection(String meterSerialNo, String reason, String setBy, Instant setAt) {
    }

    Map<String, String> protections(Collection<String> serials) {
        Map<String, String> out = new HashMap<>();
        if (serials.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT meter_serial_no, reason FROM protected_meter WHERE meter_serial_no = ANY(?)")
                .param(serials.toArray(String[]::new))
                .query(rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    List<Protection> protectionList(int limit, int offset) {
        return jdbc.sql("""
                        SELECT meter_serial_no, reason, set_by, set_at FROM protected_meter
                        ORDER BY meter_serial_no LIMIT ? OFFSET ?""")
                .params(limit, offset).query((rs, i) -> protection(rs)).list();
    }

    Optional<Protection> protection(String serial) {
        return jdbc.sql("SELECT meter_serial_no, reason, set_by, set_at FROM protected_meter WHERE meter_serial_no = ?")
                .param(serial).query((rs, i) -> protection(rs)).optional();
    }

    Protection putProtection(String serial, String reason, String by, Instant now) {
        return jdbc.sql("""
                        INSERT INTO protected_meter (meter_serial_no, reason, set_by, set_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (meter_serial_no) DO UPDATE SET reason = EXCLUDED.reason, set_by = EXCLUDED.set_by,
                            set_at = EXCLUDED.set_at
                        RETURNING meter_serial_no, reason, set_by, set_at""")
                .params(serial, reason, by, ts(now)).query((rs, i) -> protection(rs)).single();
    }

    boolean deleteProtection(String serial) {
        return jdbc.sql("DELETE FROM protected_meter WHERE meter_serial_no = ?").param(serial).update() == 1;
    }

    private static Protection protection(ResultSet rs) throws SQLException {
        return new Protection(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4));
    }

    // ------------------------------------------------------------------------------------------------ queries

    Optional<CommandView> find(long id, boolean withHistory) {
        Optional<CommandView> view = jdbc.sql(VIEW + " WHERE id = ?").param(id).query((rs, i) -> view(rs, List.of()))
                .optional();
        if (view.isEmpty() || !withHistory) {
            return view;
        }
        List<CommandView.StateChange> history = jdbc.sql("""
                        SELECT occurred_at, from_state, to_state, actor, reason, attempt, hes_correlation_id
                        FROM command_event WHERE command_id = ? ORDER BY occurred_at, id""")
                .param(id)
                .query((rs, i) -> new CommandView.StateChange(instant(rs, 1), state(rs.getString(2)),
                        state(rs.getString(3)), rs.getString(4), rs.getString(5), (Integer) rs.getObject(6),
                        rs.getString(7))).list();
        CommandView v = view.get();
        return Optional.of(new CommandView(v.id(), v.groupId(), v.meterSerialNo(), v.type(), v.parameters(), v.reason(),
                v.requesterKind(), v.requestedBy(), v.state(), v.stateReason(), v.refusalRule(), v.attempts(),
                v.nextAttemptAt(), v.hesCorrelationId(), v.requestedAt(), v.updatedAt(), v.completedAt(), history));
    }

    List<CommandView> ofMeter(String serial, int limit) {
        return jdbc.sql(VIEW + " WHERE meter_serial_no = ? ORDER BY id DESC LIMIT ?").params(serial, limit)
                .query((rs, i) -> view(rs, List.of())).list();
    }

    /**
     * Commands requested since {@code since} per state (index on requested_at), and the commands not yet final
     * (partial index of the open states): both cheap however many commands are stored.
     */
    org.urja.mdms.command.QueueSummary queue(Instant since) {
        Map<CommandState, Integer> counts = new EnumMap<>(CommandState.class);
        jdbc.sql("SELECT state, count(*) FROM command WHERE requested_at >= ? GROUP BY state")
                .param(java.sql.Timestamp.from(since))
                .query(rs -> {
                    counts.put(CommandState.valueOf(rs.getString(1)), rs.getInt(2));
                });
        int[] open = new int[2];
        jdbc.sql("""
                        SELECT count(*) FILTER (WHERE state IN ('REQUESTED', 'POLICY_CHECKED')),
                               count(*) FILTER (WHERE state IN ('SENT', 'ACKNOWLEDGED'))
                        FROM command WHERE state IN ('REQUESTED', 'POLICY_CHECKED', 'SENT', 'ACKNOWLEDGED')""")
                .query(rs -> {
                    open[0] = rs.getInt(1);
                    open[1] = rs.getInt(2);
                });
        return new org.urja.mdms.command.QueueSummary(since, counts, open[0], open[1]);
    }

    List<Long> recentGroupIds(int limit) {
        return jdbc.sql("SELECT id FROM command_group ORDER BY id DESC LIMIT ?").param(limit).query(Long.class).list();
    }

    Optional<GroupView> group(long id, CommandState state, int page, int size) {
        record Head(ControlType type, Map<String, String> parameters, String reason, Requester.Kind kind, String by,
                    String node, int count, Instant at) {
        }
        Optional<Head> head = jdbc.sql("""
                        SELECT control_type, parameters::text, reason, requester_kind, requested_by, node_code,
                               meter_count, requested_at FROM command_group WHERE id = ?""")
                .param(id)
                .query((rs, i) -> new Head(ControlType.valueOf(rs.getString(1)), params(rs.getString(2)),
                        rs.getString(3), Requester.Kind.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                        rs.getInt(7), instant(rs, 8))).optional();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Map<CommandState, Integer> counts = new EnumMap<>(CommandState.class);
        Instant[] last = new Instant[1];
        jdbc.sql("SELECT state, count(*), max(completed_at) FROM command WHERE group_id = ? GROUP BY state")
                .param(id)
                .query(rs -> {
                    counts.put(CommandState.valueOf(rs.getString(1)), rs.getInt(2));
                    Instant at = instant(rs, 3);
                    if (at != null && (last[0] == null || at.isAfter(last[0]))) {
                        last[0] = at;
                    }
                });
        int finished = counts.entrySet().stream().filter(e -> e.getKey().isFinal()).mapToInt(Map.Entry::getValue).sum();
        List<GroupView.MeterOutcome> outcomes = jdbc.sql("""
                        SELECT id, meter_serial_no, state, state_reason, refusal_rule, attempts, completed_at
                        FROM command WHERE group_id = ? AND (CAST(? AS text) IS NULL OR state = ?)
                        ORDER BY meter_serial_no LIMIT ? OFFSET ?""")
                .params(id, state == null ? null : state.name(), state == null ? null : state.name(), size,
                        (long) page * size)
                .query((rs, i) -> new GroupView.MeterOutcome(rs.getLong(1), rs.getString(2),
                        CommandState.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getInt(6),
                        instant(rs, 7))).list();
        Head h = head.get();
        return Optional.of(new GroupView(id, h.type(), h.parameters(), h.reason(), h.kind(), h.by(), h.node(), h.count(),
                h.at(), counts, finished, finished == h.count(), finished == h.count() ? last[0] : null, page, size,
                outcomes));
    }

    // ------------------------------------------------------------------------------------------------ mapping

    private static final String QUEUED = """
            SELECT id, group_id, meter_serial_no, control_type, parameters::text, reason, requester_kind, requested_by,
                   attempts, hes_correlation_id, state FROM command""";

    private static final String VIEW = """
            SELECT id, group_id, meter_serial_no, control_type, parameters::text, reason, requester_kind, requested_by,
                   state, state_reason, refusal_rule, attempts, next_attempt_at, hes_correlation_id, requested_at,
                   updated_at, completed_at FROM command""";

    private Queued queued(ResultSet rs) throws SQLException {
        return new Queued(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3), ControlType.valueOf(rs.getString(4)),
                params(rs.getString(5)), rs.getString(6), Requester.Kind.valueOf(rs.getString(7)), rs.getString(8),
                rs.getInt(9), rs.getString(10), CommandState.valueOf(rs.getString(11)));
    }

    private CommandView view(ResultSet rs, List<CommandView.StateChange> history) throws SQLException {
        return new CommandView(rs.getLong(1), (Long) rs.getObject(2), rs.getString(3),
                ControlType.valueOf(rs.getString(4)), params(rs.getString(5)), rs.getString(6),
                Requester.Kind.valueOf(rs.getString(7)), rs.getString(8), CommandState.valueOf(rs.getString(9)),
                rs.getString(10), rs.getString(11), rs.getInt(12), instant(rs, 13), rs.getString(14), instant(rs, 15),
                instant(rs, 16), instant(rs, 17), history);
    }

    private Map<String, String> params(String text) {
        return text == null ? Map.of() : new LinkedHashMap<>(json.readValue(text, PARAMS));
    }

    private static CommandState state(String s) {
        return s == null ? null : CommandState.valueOf(s);
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

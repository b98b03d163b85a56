package org.urja.mdms.firmware.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.command.CommandCompleted;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.GroupRequest;
import org.urja.mdms.command.GroupView;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.InboundMessages;
import org.urja.mdms.hes.MeterReadingsBatch;
import org.urja.mdms.hes.MeterReadingsParser;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.hes.ReadRequestCompleted;
import org.urja.mdms.network.Meter;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.urja.mdms.firmware.internal.Campaigns.instant;
import static org.urja.mdms.firmware.internal.Campaigns.ts;

/**
 * Configuration profiles (UC8.2, UC8.3): a named set of settings — load limit, demand integration period, profile
 * capture period, event priorities — applied to meters as one command group per setting ({@link Commands}, the system
 * requester {@code firmware}). Once every command is final, the meters whose commands all succeeded are read back with
 * one on-demand INSTANTANEOUS read through the HES ({@link HesClient#requestReadings}); the values the meters report
 * ({@code config.*} reading types) are compared with the profile: VERIFIED or MISMATCH, with both values. Event
 * priorities are confirmed by their commands only: IS 15959 defines no object to read them back.
 *
 * <p>Advanced like campaigns: under the application's row lock (SKIP LOCKED), by {@link CommandCompleted} and
 * {@link ReadRequestCompleted} events and a periodic check. The read request is sent after the commit that records
 * the meters as READING_BACK, with an idempotency key, and names the application as its requester, so its completion
 * finds the application whatever happened in between.
 */
@Service
class Configurations {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Configurations.class);

    static final String READER_PREFIX = "firmware/configuration-application-";

    record ProfileRequest(String name, String description, BigDecimal loadLimitKw, Integer demandIntegrationMinutes,
                          Integer profileCaptureMinutes, Map<String, Boolean> eventPriorities) {
    }

    record Profile(long id, String name, String description, BigDecimal loadLimitKw, Integer demandIntegrationMinutes,
                   Integer profileCaptureMinutes, Map<String, Boolean> eventPriorities, String createdBy,
                   Instant createdAt) {
    }

    record ApplyRequest(List<String> meters, String nodeCode, String reason) {
    }

    /** A profile applied to meters: state, its command groups by setting, meters per status and one page of them. */
    record ApplicationView(long id, String profile, Map<String, String> expected, String nodeCode, int meterCount,
                           String state, Map<String, Long> commandGroups, String readCorrelationId,
                           Map<String, Integer> counts, String reason, String requestedBy, Instant createdAt,
                           Instant completedAt, List<MeterResult> meters) {
    }

    /** {@code readBack}: per setting, what the profile asked for and what the meter reported. */
    record MeterResult(String meterSerialNo, String status, String reason, Map<String, Check> readBack,
                       Instant updatedAt) {
    }

    record Check(String expected, String readBack, boolean matches) {
    }

    record Submitted(ApplicationView application, boolean duplicate) {
    }

    /** A setting the meter reports back, and where: the reading type of the instantaneous profile. */
    private static final Map<String, String> READ_BACK = Map.of(
            "loadLimitKw", ReadingTypes.CONFIG_LOAD_LIMIT,
            "demandIntegrationMinutes", ReadingTypes.CONFIG_DEMAND_INTEGRATION_PERIOD,
            "profileCaptureMinutes", ReadingTypes.CONFIG_PROFILE_CAPTURE_PERIOD);

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;
    /** Commits on its own, also inside an event listener's transaction: the read-back is requested after it. */
    private final TransactionTemplate ownTx;
    private final Commands commands;
    private final HesClient hes;
    private final InboundMessages inbound;
    private final MeterSelection selection;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;

    Configurations(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate tx, Commands commands, HesClient hes,
                   InboundMessages inbound, MeterSelection selection, AuditTrail audit, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tx = tx;
        this.ownTx = new TransactionTemplate(tx.getTransactionManager());
        ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.commands = commands;
        this.hes = hes;
        this.inbound = inbound;
        this.selection = selection;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ profiles

    Profile createProfile(ProfileRequest r, String staff) {
        List<FieldIssue> issues = new ArrayList<>();
        if (r.name() == null || !r.name().matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")) {
            issues.add(FieldIssue.of("name", "is required: letters, digits, space and . _ - (at most 100)"));
        }
        if (r.description() != null && r.description().length() > Campaigns.MAX_TEXT) {
            issues.add(FieldIssue.of("description", "must be at most " + Campaigns.MAX_TEXT + " characters"));
        }
        if (r.loadLimitKw() != null && (r.loadLimitKw().signum() <= 0 || r.loadLimitKw().scale() > 3
                || r.loadLimitKw().compareTo(BigDecimal.valueOf(100_000)) > 0)) {
            issues.add(FieldIssue.of("loadLimitKw", "must be kW above 0, at most 100000, with at most 3 decimals"));
        }
        period(r.demandIntegrationMinutes(), "demandIntegrationMinutes", issues);
        period(r.profileCaptureMinutes(), "profileCaptureMinutes", issues);
        Map<String, Boolean> priorities = new TreeMap<>();
        if (r.eventPriorities() != null) {
            r.eventPriorities().forEach((code, high) -> {
                if (!code.matches("[1-9][0-9]{0,2}") || high == null) {
                    issues.add(FieldIssue.of("eventPriorities." + code,
                            "must map an IS 15959 event code (1–999) to true (high priority) or false"));
                } else {
                    priorities.put(code, high);
                }
            });
        }
        if (r.loadLimitKw() == null && r.demandIntegrationMinutes() == null && r.profileCaptureMinutes() == null
                && priorities.isEmpty()) {
            issues.add(FieldIssue.of("loadLimitKw", "a profile needs at least one setting: loadLimitKw, "
                    + "demandIntegrationMinutes, profileCaptureMinutes or eventPriorities"));
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        if (profile(r.name()).isPresent()) {
            throw ApiProblem.conflict("name", "A configuration profile named " + r.name() + " exists; profiles do not "
                    + "change, create one under a new name");
        }
        try {
            jdbc.sql("""
                            INSERT INTO configuration_profile (name, description, load_limit_kw, demand_integration_minutes,
                                                               profile_capture_minutes, event_priorities, created_by)
                            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)""")
                    .params(r.name(), r.description(), r.loadLimitKw(), r.demandIntegrationMinutes(),
                            r.profileCaptureMinutes(), json.writeValueAsString(priorities), staff)
                    .update();
        } catch (DuplicateKeyException sameNameMeanwhile) {
            throw ApiProblem.conflict("name", "A configuration profile named " + r.name() + " exists");
        }
        Profile p = profile(r.name()).orElseThrow();
        audit.record(staff, "CONFIGURATION PROFILE", "profile " + p.name(), "CREATED", settings(p).toString(), null);
        return p;
    }

    private static void period(Integer minutes, String field, List<FieldIssue> issues) {
        if (minutes != null && minutes != 15 && minutes != 30) {
            issues.add(FieldIssue.of(field, "must be 15 or 30"));
        }
    }

    Optional<Profile> profile(String name) {
        return jdbc.sql(PROFILE + " WHERE name = ?").param(name).query(this::toProfile).optional();
    }

    List<Profile> profiles() {
        return jdbc.sql(PROFILE + " ORDER BY name").query(this::toProfile).list();
    }

    private static final String PROFILE = """
            SELECT id, name, description, load_limit_kw, demand_integration_minutes, profile_capture_minutes,
                   event_priorities::text, created_by, created_at FROM configuration_profile""";

    private Profile toProfile(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Profile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                (Integer) rs.getObject(5), (Integer) rs.getObject(6),
                json.readValue(rs.getString(7), new TypeReference<Map<String, Boolean>>() {
                }), rs.getString(8), instant(rs, 9));
    }

    /** The commands a profile is: per setting name, its control type and parameters. */
    private static Map<String, Map.Entry<ControlType, Map<String, String>>> settings(Profile p) {
        Map<String, Map.Entry<ControlType, Map<String, String>>> out = new LinkedHashMap<>();
        if (p.loadLimitKw() != null) {
            out.put("loadLimitKw", Map.entry(ControlType.SET_LOAD_LIMIT,
                    Map.of("loadLimitKw", p.loadLimitKw().stripTrailingZeros().toPlainString())));
        }
        if (p.demandIntegrationMinutes() != null) {
            out.put("demandIntegrationMinutes", Map.entry(ControlType.SET_DEMAND_INTEGRATION_PERIOD,
                    Map.of("minutes", p.demandIntegrationMinutes().toString())));
        }
        if (p.profileCaptureMinutes() != null) {
            out.put("profileCaptureMinutes", Map.entry(ControlType.SET_PROFILE_CAPTURE_PERIOD,
                    Map.of("minutes", p.profileCaptureMinutes().toString())));
        }
        p.eventPriorities().forEach((code, high) -> out.put("eventPriority." + code, Map.entry(
                ControlType.SET_EVENT_PRIORITY, Map.of("eventCode", code, "highPriority", high.toString()))));
        return out;
    }

    // ------------------------------------------------------------------------------------------------ apply

    /** What applying the profile would address, nothing stored or sent: for the staff page's confirmation step. */
    record Preview(Profile profile, Map<String, String> settings, int meterCount, List<String> firstMeters) {
        static final int LISTED = 50;
    }

    Preview preview(String profileName, ApplyRequest r) {
        List<FieldIssue> issues = new ArrayList<>();
        MeterSelection.check(r.meters(), r.nodeCode(), issues);
        Campaigns.text(r.reason(), "reason", Campaigns.MAX_TEXT, issues);
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        Profile p = profile(profileName)
                .orElseThrow(() -> ApiProblem.invalid("profile", "No configuration profile " + profileName));
        List<String> serials = selection.resolve(r.meters(), r.nodeCode()).stream().map(Meter::serialNo).toList();
        Map<String, String> settings = new LinkedHashMap<>();
        settings(p).forEach((setting, command) -> settings.put(setting, command.getKey() + " "
                + command.getValue().values().stream().sorted().toList()));
        return new Preview(p, settings, serials.size(), serials.subList(0, Math.min(Preview.LISTED, serials.size())));
    }

    /** An application in a list: which profile, where it stands, its meters per status. */
    record ApplicationSummary(long id, String profile, String nodeCode, int meterCount, String state,
                              Map<String, Integer> counts, String requestedBy, Instant createdAt) {
    }

    /** The newest applications first. */
    List<ApplicationSummary> recentApplications(int limit) {
        return jdbc.sql("""
                        SELECT a.id, p.name, a.node_code, a.meter_count, a.state,
                               (SELECT coalesce(jsonb_object_agg(status, n), '{}'::jsonb)::text FROM
                                   (SELECT status, count(*) AS n FROM configuration_application_meter m
                                    WHERE m.application_id = a.id GROUP BY status) s),
                               a.requested_by, a.created_at
                        FROM configuration_application a JOIN configuration_profile p ON p.id = a.profile_id
                        ORDER BY a.id DESC LIMIT ?""")
                .param(limit)
                .query((rs, i) -> new ApplicationSummary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), json.readValue(rs.getString(6), new TypeReference<TreeMap<String, Integer>>() {
                        }), rs.getString(7), instant(rs, 8)))
                .list();
    }

    Submitted apply(String profileName, ApplyRequest r, String staff, String key) {
        List<FieldIssue> issues = new ArrayList<>();
        MeterSelection.check(r.meters(), r.nodeCode(), issues);
        Campaigns.text(r.reason(), "reason", Campaigns.MAX_TEXT, issues);
        Campaigns.key(key, issues);
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        Profile p = profile(profileName)
                .orElseThrow(() -> ApiProblem.notFound("name", "No configuration profile " + profileName));
        String hash = Digests.requestHash(p.id(), r.meters(), r.nodeCode(), r.reason());
        Optional<Submitted> earlier = earlier(staff, key, hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<String> serials = selection.resolve(r.meters(), r.nodeCode()).stream().map(Meter::serialNo).toList();
        Map<String, Map.Entry<ControlType, Map<String, String>>> settings = settings(p);
        Instant now = clock.instant();
        long id;
        try {
            id = tx.execute(s -> {
                long created = jdbc.sql("""
                                INSERT INTO configuration_application (profile_id, node_code, meter_count, state, reason,
                                    requested_by, idempotency_key, request_hash, created_at, updated_at)
                                VALUES (?, ?, ?, 'APPLYING', ?, ?, ?, ?, ?, ?) RETURNING id""")
                        .params(p.id(), r.meters() == null ? r.nodeCode() : null, serials.size(), r.reason(), staff, key,
                                hash, ts(now), ts(now))
                        .query(Long.class).single();
                batch.batchUpdate("""
                                INSERT INTO configuration_application_meter (application_id, meter_serial, status, updated_at)
                                VALUES (?, ?, 'APPLYING', ?)""", serials, 1000, (ps, serial) -> {
                            ps.setLong(1, created);
                            ps.setString(2, serial);
                            ps.setTimestamp(3, ts(now));
                        });
                settings.forEach((setting, command) -> {
                    GroupView group = commands.submitGroup(new GroupRequest(serials, null, command.getKey(),
                            command.getValue(), "Configuration profile " + p.name() + ": " + r.reason(),
                            Campaigns.REQUESTER, "configuration-" + created + "-" + setting)).value();
                    jdbc.sql("""
                                    INSERT INTO configuration_application_command (application_id, setting, control_type,
                                                                                   parameters, command_group_id)
                                    VALUES (?, ?, ?, ?::jsonb, ?)""")
                            .params(created, setting, command.getKey().name(), json.writeValueAsString(command.getValue()),
                                    group.id())
                            .update();
                });
                return created;
            });
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            return earlier(staff, key, hash).orElseThrow(() -> sameKeyMeanwhile);
        }
        audit.record(staff, "CONFIGURATION APPLY", "profile " + p.name() + " → application " + id + " ("
                        + (r.meters() == null ? "meters under " + r.nodeCode() : "listed meters") + ", " + serials.size()
                        + ")", "APPLYING", settings.keySet() + "; reason: " + r.reason(), null);
        return new Submitted(application(id, null, 0, 100).orElseThrow(), false);
    }

    private Optional<Submitted> earlier(String staff, String key, String hash) {
        return jdbc.sql("SELECT id, request_hash FROM configuration_application WHERE requested_by = ? AND idempotency_key = ?")
                .params(staff, key).query((rs, i) -> {
                    if (!rs.getString(2).equals(hash)) {
                        throw ApiProblem.conflict("Idempotency-Key", "Idempotency key " + key
                                + " was already used for a different configuration application (" + rs.getLong(1) + ")");
                    }
                    return new Submitted(application(rs.getLong(1), null, 0, 100).orElseThrow(), true);
                }).optional();
    }

    // ------------------------------------------------------------------------------------------------ advance

    /** Only commands of this module are even recorded for it: a 10,000-meter disconnection costs it nothing. */
    @ApplicationModuleListener(condition = "#p0.requestedBy() == 'firmware' && #p0.groupId() != null")
    void on(CommandCompleted e) {
        if (e.groupId() == null || e.requesterKind() != Campaigns.REQUESTER.kind()
                || !Campaigns.REQUESTER.name().equals(e.requestedBy())) {
            return;
        }
        jdbc.sql("SELECT application_id FROM configuration_application_command WHERE command_group_id = ?")
                .param(e.groupId()).query(Long.class).optional()
                .filter(app -> commands.group(e.groupId(), null, 0, 1).map(GroupView::complete).orElse(false))
                .ifPresent(this::advance);
    }

    @ApplicationModuleListener(condition = "#p0.requestedBy() != null && #p0.requestedBy().startsWith('firmware/')")
    void on(ReadRequestCompleted e) {
        if (e.requestedBy() == null || !e.requestedBy().startsWith(READER_PREFIX)) {
            return;
        }
        long id = Long.parseLong(e.requestedBy().substring(READER_PREFIX.length()));
        tx.executeWithoutResult(s -> {
            if (jdbc.sql("SELECT id FROM configuration_application WHERE id = ? AND state <> 'APPLYING' FOR UPDATE")
                    .param(id).query(Long.class).optional().isEmpty()) {
                return;
            }
            verify(id, e);
        });
    }

    /** The safety net: applications whose commands completed, or whose read-back was never sent, are taken on. */
    @Scheduled(fixedDelayString = "${urja.firmware.check-interval:PT10S}")
    void check() {
        jdbc.sql("""
                        SELECT id FROM configuration_application
                        WHERE state = 'APPLYING' OR (state = 'READING_BACK' AND read_correlation_id IS NULL) ORDER BY id""")
                .query(Long.class).list().forEach(id -> {
                    try {
                        advance(id);
                    } catch (RuntimeException e) {
                        log.warn("Configuration application {} not advanced: {}", id, e.toString());
                    }
                });
    }

    /**
     * Once every command group of the application is final: meters with a command that did not succeed are
     * COMMAND_FAILED (naming which and why), the others READING_BACK; then, after that commit, their read-back is
     * requested.
     */
    void advance(long id) {
        Boolean readBack = ownTx.execute(s -> {
            Optional<String> state = jdbc.sql("""
                            SELECT state FROM configuration_application
                            WHERE id = ? AND (state = 'APPLYING' OR state = 'READING_BACK' AND read_correlation_id IS NULL)
                            FOR UPDATE SKIP LOCKED""")
                    .param(id).query(String.class).optional();
            if (state.isEmpty()) {
                return false;
            }
            if (state.get().equals("READING_BACK")) {
                return true; // recorded, but the read-back was never requested (or not recorded): ask (again)
            }
            List<Map.Entry<String, Long>> groups = jdbc.sql("""
                            SELECT control_type, command_group_id FROM configuration_application_command
                            WHERE application_id = ? ORDER BY setting""")
                    .param(id).query((rs, i) -> Map.entry(rs.getString(1), rs.getLong(2))).list();
            for (Map.Entry<String, Long> g : groups) {
                if (!commands.group(g.getValue(), null, 0, 1).orElseThrow().complete()) {
                    return false;
                }
            }
            Map<String, List<String>> failures = new TreeMap<>();
            for (Map.Entry<String, Long> g : groups) {
                for (int page = 0; ; page++) {
                    List<GroupView.MeterOutcome> outcomes = commands.group(g.getValue(), null, page, 1000).orElseThrow()
                            .outcomes();
                    if (outcomes.isEmpty()) {
                        break;
                    }
                    outcomes.stream().filter(o -> o.state() != CommandState.SUCCEEDED).forEach(o ->
                            failures.computeIfAbsent(o.meterSerialNo(), m -> new ArrayList<>()).add(g.getKey() + " "
                                    + o.state() + (o.stateReason() == null ? "" : " (" + o.stateReason() + ")")));
                }
            }
            Instant now = clock.instant();
            batch.batchUpdate("""
                            UPDATE configuration_application_meter SET status = 'COMMAND_FAILED', reason = ?, updated_at = ?
                            WHERE application_id = ? AND meter_serial = ?""", new ArrayList<>(failures.entrySet()), 1000,
                    (ps, f) -> {
                        ps.setString(1, String.join("; ", f.getValue()));
                        ps.setTimestamp(2, ts(now));
                        ps.setLong(3, id);
                        ps.setString(4, f.getKey());
                    });
            int reading = jdbc.sql("""
                            UPDATE configuration_application_meter SET status = 'READING_BACK', updated_at = ?
                            WHERE application_id = ? AND status = 'APPLYING'""")
                    .params(ts(now), id).update();
            jdbc.sql("UPDATE configuration_application SET state = ?, updated_at = ?, completed_at = ? WHERE id = ?")
                    .params(reading > 0 ? "READING_BACK" : "DONE", ts(now), reading > 0 ? null : ts(now), id).update();
            return reading > 0;
        });
        if (Boolean.TRUE.equals(readBack)) {
            requestReadBack(id);
        }
    }

    private void requestReadBack(long id) {
        List<String> meters = jdbc.sql("""
                        SELECT meter_serial FROM configuration_application_meter
                        WHERE application_id = ? AND status = 'READING_BACK' ORDER BY meter_serial""")
                .param(id).query(String.class).list();
        if (meters.isEmpty()) {
            return;
        }
        OutboundRequest read = hes.requestReadings(meters, List.of(ReadingProfile.INSTANTANEOUS), false, null, null,
                MeterReadRequest.Purpose.ON_DEMAND, READER_PREFIX + id, "configuration-" + id + "-read-back");
        jdbc.sql("UPDATE configuration_application SET read_correlation_id = ? WHERE id = ? AND read_correlation_id IS NULL")
                .params(read.correlationId(), id).update();
    }

    /** Compares what each meter reported under the read request with the profile: VERIFIED, MISMATCH or READ_FAILED. */
    private void verify(long id, ReadRequestCompleted e) {
        Map<String, String> expected = expected(id);
        Map<String, Map<String, BigDecimal>> reported = reported(e.correlationId());
        Instant now = clock.instant();
        for (ReadRequestCompleted.MeterOutcome m : e.meters()) {
            Map<String, BigDecimal> values = reported.get(m.meterSerialNo());
            String status;
            String reason;
            Map<String, Check> checks = new TreeMap<>();
            if (!"RECEIVED".equals(m.state()) || values == null) {
                status = "READ_FAILED";
                reason = "read-back " + m.state() + (m.reason() == null ? "" : ": " + m.reason());
            } else {
                List<String> missing = new ArrayList<>();
                expected.forEach((setting, value) -> {
                    BigDecimal got = values.get(READ_BACK.get(setting));
                    if (got == null) {
                        missing.add(READ_BACK.get(setting));
                    } else {
                        checks.put(setting, new Check(value, got.stripTrailingZeros().toPlainString(),
                                got.compareTo(new BigDecimal(value)) == 0));
                    }
                });
                List<String> differing = checks.entrySet().stream().filter(c -> !c.getValue().matches())
                        .map(c -> c.getKey() + " is " + c.getValue().readBack() + ", not " + c.getValue().expected())
                        .toList();
                status = !missing.isEmpty() ? "READ_FAILED" : differing.isEmpty() ? "VERIFIED" : "MISMATCH";
                reason = !missing.isEmpty() ? "the meter's instantaneous profile did not carry " + missing
                        : differing.isEmpty() ? "the meter reports every setting of the profile"
                        : "the meter reports " + String.join("; ", differing);
            }
            jdbc.sql("""
                            UPDATE configuration_application_meter SET status = ?, reason = ?, read_back = ?::jsonb,
                                                                       updated_at = ?
                            WHERE application_id = ? AND meter_serial = ? AND status IN ('READING_BACK', 'READ_FAILED')""")
                    .params(status, reason, checks.isEmpty() ? null : json.writeValueAsString(checks), ts(now), id,
                            m.meterSerialNo())
                    .update();
        }
        jdbc.sql("""
                        UPDATE configuration_application SET state = 'DONE', read_correlation_id = coalesce(read_correlation_id, ?),
                                                             updated_at = ?, completed_at = coalesce(completed_at, ?)
                        WHERE id = ?""")
                .params(e.correlationId(), ts(now), ts(now), id).update();
    }

    /** The read-back settings the application sent, as the meter should report them. */
    private Map<String, String> expected(long id) {
        Map<String, String> out = new TreeMap<>();
        jdbc.sql("SELECT setting, parameters::text FROM configuration_application_command WHERE application_id = ?")
                .param(id).query(rs -> {
                    String setting = rs.getString(1);
                    if (READ_BACK.containsKey(setting)) {
                        Map<String, String> p = json.readValue(rs.getString(2), new TypeReference<Map<String, String>>() {
                        });
                        out.put(setting, p.containsKey("loadLimitKw") ? p.get("loadLimitKw") : p.get("minutes"));
                    }
                });
        return out;
    }

    /** Per meter, the instantaneous-profile values of the MeterReadings that arrived under the correlation id. */
    private Map<String, Map<String, BigDecimal>> reported(String correlationId) {
        Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
        for (InboundMessages.Summary m : inbound.recent("MeterReadings", null, correlationId, 10_000)) {
            MeterReadingsBatch readings = MeterReadingsParser.parse(inbound.payload(m.messageId()).orElseThrow()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int i = 0; i < readings.meterReadings(); i++) {
                if (readings.profile(i) == ReadingProfile.INSTANTANEOUS) {
                    Map<String, BigDecimal> values = out.computeIfAbsent(readings.serialNo(i), s -> new TreeMap<>());
                    for (Reading r : readings.registers(i)) {
                        values.put(r.readingType(), r.value());
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ queries

    Optional<ApplicationView> application(long id, String status, int page, int size) {
        Map<String, Integer> counts = new TreeMap<>();
        jdbc.sql("SELECT status, count(*) FROM configuration_application_meter WHERE application_id = ? GROUP BY status")
                .param(id).query(rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                });
        Map<String, Long> groups = new TreeMap<>();
        jdbc.sql("SELECT setting, command_group_id FROM configuration_application_command WHERE application_id = ?")
                .param(id).query(rs -> {
                    groups.put(rs.getString(1), rs.getLong(2));
                });
        Map<String, String> expected = new TreeMap<>();
        jdbc.sql("SELECT setting, parameters::text FROM configuration_application_command WHERE application_id = ?")
                .param(id).query(rs -> {
                    Map<String, String> p = json.readValue(rs.getString(2), new TypeReference<Map<String, String>>() {
                    });
                    expected.put(rs.getString(1), p.getOrDefault("loadLimitKw", p.getOrDefault("minutes",
                            p.get("highPriority"))));
                });
        List<MeterResult> meters = jdbc.sql("""
                        SELECT meter_serial, status, reason, read_back::text, updated_at FROM configuration_application_meter
                        WHERE application_id = ? AND (CAST(? AS text) IS NULL OR status = ?)
                        ORDER BY meter_serial LIMIT ? OFFSET ?""")
                .params(id, status, status, size, (long) page * size)
                .query((rs, i) -> new MeterResult(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4) == null ? Map.of() : json.readValue(rs.getString(4),
                                new TypeReference<Map<String, Check>>() {
                                }), instant(rs, 5)))
                .list();
        return jdbc.sql("""
                        SELECT a.id, p.name, a.node_code, a.meter_count, a.state, a.read_correlation_id, a.reason,
                               a.requested_by, a.created_at, a.completed_at
                        FROM configuration_application a JOIN configuration_profile p ON p.id = a.profile_id WHERE a.id = ?""")
                .param(id)
                .query((rs, i) -> new ApplicationView(rs.getLong(1), rs.getString(2), expected, rs.getString(3),
                        rs.getInt(4), rs.getString(5), groups, rs.getString(6), counts, rs.getString(7), rs.getString(8),
                        instant(rs, 9), instant(rs, 10), meters))
                .optional();
    }
}

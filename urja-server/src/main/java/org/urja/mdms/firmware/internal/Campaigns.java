package org.urja.mdms.firmware.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
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
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.command.CommandCompleted;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.GroupRequest;
import org.urja.mdms.command.GroupView;
import org.urja.mdms.command.MeterState;
import org.urja.mdms.command.Requester;
import org.urja.mdms.network.Meter;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/**
 * Firmware campaigns (UC8.1): the meters of a list or a network node, minus those the image is not for or that already
 * run its version (skipped, with the reason), are upgraded in waves — the first a pilot — each sent as one
 * FIRMWARE_UPGRADE command group ({@link Commands#submitGroup}, idempotency key per campaign and wave). The next wave
 * goes only once the current one is final; a wave (before the last) whose FAILED and TIMED_OUT meters are more than
 * the threshold share halts the campaign, and nothing more is sent until staff resume it (or cancel it).
 *
 * <p>All state is in the database. A campaign is advanced under its row lock ({@code FOR UPDATE SKIP LOCKED}: one
 * node at a time, the others pass) when a command of its wave completes and by a periodic check, so a lost event or a
 * crash only delays it. Sending a wave and recording it are one transaction.
 */
@Service
class Campaigns {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Campaigns.class);

    static final Requester REQUESTER = Requester.system("firmware");
    static final int MAX_TEXT = 500;

    record CampaignRequest(String name, Long imageId, List<String> meters, String nodeCode, Integer pilotSize,
                           Integer waveSize, Integer failureThresholdPercent, String reason) {
    }

    /** A campaign: what, for whom, how far (meters per status, overall and per wave). */
    record CampaignView(long id, String name, long imageId, String make, String version, String nodeCode,
                        int pilotSize, int waveSize, int failureThresholdPercent, String state, String stateReason,
                        int meterCount, int skippedCount, int waveCount, Map<String, Integer> counts, List<Wave> waves,
                        String reason, String createdBy, Instant createdAt, Instant updatedAt) {
    }

    /**
     * One wave: its meters per status now, and {@code failedAtClose} — the FAILED and TIMED_OUT meters when it became
     * final, which decided whether the campaign went on.
     */
    record Wave(int wave, int meterCount, String state, Long commandGroupId, Map<String, Integer> counts,
                Integer failedAtClose, Instant sentAt, Instant closedAt) {
    }

    /** One meter of a campaign: its wave (null when skipped), status and why, and its command. */
    record MeterResult(String meterSerialNo, Integer wave, String status, String reason, String make, String model,
                       String versionBefore, Long commandId, Instant updatedAt) {
    }

    record Submitted(CampaignView campaign, boolean duplicate) {
    }

    private record Row(long id, String name, long imageId, int waveCount, int threshold, String state) {
    }

    private record PendingMeter(String serial, Integer wave, String status, String reason, String make, String model,
                                String versionBefore) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate tx;
    private final Commands commands;
    private final FirmwareImages images;
    private final MeterSelection selection;
    private final AuditTrail audit;
    private final Clock clock;

    Campaigns(JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate tx, Commands commands, FirmwareImages images,
              MeterSelection selection, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.tx = tx;
        this.commands = commands;
        this.images = images;
        this.selection = selection;
        this.audit = audit;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ create

    /**
     * What a campaign would do, computed as {@link #create} would plan it and nothing stored or sent: the meters
     * addressed, those skipped with their reasons, and the waves. For the staff page's confirmation step.
     */
    Plan preview(CampaignRequest r) {
        List<FieldIssue> issues = new ArrayList<>();
        check(r, issues);
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        FirmwareImages.Image image = images.find(r.imageId())
                .orElseThrow(() -> ApiProblem.invalid("imageId", "No firmware image " + r.imageId()));
        List<PendingMeter> meters = plan(image, selection.resolve(r.meters(), r.nodeCode()), r.pilotSize(), r.waveSize());
        Map<Integer, Integer> waves = new TreeMap<>();
        List<MeterResult> skipped = new ArrayList<>();
        for (PendingMeter m : meters) {
            if (m.wave() != null) {
                waves.merge(m.wave(), 1, Integer::sum);
            } else if (skipped.size() < Plan.LISTED) {
                skipped.add(new MeterResult(m.serial(), null, m.status(), m.reason(), m.make(), m.model(),
                        m.versionBefore(), null, null));
            }
        }
        int toUpgrade = waves.values().stream().mapToInt(Integer::intValue).sum();
        return new Plan(image, meters.size(), toUpgrade, meters.size() - toUpgrade, List.copyOf(waves.values()),
                skipped);
    }

    /** A campaign as it would be planned: meters addressed, to upgrade and skipped, meters per wave, skipped listed. */
    record Plan(FirmwareImages.Image image, int meterCount, int toUpgrade, int skippedCount, List<Integer> waveSizes,
                List<MeterResult> skipped) {
        static final int LISTED = 200;
    }

    private static void check(CampaignRequest r, List<FieldIssue> issues) {
        text(r.name(), "name", 100, issues);
        if (r.imageId() == null) {
            issues.add(FieldIssue.of("imageId", "is required: the firmware image to install"));
        }
        MeterSelection.check(r.meters(), r.nodeCode(), issues);
        if (r.pilotSize() == null || r.pilotSize() < 1) {
            issues.add(FieldIssue.of("pilotSize", "is required: meters in the first (pilot) wave, at least 1"));
        }
        if (r.waveSize() == null || r.waveSize() < 1) {
            issues.add(FieldIssue.of("waveSize", "is required: meters per wave after the pilot, at least 1"));
        }
        if (r.failureThresholdPercent() == null || r.failureThresholdPercent() < 0 || r.failureThresholdPercent() > 100) {
            issues.add(FieldIssue.of("failureThresholdPercent",
                    "is required: 0–100, the share of a wave failed or timed out above which the campaign halts"));
        }
        text(r.reason(), "reason", MAX_TEXT, issues);
    }

    Submitted create(CampaignRequest r, String staff, String key) {
        List<FieldIssue> issues = new ArrayList<>();
        check(r, issues);
        key(key, issues);
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest(issues.get(0).field() + " " + issues.get(0).message(), issues);
        }
        String hash = Digests.requestHash(r.name(), r.imageId(), r.meters(), r.nodeCode(), r.pilotSize(), r.waveSize(),
                r.failureThresholdPercent(), r.reason());
        Optional<Submitted> earlier = earlier(staff, key, hash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        FirmwareImages.Image image = images.find(r.imageId())
                .orElseThrow(() -> ApiProblem.invalid("imageId", "No firmware image " + r.imageId()));
        List<PendingMeter> meters = plan(image, selection.resolve(r.meters(), r.nodeCode()), r.pilotSize(), r.waveSize());
        int skipped = (int) meters.stream().filter(m -> m.wave() == null).count();
        int waves = meters.stream().filter(m -> m.wave() != null).mapToInt(PendingMeter::wave).max().orElse(0);
        Instant now = clock.instant();
        long id;
        try {
            id = tx.execute(s -> {
                long created = jdbc.sql("""
                                INSERT INTO firmware_campaign (name, image_id, node_code, pilot_size, wave_size,
                                    failure_threshold_percent, state, state_reason, wave_count, meter_count, skipped_count,
                                    reason, created_by, idempotency_key, request_hash, created_at, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                        .params(r.name(), image.id(), r.meters() == null ? r.nodeCode() : null, r.pilotSize(),
                                r.waveSize(), r.failureThresholdPercent(), "created by " + staff, waves, meters.size(),
                                skipped, r.reason(), staff, key, hash, ts(now), ts(now))
                        .query(Long.class).single();
                insertMeters(created, meters, now);
                for (int w = 1; w <= waves; w++) {
                    int wave = w;
                    jdbc.sql("INSERT INTO firmware_campaign_wave (campaign_id, wave, meter_count, state) VALUES (?, ?, ?, 'PENDING')")
                            .params(created, wave, meters.stream().filter(m -> m.wave() != null && m.wave() == wave).count())
                            .update();
                }
                step(lock(created, false).orElseThrow());
                return created;
            });
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            return earlier(staff, key, hash).orElseThrow(() -> sameKeyMeanwhile);
        }
        audit.record(staff, "FIRMWARE CAMPAIGN", "campaign " + id + " '" + r.name() + "' (" + image.make() + " "
                        + image.version() + ", " + (r.meters() == null ? "meters under " + r.nodeCode() : "listed meters")
                        + ")", "CREATED", meters.size() + " meters, " + skipped + " skipped, " + waves + " waves; reason: "
                        + r.reason(), null);
        return new Submitted(find(id).orElseThrow(), false);
    }

    private Optional<Submitted> earlier(String staff, String key, String hash) {
        return jdbc.sql("SELECT id, request_hash FROM firmware_campaign WHERE created_by = ? AND idempotency_key = ?")
                .params(staff, key).query((rs, i) -> {
                    if (!rs.getString(2).equals(hash)) {
                        throw ApiProblem.conflict("Idempotency-Key", "Idempotency key " + key
                                + " was already used for a different campaign (" + rs.getLong(1) + ")");
                    }
                    return new Submitted(find(rs.getLong(1)).orElseThrow(), true);
                }).optional();
    }

    /**
     * Which meters go, in which wave (serial order; the pilot first), and which are skipped and why: another make, a
     * model the image is not for, or already on its version (as confirmed by a command, else as registered).
     */
    private List<PendingMeter> plan(FirmwareImages.Image image, List<Meter> meters, int pilot, int waveSize) {
        List<PendingMeter> out = new ArrayList<>(meters.size());
        int eligible = 0;
        for (Meter m : meters) {
            String model = m.category().name();
            String version = commands.meterState(m.serialNo()).map(MeterState::properties)
                    .map(p -> p.get("firmwareVersion")).map(MeterState.Value::value).orElse(m.firmwareVersion());
            String skip = !image.make().equalsIgnoreCase(m.manufacturer())
                    ? "make " + m.manufacturer() + " is not the image's make " + image.make()
                    : !image.models().contains(model)
                    ? "model " + model + " is not targeted by the image (for " + String.join(", ", image.models()) + ")"
                    : image.version().equals(version) ? "already on version " + version : null;
            Integer wave = null;
            if (skip == null) {
                wave = eligible < pilot ? 1 : 2 + (eligible - pilot) / waveSize;
                eligible++;
            }
            out.add(new PendingMeter(m.serialNo(), wave, skip == null ? "PENDING" : "SKIPPED", skip, m.manufacturer(),
                    model, version));
        }
        return out;
    }

    private void insertMeters(long campaign, List<PendingMeter> meters, Instant now) {
        batch.batchUpdate("""
                        INSERT INTO firmware_campaign_meter (campaign_id, meter_serial, wave, status, reason, make, model,
                                                             version_before, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                meters, 1000, (ps, m) -> {
                    ps.setLong(1, campaign);
                    ps.setString(2, m.serial());
                    ps.setObject(3, m.wave(), java.sql.Types.INTEGER);
                    ps.setString(4, m.status());
                    ps.setString(5, m.reason());
                    ps.setString(6, m.make());
                    ps.setString(7, m.model());
                    ps.setString(8, m.versionBefore());
                    ps.setTimestamp(9, ts(now));
                });
    }

    // ------------------------------------------------------------------------------------------------ advance

    /** Advances a running campaign if no other node is doing so (its own transaction). */
    void advance(long id) {
        tx.executeWithoutResult(s -> lock(id, true).ifPresent(this::step));
    }

    /** Only commands of this module are even recorded for it: a 10,000-meter disconnection costs it nothing. */
    @ApplicationModuleListener(condition = "#p0.requestedBy() == 'firmware' && #p0.groupId() != null")
    void on(CommandCompleted e) {
        if (e.groupId() == null || e.requesterKind() != REQUESTER.kind() || !REQUESTER.name().equals(e.requestedBy())) {
            return;
        }
        Optional<long[]> wave = jdbc.sql("SELECT campaign_id, wave FROM firmware_campaign_wave WHERE command_group_id = ?")
                .param(e.groupId()).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).optional();
        if (wave.isEmpty()) {
            return; // a configuration profile's command
        }
        long campaign = wave.get()[0];
        jdbc.sql("""
                        UPDATE firmware_campaign_meter SET status = ?, reason = ?, command_id = ?, updated_at = ?
                        WHERE campaign_id = ? AND meter_serial = ? AND (status <> ? OR command_id IS DISTINCT FROM ?)""")
                .params(status(e.state()), e.reason(), e.commandId(), ts(clock.instant()), campaign, e.meterSerialNo(),
                        status(e.state()), e.commandId())
                .update();
        boolean waveOpen = jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM firmware_campaign_meter
                                       WHERE campaign_id = ? AND wave = ? AND status IN ('PENDING', 'SENT'))""")
                .params(campaign, wave.get()[1]).query(Boolean.class).single();
        if (!waveOpen) {
            advance(campaign);
        }
    }

    /** The safety net: every running campaign is looked at (a wave's last outcome lost, a crash mid-way). */
    @Scheduled(fixedDelayString = "${urja.firmware.check-interval:PT10S}")
    void check() {
        jdbc.sql("SELECT id FROM firmware_campaign WHERE state = 'RUNNING' ORDER BY id").query(Long.class).list()
                .forEach(id -> {
                    try {
                        advance(id);
                    } catch (RuntimeException e) {
                        log.warn("Firmware campaign {} not advanced: {}", id, e.toString());
                    }
                });
    }

    private Optional<Row> lock(long id, boolean skipLocked) {
        return jdbc.sql("""
                        SELECT id, name, image_id, wave_count, failure_threshold_percent, state FROM firmware_campaign
                        WHERE id = ? AND state = 'RUNNING' FOR UPDATE""" + (skipLocked ? " SKIP LOCKED" : ""))
                .param(id)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getInt(5),
                        rs.getString(6)))
                .optional();
    }

    /**
     * With the campaign's row locked: closes the wave in flight once its group is final (halting above the threshold),
     * then sends the next wave, or completes the campaign when none is left.
     */
    private void step(Row c) {
        Instant now = clock.instant();
        Optional<long[]> sent = jdbc.sql("""
                        SELECT wave, command_group_id, meter_count FROM firmware_campaign_wave
                        WHERE campaign_id = ? AND state = 'SENT'""")
                .param(c.id()).query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).optional();
        if (sent.isPresent()) {
            int wave = (int) sent.get()[0];
            long group = sent.get()[1];
            int size = (int) sent.get()[2];
            GroupView g = commands.group(group, null, 0, 1).orElseThrow();
            if (!g.complete()) {
                return;
            }
            syncOutcomes(c.id(), group, now);
            int failed = g.counts().getOrDefault(CommandState.FAILED, 0) + g.counts().getOrDefault(CommandState.TIMED_OUT, 0);
            jdbc.sql("""
                            UPDATE firmware_campaign_wave SET state = 'DONE', closed_at = ?, failed_at_close = ?
                            WHERE campaign_id = ? AND wave = ?""")
                    .params(ts(now), failed, c.id(), wave).update();
            if ((long) failed * 100 > (long) c.threshold() * size && wave < c.waveCount()) {
                setState(c.id(), "HALTED", "wave " + wave + " of " + c.waveCount() + ": " + failed + " of " + size
                        + " meters failed or timed out (" + Math.round(failed * 100.0 / size) + " %), above the failure"
                        + " threshold of " + c.threshold() + " %; resume after looking, or cancel", now);
                return;
            }
        }
        Optional<Integer> next = jdbc.sql("""
                        SELECT wave FROM firmware_campaign_wave WHERE campaign_id = ? AND state = 'PENDING'
                        ORDER BY wave LIMIT 1""")
                .param(c.id()).query(Integer.class).optional();
        if (next.isEmpty()) {
            setState(c.id(), "COMPLETED", c.waveCount() == 0 ? "no meter to upgrade" : "every wave sent and final", now);
            return;
        }
        send(c, next.get(), now);
    }

    private void send(Row c, int wave, Instant now) {
        FirmwareImages.Image image = images.find(c.imageId()).orElseThrow();
        List<String> serials = jdbc.sql("""
                        SELECT meter_serial FROM firmware_campaign_meter WHERE campaign_id = ? AND wave = ?
                        AND status = 'PENDING' ORDER BY meter_serial""")
                .params(c.id(), wave).query(String.class).list();
        Map<String, String> parameters = Map.of("firmwareVersion", image.version(),
                "imagePath", FirmwareImages.downloadPath(image.id()), "imageSha256", image.sha256(),
                "imageSizeBytes", String.valueOf(image.sizeBytes()), "imageModels", String.join(",", image.models()));
        GroupView group;
        try {
            group = commands.submitGroup(new GroupRequest(serials, null, ControlType.FIRMWARE_UPGRADE, parameters,
                    "Firmware campaign " + c.id() + " '" + c.name() + "', wave " + wave + " of " + c.waveCount(),
                    REQUESTER, "firmware-campaign-" + c.id() + "-wave-" + wave)).value();
        } catch (ApiProblem refused) {
            // E.g. a meter left the registry since the campaign was planned: staff decide.
            setState(c.id(), "HALTED", "wave " + wave + " could not be sent: " + refused.getMessage(), now);
            return;
        }
        jdbc.sql("""
                        UPDATE firmware_campaign_wave SET state = 'SENT', command_group_id = ?, sent_at = ?
                        WHERE campaign_id = ? AND wave = ?""")
                .params(group.id(), ts(now), c.id(), wave).update();
        jdbc.sql("UPDATE firmware_campaign_meter SET status = 'SENT', updated_at = ? WHERE campaign_id = ? AND wave = ?")
                .params(ts(now), c.id(), wave).update();
        syncOutcomes(c.id(), group.id(), now);
        setState(c.id(), "RUNNING", "wave " + wave + " of " + c.waveCount() + " sent (command group " + group.id() + ")",
                now);
    }

    /** Each meter's command and outcome as the command module has it (the authority; events only make it sooner). */
    private void syncOutcomes(long campaign, long group, Instant now) {
        for (int page = 0; ; page++) {
            List<GroupView.MeterOutcome> outcomes = commands.group(group, null, page, 1000).orElseThrow().outcomes();
            if (outcomes.isEmpty()) {
                return;
            }
            batch.batchUpdate("""
                            UPDATE firmware_campaign_meter SET status = ?, reason = ?, command_id = ?, updated_at = ?
                            WHERE campaign_id = ? AND meter_serial = ? AND (status <> ? OR command_id IS DISTINCT FROM ?)""",
                    outcomes, 1000, (ps, o) -> {
                        String status = status(o.state());
                        ps.setString(1, status);
                        ps.setString(2, o.state().isFinal() ? o.stateReason() : null);
                        ps.setLong(3, o.commandId());
                        ps.setTimestamp(4, ts(now));
                        ps.setLong(5, campaign);
                        ps.setString(6, o.meterSerialNo());
                        ps.setString(7, status);
                        ps.setLong(8, o.commandId());
                    });
        }
    }

    private static String status(CommandState state) {
        return state.isFinal() ? state.name() : "SENT";
    }

    private void setState(long id, String state, String reason, Instant now) {
        jdbc.sql("UPDATE firmware_campaign SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?")
                .params(state, reason, ts(now), id).update();
    }

    // ------------------------------------------------------------------------------------------------ staff actions

    /**
     * Staff stop a RUNNING campaign where it stands: no further wave is sent until it is resumed (or cancelled); the
     * commands of the wave in flight complete and are recorded, and on resume that wave is judged against the
     * threshold as usual.
     */
    CampaignView halt(long id, String staff, String reason) {
        String why = actionReason(reason);
        tx.executeWithoutResult(s -> {
            String state = currentState(id, true);
            if (!state.equals("RUNNING")) {
                throw ApiProblem.conflict("state", "Campaign " + id + " is " + state + ": only a RUNNING campaign halts");
            }
            setState(id, "HALTED", "halted by " + staff + ": " + why + "; resume to go on, or cancel", clock.instant());
        });
        audit.record(staff, "FIRMWARE CAMPAIGN HALT", "campaign " + id, "HALTED", "reason: " + why, null);
        return find(id).orElseThrow();
    }

    /** A HALTED campaign goes on with its next wave. */
    CampaignView resume(long id, String staff, String reason) {
        String why = actionReason(reason);
        tx.executeWithoutResult(s -> {
            String state = currentState(id, true);
            if (!state.equals("HALTED")) {
                throw ApiProblem.conflict("state", "Campaign " + id + " is " + state + ": only a HALTED campaign resumes");
            }
            setState(id, "RUNNING", "resumed by " + staff + ": " + why, clock.instant());
            step(lock(id, false).orElseThrow());
        });
        audit.record(staff, "FIRMWARE CAMPAIGN RESUME", "campaign " + id, "RUNNING", "reason: " + why, null);
        return find(id).orElseThrow();
    }

    /**
     * Stops a running or halted campaign: no further wave is sent, the commands of the wave in flight not yet sent to
     * the HES are cancelled (those already sent complete and are recorded); cancelling again changes nothing.
     */
    CampaignView cancel(long id, String staff, String reason) {
        String why = actionReason(reason);
        boolean changed = Boolean.TRUE.equals(tx.execute(s -> {
            String state = currentState(id, true);
            if (state.equals("CANCELLED")) {
                return false;
            }
            if (state.equals("COMPLETED")) {
                throw ApiProblem.conflict("state", "Campaign " + id + " is COMPLETED: nothing is left to cancel");
            }
            Instant now = clock.instant();
            jdbc.sql("""
                            SELECT command_group_id FROM firmware_campaign_wave WHERE campaign_id = ? AND state = 'SENT'""")
                    .param(id).query(Long.class).optional()
                    .ifPresent(group -> commands.cancelGroup(group, Requester.staff(staff), "firmware campaign " + id
                            + " cancelled: " + why));
            jdbc.sql("UPDATE firmware_campaign_wave SET state = 'CANCELLED', closed_at = ? WHERE campaign_id = ? AND state IN ('PENDING', 'SENT')")
                    .params(ts(now), id).update();
            jdbc.sql("""
                            UPDATE firmware_campaign_meter SET status = 'CANCELLED', reason = ?, updated_at = ?
                            WHERE campaign_id = ? AND status = 'PENDING'""")
                    .params("campaign cancelled before its wave was sent", ts(now), id).update();
            setState(id, "CANCELLED", "cancelled by " + staff + ": " + why, now);
            return true;
        }));
        if (changed) {
            audit.record(staff, "FIRMWARE CAMPAIGN CANCEL", "campaign " + id, "CANCELLED", "reason: " + why, null);
        }
        return find(id).orElseThrow();
    }

    private String currentState(long id, boolean lock) {
        return jdbc.sql("SELECT state FROM firmware_campaign WHERE id = ?" + (lock ? " FOR UPDATE" : "")).param(id)
                .query(String.class).optional()
                .orElseThrow(() -> ApiProblem.notFound("id", "No firmware campaign " + id));
    }

    // ------------------------------------------------------------------------------------------------ queries

    Optional<CampaignView> find(long id) {
        Map<Integer, Map<String, Integer>> perWave = new TreeMap<>();
        Map<String, Integer> total = new TreeMap<>();
        jdbc.sql("SELECT wave, status, count(*) FROM firmware_campaign_meter WHERE campaign_id = ? GROUP BY wave, status")
                .param(id).query(rs -> {
                    int n = rs.getInt(3);
                    total.merge(rs.getString(2), n, Integer::sum);
                    if (rs.getObject(1) != null) {
                        perWave.computeIfAbsent(rs.getInt(1), w -> new TreeMap<>()).put(rs.getString(2), n);
                    }
                });
        List<Wave> waves = jdbc.sql("""
                        SELECT wave, meter_count, state, command_group_id, failed_at_close, sent_at, closed_at
                        FROM firmware_campaign_wave WHERE campaign_id = ? ORDER BY wave""")
                .param(id)
                .query((rs, i) -> new Wave(rs.getInt(1), rs.getInt(2), rs.getString(3), (Long) rs.getObject(4),
                        perWave.getOrDefault(rs.getInt(1), Map.of()), (Integer) rs.getObject(5), instant(rs, 6),
                        instant(rs, 7)))
                .list();
        return jdbc.sql("""
                        SELECT c.id, c.name, c.image_id, i.make, i.version, c.node_code, c.pilot_size, c.wave_size,
                               c.failure_threshold_percent, c.state, c.state_reason, c.meter_count, c.skipped_count,
                               c.wave_count, c.reason, c.created_by, c.created_at, c.updated_at
                        FROM firmware_campaign c JOIN firmware_image i ON i.id = c.image_id WHERE c.id = ?""")
                .param(id)
                .query((rs, i) -> new CampaignView(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getString(10),
                        rs.getString(11), rs.getInt(12), rs.getInt(13), rs.getInt(14), new LinkedHashMap<>(total), waves,
                        rs.getString(15), rs.getString(16), instant(rs, 17), instant(rs, 18)))
                .optional();
    }

    /** A campaign in a list: what, where it stands, and how many of its meters are final. */
    record Summary(long id, String name, String make, String version, String nodeCode, String state, int meterCount,
                   int skippedCount, int waveCount, int succeeded, int failed, String createdBy, Instant createdAt) {
    }

    /** The newest campaigns first. */
    List<Summary> recent(int limit) {
        return jdbc.sql("""
                        SELECT c.id, c.name, i.make, i.version, c.node_code, c.state, c.meter_count, c.skipped_count,
                               c.wave_count,
                               (SELECT count(*) FROM firmware_campaign_meter m
                                WHERE m.campaign_id = c.id AND m.status = 'SUCCEEDED'),
                               (SELECT count(*) FROM firmware_campaign_meter m
                                WHERE m.campaign_id = c.id AND m.status IN ('FAILED', 'TIMED_OUT', 'REFUSED')),
                               c.created_by, c.created_at
                        FROM firmware_campaign c JOIN firmware_image i ON i.id = c.image_id ORDER BY c.id DESC LIMIT ?""")
                .param(limit)
                .query((rs, i) -> new Summary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
                        rs.getInt(11), rs.getString(12), instant(rs, 13)))
                .list();
    }

    /** One page of the campaign's meters in serial order, optionally of one status. */
    List<MeterResult> meters(long id, String status, int page, int size) {
        currentState(id, false);
        return jdbc.sql("""
                        SELECT meter_serial, wave, status, reason, make, model, version_before, command_id, updated_at
                        FROM firmware_campaign_meter WHERE campaign_id = ? AND (CAST(? AS text) IS NULL OR status = ?)
                        ORDER BY meter_serial LIMIT ? OFFSET ?""")
                .params(id, status, status, size, (long) page * size)
                .query((rs, i) -> new MeterResult(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), (Long) rs.getObject(8),
                        instant(rs, 9)))
                .list();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static void text(String value, String field, int max, List<FieldIssue> issues) {
        if (value == null || value.isBlank()) {
            issues.add(FieldIssue.of(field, "is required"));
        } else if (value.length() > max) {
            issues.add(FieldIssue.of(field, "must be at most " + max + " characters"));
        }
    }

    static void key(String key, List<FieldIssue> issues) {
        if (key == null || key.isBlank()) {
            issues.add(FieldIssue.of("Idempotency-Key", "is required: a key unique to this request, the same on a retry"));
        } else if (key.length() > 100) {
            issues.add(FieldIssue.of("Idempotency-Key", "must be at most 100 characters"));
        }
    }

    static String actionReason(String reason) {
        List<FieldIssue> issues = new ArrayList<>();
        text(reason, "reason", MAX_TEXT, issues);
        if (!issues.isEmpty()) {
            throw ApiProblem.badRequest("reason " + issues.get(0).message() + ": say why", issues);
        }
        return reason;
    }

    static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

package org.urja.mdms.clock.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.network.Dcu;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.MeterLocation;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;

import static org.urja.mdms.clock.internal.ClockRules.seconds;

/**
 * Staff API of meter and DCU clocks (UC10.1): the drift report (meters beyond tolerance, worst first), one meter's
 * clock history, DCU clock status, and synchronisation runs. Every staff role reads; OPERATOR and ADMIN start a run
 * (with an {@code Idempotency-Key}: the same key again returns the first run, 200 instead of 201).
 */
@RestController
@RequestMapping("/api/v1")
@Validated
class ClockController {

    static final String READERS = "hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR', 'VIEWER')";
    static final String ISSUERS = "hasAnyRole('ADMIN', 'OPERATOR')";
    private static final int MAX_METERS_UNDER = 100_000;

    /** A meter's clock as its latest reading found it. */
    record MeterClock(String meterSerialNo, String nodeCode, BigDecimal offsetSeconds, Instant observedAt,
                      BigDecimal driftSecondsPerDay, Instant rateFrom, boolean beyondTolerance, Instant beyondSince,
                      boolean likelyFaultyRtc, Instant lastTimeSync) {
    }

    record DriftReport(long toleranceSeconds, int meters, List<MeterClock> worstFirst) {
    }

    record Observation(Instant observedAt, BigDecimal offsetSeconds, String messageId) {
    }

    record DriftSync(LocalDate day, BigDecimal offsetSeconds, Instant observedAt, Long commandId, String note,
                     Instant requestedAt) {
    }

    record ClockHistory(long toleranceSeconds, MeterClock clock, List<Observation> observations,
                        List<DriftSync> driftSyncs) {
    }

    record DcuClock(String dcuCode, String dtCode, boolean active, long meters, String lastCorrelationId,
                    Instant lastRequestedAt, String lastStatus, String lastReason, Instant lastSyncedAt,
                    BigDecimal offsetSeconds, Instant offsetObservedAt) {
    }

    record RunDetail(ClockSyncRuns.Run run, List<ClockSyncRuns.Item> items) {
    }

    /** What to synchronise: every DCU and meter under {@code nodeCode}, or (without it) the whole network. */
    record RunBody(String nodeCode) {
    }

    private final JdbcClient jdbc;
    private final NetworkRegistry network;
    private final ClockSyncRuns runs;
    private final ClockProperties props;
    private final AuditTrail audit;

    ClockController(JdbcClient jdbc, NetworkRegistry network, ClockSyncRuns runs, ClockProperties props, AuditTrail audit) {
        this.jdbc = jdbc;
        this.network = network;
        this.runs = runs;
        this.props = props;
        this.audit = audit;
    }

    /** Meters whose clock is beyond tolerance now, the worst first; under a network node and/or behind a DCU. */
    @GetMapping("/clock/drift")
    @PreAuthorize(READERS)
    DriftReport drift(@RequestParam(required = false) String node, @RequestParam(required = false) String dcu,
                      @RequestParam(defaultValue = "500") @Min(1) @Max(10000) int limit) {
        List<String> under = null;
        if (node != null) {
            network.node(node).orElseThrow(() -> ApiProblem.notFound("node", "No network node " + node));
            under = network.metersUnder(node, MAX_METERS_UNDER, 0).stream().map(Meter::serialNo).toList();
        }
        if (dcu != null) {
            if (network.dcus(Integer.MAX_VALUE, 0).stream().noneMatch(d -> d.code().equals(dcu))) {
                throw ApiProblem.notFound("dcu", "No DCU " + dcu);
            }
            List<String> onDcu = network.metersOnDcu(dcu, MAX_METERS_UNDER, 0).stream().map(Meter::serialNo).toList();
            under = under == null ? onDcu : under.stream().filter(onDcu::contains).toList();
        }
        List<MeterClock> meters = jdbc.sql(SELECT + """
                         WHERE m.beyond_tolerance AND (CAST(? AS text[]) IS NULL OR m.meter_serial = ANY (CAST(? AS text[])))
                        ORDER BY abs(m.offset_ms) DESC, m.meter_serial LIMIT ?""")
                .params(array(under), array(under), limit)
                .query((rs, i) -> clock(rs)).list();
        return new DriftReport(props.tolerance().toSeconds(), meters.size(), withNodes(meters));
    }

    /** A meter's clock: where it stands, its readings (newest first) and the time settings its drift asked for. */
    @GetMapping("/meters/{serialNo}/clock")
    @PreAuthorize(READERS)
    ClockHistory meterClock(@PathVariable String serialNo,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit) {
        MeterClock clock = jdbc.sql(SELECT + " WHERE m.meter_serial = ? AND m.observed_at IS NOT NULL").param(serialNo)
                .query((rs, i) -> clock(rs)).optional()
                .orElseThrow(() -> ApiProblem.notFound("serialNo", "No clock reading of meter " + serialNo));
        List<Observation> observations = jdbc.sql("""
                        SELECT observed_at, offset_ms, message_id FROM clock_observation WHERE meter_serial = ?
                        ORDER BY observed_at DESC LIMIT ?""")
                .params(serialNo, limit)
                .query((rs, i) -> new Observation(instant(rs.getObject(1, OffsetDateTime.class)), seconds(rs.getLong(2)),
                        rs.getString(3)))
                .list();
        List<DriftSync> syncs = jdbc.sql("""
                        SELECT day, offset_ms, observed_at, command_id, note, requested_at FROM clock_drift_sync
                        WHERE meter_serial = ? ORDER BY day DESC LIMIT ?""")
                .params(serialNo, limit)
                .query((rs, i) -> new DriftSync(rs.getObject(1, LocalDate.class), seconds(rs.getLong(2)),
                        instant(rs.getObject(3, OffsetDateTime.class)), rs.getObject(4, Long.class), rs.getString(5),
                        instant(rs.getObject(6, OffsetDateTime.class))))
                .list();
        return new ClockHistory(props.tolerance().toSeconds(), withNodes(List.of(clock)).get(0), observations, syncs);
    }

    /** Every registered DCU with its clock's last setting and offset. */
    @GetMapping("/clock/dcus")
    @PreAuthorize(READERS)
    List<DcuClock> dcus() {
        Map<String, DcuClock> known = new HashMap<>();
        jdbc.sql("""
                        SELECT dcu_code, last_correlation_id, last_requested_at, last_status, last_reason, synced_at,
                               offset_ms, offset_at FROM clock_dcu""")
                .query(rs -> {
                    Long offset = rs.getObject(7, Long.class);
                    known.put(rs.getString(1), new DcuClock(rs.getString(1), null, false, 0, rs.getString(2),
                            instant(rs.getObject(3, OffsetDateTime.class)), rs.getString(4), rs.getString(5),
                            instant(rs.getObject(6, OffsetDateTime.class)), offset == null ? null : seconds(offset),
                            instant(rs.getObject(8, OffsetDateTime.class))));
                });
        return network.dcus(Integer.MAX_VALUE, 0).stream().map((Dcu d) -> {
            DcuClock c = known.get(d.code());
            return c == null ? new DcuClock(d.code(), d.dtCode(), d.active(), d.meters(), null, null, null, null, null,
                    null, null)
                    : new DcuClock(d.code(), d.dtCode(), d.active(), d.meters(), c.lastCorrelationId(), c.lastRequestedAt(),
                    c.lastStatus(), c.lastReason(), c.lastSyncedAt(), c.offsetSeconds(), c.offsetObservedAt());
        }).toList();
    }

    /** Synchronises every DCU and meter now (as the nightly run does), under a node or in the whole network. */
    @PostMapping("/clock/sync-runs")
    @PreAuthorize(ISSUERS)
    ResponseEntity<ClockSyncRuns.Run> startRun(Principal staff, @RequestBody(required = false) RunBody body,
                                               @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        String nodeCode = body == null || body.nodeCode() == null || body.nodeCode().isBlank() ? null : body.nodeCode();
        var submitted = runs.request(staff.getName(), key, nodeCode);
        ClockSyncRuns.Run run = submitted.value();
        if (submitted.duplicate()) {
            return ResponseEntity.ok(run);
        }
        audit.record(staff.getName(), "CLOCK SYNC RUN", "run " + run.id(), "REQUESTED",
                "time synchronisation of every DCU and meter " + (nodeCode == null ? "of the network" : "under " + nodeCode),
                null);
        return ResponseEntity.created(URI.create("/api/v1/clock/sync-runs/" + run.id())).body(run);
    }

    @GetMapping("/clock/sync-runs")
    @PreAuthorize(READERS)
    List<ClockSyncRuns.Run> recentRuns(@RequestParam(defaultValue = "20") @Min(1) @Max(1000) int limit) {
        return runs.recent(limit);
    }

    /** A run with what it did per DCU and per group of meters (the group commands' progress is under command-groups). */
    @GetMapping("/clock/sync-runs/{id}")
    @PreAuthorize(READERS)
    RunDetail run(@PathVariable long id) {
        ClockSyncRuns.Run run = runs.find(id).orElseThrow(() -> ApiProblem.notFound("id", "No synchronisation run " + id));
        return new RunDetail(run, runs.items(id));
    }

    private static final String SELECT = """
            SELECT m.meter_serial, m.offset_ms, m.observed_at, m.drift_seconds_per_day, m.rate_from, m.beyond_tolerance,
                   m.beyond_since, m.rtc_suspect, s.synced_at
            FROM clock_meter m LEFT JOIN clock_meter_sync s ON s.meter_serial = m.meter_serial""";

    private static MeterClock clock(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new MeterClock(rs.getString(1), null, seconds(rs.getLong(2)), instant(rs.getObject(3, OffsetDateTime.class)),
                rs.getBigDecimal(4), instant(rs.getObject(5, OffsetDateTime.class)), rs.getBoolean(6),
                instant(rs.getObject(7, OffsetDateTime.class)), rs.getBoolean(8),
                instant(rs.getObject(9, OffsetDateTime.class)));
    }

    /** The meters with the network node each is placed at now (one query). */
    private List<MeterClock> withNodes(List<MeterClock> meters) {
        Map<String, MeterLocation> at = network.locations(meters.stream().map(MeterClock::meterSerialNo).toList());
        return meters.stream().map(m -> {
            MeterLocation l = at.get(m.meterSerialNo());
            return new MeterClock(m.meterSerialNo(), l == null ? null : l.nodeCode(), m.offsetSeconds(), m.observedAt(),
                    m.driftSecondsPerDay(), m.rateFrom(), m.beyondTolerance(), m.beyondSince(), m.likelyFaultyRtc(),
                    m.lastTimeSync());
        }).toList();
    }

    private static String[] array(List<String> serials) {
        return serials == null ? null : serials.toArray(String[]::new);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

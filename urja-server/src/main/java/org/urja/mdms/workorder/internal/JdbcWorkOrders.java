package org.urja.mdms.workorder.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.network.MeterChanges;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.workorder.InspectionOutcome;
import org.urja.mdms.workorder.MeterInstallationOrder;
import org.urja.mdms.workorder.MeterInstallationReported;
import org.urja.mdms.workorder.TamperConfirmed;
import org.urja.mdms.workorder.TamperInspection;
import org.urja.mdms.workorder.TamperResolved;
import org.urja.mdms.workorder.WorkOrderCompleted;
import org.urja.mdms.workorder.WorkOrder;
import org.urja.mdms.workorder.WorkOrderCreated;
import org.urja.mdms.workorder.WorkOrderPriority;
import org.urja.mdms.workorder.WorkOrderRequest;
import org.urja.mdms.workorder.WorkOrderType;
import org.urja.mdms.workorder.WorkOrders;
import tools.jackson.databind.json.JsonMapper;

/** Work orders in PostgreSQL: raising, attaching repeats, and the field force's status changes with their history. */
@Service
@EnableConfigurationProperties(WorkOrderProperties.class)
class JdbcWorkOrders implements WorkOrders {

    static final String TAMPER_INSPECTION = "TAMPER_INSPECTION";
    static final String METER_INSTALLATION = "METER_INSTALLATION";
    private static final String SYSTEM = "system";

    record StatusChange(String status, Instant at, String by, String note) {
    }

    record AttachedEvent(long eventId, Instant occurredAt) {
    }

    record View(long id, String type, String priority, String status, String meterSerialNo, String consumerNo,
                String servicePointCode, String address, Integer tamperCode, String tamperDescription,
                Long sourceEventId, Instant sourceEventAt, int occurrences, Instant lastOccurrenceAt,
                Instant tamperClearedAt, Instant createdAt, Instant dueAt, boolean overdue, String assignee,
                InspectionOutcome outcome, String findings, Map<String, BigDecimal> readings, String completedBy,
                Instant completedAt, String resolution, String resolvedBy, Instant resolvedAt,
                String sourceReference, String installedMeterSerialNo, String installedDtCode,
                String installedFeederCode, Instant installedAt, String description, String crewCode,
                List<StatusChange> statusHistory, List<AttachedEvent> events) {
    }

    /** The field force's report of an installation order done (UC12.3, UC13.4). */
    record InstallationReport(String meterSerialNo, String dtCode, String feederCode, String dcuCode,
                              BigDecimal readingKwh,
                              Instant installedAt, BigDecimal removedMeterReadingKwh, String note) {
    }

    static final String COLUMNS = """
            id, type, priority, status, meter_serial, consumer_no, service_point, address, tamper_code, tamper_description,
            source_event_id, source_event_at, occurrences, last_occurrence_at, tamper_cleared_at, created_at, due_at,
            assignee, outcome, findings, readings::text, completed_by, completed_at, resolution, resolved_by, resolved_at,
            source_reference, installed_meter_serial, installed_dt, installed_feeder, installed_at, description, crew_code""";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final WorkOrderProperties props;
    private final JsonMapper json;
    private final MeterChanges meters;

    JdbcWorkOrders(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, WorkOrderProperties props,
                   JsonMapper json, MeterChanges meters) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.props = props;
        this.json = json;
    }

    @Override
    @Transactional
    public Raised raiseTamperInspection(TamperInspection r) {
        Optional<Long> already = jdbc.sql("SELECT work_order_id FROM work_order_event WHERE event_id = ?")
                .param(r.eventId()).query(Long.class).optional();
        if (already.isPresent()) {
            return new Raised(already.get(), false);
        }
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Long> open = jdbc.sql("""
                            SELECT id FROM work_order WHERE type = 'TAMPER_INSPECTION' AND meter_serial = ?
                              AND tamper_code = ? AND status NOT IN ('COMPLETED', 'CANCELLED') FOR UPDATE""")
                    .params(r.meterSerialNo(), r.tamperCode()).query(Long.class).optional();
            if (open.isPresent()) {
                attach(open.get(), r.eventId(), r.occurredAt(), now);
                jdbc.sql("""
                                UPDATE work_order SET occurrences = occurrences + 1,
                                    last_occurrence_at = greatest(last_occurrence_at, ?),
                                    -- the latest occurrence says whether the tamper is still on
                                    tamper_cleared_at = CASE WHEN ? >= coalesce(last_occurrence_at, ?)
                                                             THEN CAST(? AS timestamptz) ELSE tamper_cleared_at END
                                WHERE id = ?""")
                        .params(ts(r.occurredAt()), ts(r.occurredAt()), ts(r.occurredAt()), ts(r.clearedAt()),
                                open.get())
                        .update();
                return new Raised(open.get(), false);
            }
            String priority = r.urgent() ? "HIGH" : "NORMAL";
            Instant due = now.plus(r.urgent() ? props.inspectionDueHigh() : props.inspectionDueNormal());
            Optional<Long> id = jdbc.sql("""
                            INSERT INTO work_order (type, priority, status, meter_serial, consumer_no, service_point,
                                address, tamper_code, tamper_description, source_event_id, source_event_at,
                                last_occurrence_at, tamper_cleared_at, created_at, due_at)
                            VALUES ('TAMPER_INSPECTION', ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (meter_serial, tamper_code)
                                WHERE type = 'TAMPER_INSPECTION' AND status NOT IN ('COMPLETED', 'CANCELLED') DO NOTHING
                            RETURNING id""")
                    .params(priority, r.meterSerialNo(), r.consumerNo(), r.servicePointCode(), r.address(),
                            r.tamperCode(), r.tamperDescription(), r.eventId(), ts(r.occurredAt()), ts(r.occurredAt()),
                            ts(r.clearedAt()), ts(now), ts(due))
                    .query(Long.class).optional();
            if (id.isEmpty()) {
                continue; // raised concurrently for the same meter and code: attach to that one
            }
            attach(id.get(), r.eventId(), r.occurredAt(), now);
            history(id.get(), "OPEN", now, SYSTEM, "Raised by event " + r.tamperCode() + " ("
                    + r.tamperDescription() + ") at " + r.occurredAt());
            events.publishEvent(new WorkOrderCreated(id.get(), TAMPER_INSPECTION, priority, r.meterSerialNo(),
                    r.consumerNo(), r.servicePointCode(), r.address(), r.tamperCode(), r.tamperDescription(),
                    r.occurredAt(), now, due, null, null));
            return new Raised(id.get(), true);
        }
        throw new IllegalStateException("could not raise or find the inspection of " + r.meterSerialNo());
    }

    @Override
    @Transactional
    public void tamperCleared(String meterSerialNo, int tamperCode, Instant clearedAt, long eventId) {
        Optional<Long> target = jdbc.sql("""
                        SELECT id FROM work_order
                        WHERE type = 'TAMPER_INSPECTION' AND meter_serial = ? AND tamper_code = ?
                          AND source_event_at <= ?
                          AND (status NOT IN ('COMPLETED', 'CANCELLED') OR (outcome = 'TAMPER_CONFIRMED' AND resolved_at IS NULL))
                        ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE""")
                .params(meterSerialNo, tamperCode, ts(clearedAt)).query(Long.class).optional();
        if (target.isEmpty()
                || jdbc.sql("SELECT count(*) FROM work_order_event WHERE event_id = ?").param(eventId)
                .query(Long.class).single() > 0) {
            return;
        }
        attach(target.get(), eventId, clearedAt, clock.instant());
        jdbc.sql("""
                        UPDATE work_order SET tamper_cleared_at = ? WHERE id = ?
                          AND (tamper_cleared_at IS NULL OR tamper_cleared_at < ?) AND last_occurrence_at <= ?""")
                .params(ts(clearedAt), target.get(), ts(clearedAt), ts(clearedAt)).update();
    }

    @Override
    @Transactional
    public Raised raiseMeterInstallation(MeterInstallationOrder o) {
        return insert(new WorkOrderRequest(WorkOrderType.METER_INSTALLATION, o.reference(), o.consumerNo(),
                o.servicePointCode(), o.currentMeterSerialNo(), o.address(), WorkOrderPriority.NORMAL,
                clock.instant().plus(props.installationDue()), null), o.reason());
    }

    @Override
    @Transactional
    public Raised raise(WorkOrderRequest r) {
        return insert(r, r.description());
    }

    /** One order per reference: a repeat returns the order raised first. */
    private Raised insert(WorkOrderRequest r, String note) {
        Instant now = clock.instant();
        Instant due = r.dueBy() != null ? r.dueBy() : now.plus(props.due().of(r.priority()));
        Optional<Long> id = jdbc.sql("""
                        INSERT INTO work_order (type, priority, status, meter_serial, consumer_no, service_point, address,
                            source_reference, description, created_at, due_at)
                        VALUES (?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (source_reference) WHERE source_reference IS NOT NULL DO NOTHING RETURNING id""")
                .params(r.type().name(), r.priority().name(), r.meterSerialNo(), r.consumerNo(), r.servicePointCode(),
                        r.address(), r.reference(), r.description(), ts(now), ts(due))
                .query(Long.class).optional();
        if (id.isEmpty()) {
            return new Raised(jdbc.sql("SELECT id FROM work_order WHERE source_reference = ?").param(r.reference())
                    .query(Long.class).single(), false);
        }
        history(id.get(), "OPEN", now, SYSTEM, note == null ? "Raised by " + r.reference() : note);
        events.publishEvent(new WorkOrderCreated(id.get(), r.type().name(), r.priority().name(), r.meterSerialNo(),
                r.consumerNo(), r.servicePointCode(), r.address(), null, null, null, now, due, r.reference(),
                r.description()));
        return new Raised(id.get(), true);
    }

    @Override
    public Optional<WorkOrder> find(long id) {
        return detail(id).map(JdbcWorkOrders::published);
    }

    @Override
    public Optional<WorkOrder> findByReference(String reference) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM work_order WHERE source_reference = ?").param(reference)
                .query((rs, i) -> view(rs, false)).optional().map(JdbcWorkOrders::published);
    }

    @Override
    @Transactional
    public boolean cancel(String reference, String reason, String by) {
        Optional<Long> open = jdbc.sql("""
                        SELECT id FROM work_order WHERE source_reference = ? AND status NOT IN ('COMPLETED', 'CANCELLED')
                        FOR UPDATE""")
                .param(reference).query(Long.class).optional();
        open.ifPresent(id -> {
            jdbc.sql("UPDATE work_order SET status = 'CANCELLED' WHERE id = ?").param(id).update();
            history(id, "CANCELLED", clock.instant(), by, reason);
        });
        return open.isPresent();
    }

    private static WorkOrder published(View v) {
        return new WorkOrder(v.id(), WorkOrderType.valueOf(v.type()), v.sourceReference(),
                WorkOrderPriority.valueOf(v.priority()), v.status(), v.consumerNo(), v.servicePointCode(),
                v.meterSerialNo(), v.description(), v.crewCode(), v.assignee(), v.createdAt(), v.dueAt(), v.overdue(),
                v.outcome(), v.findings(), v.installedMeterSerialNo(), v.completedBy(), v.completedAt());
    }

    @Override
    @Transactional
    public boolean cancelMeterInstallation(String reference, String reason, String by) {
        Optional<Long> open = jdbc.sql("""
                        SELECT id FROM work_order WHERE source_reference = ? AND type = 'METER_INSTALLATION'
                          AND status NOT IN ('COMPLETED', 'CANCELLED') FOR UPDATE""")
                .param(reference).query(Long.class).optional();
        open.ifPresent(id -> {
            jdbc.sql("UPDATE work_order SET status = 'CANCELLED' WHERE id = ?").param(id).update();
            history(id, "CANCELLED", clock.instant(), by, reason);
        });
        return open.isPresent();
    }

    /**
     * The installation report completes an installation (or replacement) order: the meter's installation at a new
     * connection, or the exchange of the meter at site, is recorded in the network registry in the same transaction
     * (a rejection there rolls everything back), then {@link MeterInstallationReported}.
     */
    @Transactional
    View reportInstallation(long id, InstallationReport r, String user) {
        View w = lock(id);
        boolean replacement = w.type().equals(WorkOrderType.METER_REPLACEMENT.name());
        if (!w.type().equals(METER_INSTALLATION) && !replacement) {
            throw ApiProblem.conflict("id", "Work order " + id + " is a " + w.type() + ", not a meter installation");
        }
        if (w.meterSerialNo() == null && r.removedMeterReadingKwh() != null) {
            throw ApiProblem.badRequest("removedMeterReadingKwh", "Work order " + id + " installs a first meter: "
                    + "there is no removed meter");
        }
        if (closed(w.status())) {
            throw ApiProblem.conflict("status", "Work order " + id + " is " + w.status() + " and cannot be completed");
        }
        Instant now = clock.instant();
        Instant installedAt = r.installedAt() == null ? now : r.installedAt();
        if (w.meterSerialNo() == null) {
            meters.install(new MeterChanges.Installation("wfm-installation-" + id, w.servicePointCode(),
                    r.meterSerialNo(), r.dtCode(), r.feederCode(), r.dcuCode(), installedAt, r.readingKwh()),
                    "wfm:" + user);
        } else {
            meters.exchange(new MeterChanges.Exchange("wfm-installation-" + id, w.servicePointCode(), w.meterSerialNo(),
                    r.meterSerialNo(), r.dtCode(), r.feederCode(), installedAt, r.readingKwh(),
                    r.removedMeterReadingKwh()), "wfm:" + user);
        }
        Map<String, BigDecimal> readings = new java.util.LinkedHashMap<>();
        readings.put("installed.kWh.import", r.readingKwh());
        if (r.removedMeterReadingKwh() != null) {
            readings.put("removed.kWh.import", r.removedMeterReadingKwh());
        }
        String findings = "Meter " + r.meterSerialNo() + " installed under DT " + r.dtCode()
                + (r.feederCode() == null ? "" : " (feeder " + r.feederCode() + ")")
                + (w.meterSerialNo() == null ? " at service point " + w.servicePointCode()
                : " replacing " + w.meterSerialNo()) + ", reading " + r.readingKwh().toPlainString() + " kWh" + (r.note() == null ? "" : ": " + r.note());
        jdbc.sql("""
                        UPDATE work_order SET status = 'COMPLETED', outcome = ?, findings = ?, readings = CAST(? AS jsonb),
                            completed_by = ?, completed_at = ?, installed_meter_serial = ?, installed_dt = ?,
                            installed_feeder = ?, installed_at = ? WHERE id = ?""")
                .params(replacement ? InspectionOutcome.DONE.name() : null, findings,
                        json.writeValueAsString(plain(readings)), user, ts(now), r.meterSerialNo(), r.dtCode(),
                        r.feederCode(), ts(installedAt), id)
                .update();
        history(id, "COMPLETED", now, user, findings);
        events.publishEvent(new WorkOrderCompleted(id, w.sourceReference(), WorkOrderType.valueOf(w.type()),
                replacement ? InspectionOutcome.DONE : null, w.meterSerialNo(), w.consumerNo(), findings, readings, r.meterSerialNo(), user, now));
        events.publishEvent(new MeterInstallationReported(id, w.sourceReference(), w.consumerNo(), w.servicePointCode(),
                w.meterSerialNo(), r.meterSerialNo(), r.dtCode(), r.feederCode(), r.readingKwh(), installedAt, user));
        return detail(id).orElseThrow();
    }

    @Transactional
    View assign(long id, String crewCode, String assignee, String user) {
        if (crewCode != null && !jdbc.sql("SELECT active FROM work_crew WHERE code = ?").param(crewCode)
                .query(Boolean.class).optional().orElse(false)) {
            throw ApiProblem.invalid("crewCode", "No active crew " + crewCode);
        }
        View w = lock(id);
        if (closed(w.status())) {
            throw ApiProblem.conflict("status", "Work order " + id + " is " + w.status() + " and cannot be assigned");
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE work_order SET status = 'ASSIGNED', crew_code = ?, assignee = ? WHERE id = ?")
                .params(crewCode, assignee, id).update();
        history(id, "ASSIGNED", now, user, "Assigned to " + (crewCode == null ? "" : "crew " + crewCode
                + (assignee == null ? "" : ", ")) + (assignee == null ? "" : assignee));
        return detail(id).orElseThrow();
    }

    /**
     * The crew's progress at site: EN_ROUTE once an assigned order is on its way, IN_PROGRESS at site (from ASSIGNED
     * or EN_ROUTE); an order is never put back.
     */
    @Transactional
    View progress(long id, String status, String note, String user) {
        View w = lock(id);
        boolean allowed = switch (status) {
            case "EN_ROUTE" -> w.status().equals("ASSIGNED");
            case "IN_PROGRESS" -> w.status().equals("ASSIGNED") || w.status().equals("EN_ROUTE");
            default -> throw ApiProblem.badRequest("status", "status must be EN_ROUTE or IN_PROGRESS");
        };
        if (!allowed) {
            throw ApiProblem.conflict("status", "Work order " + id + " is " + w.status() + " and cannot go "
                    + status + (w.status().equals("OPEN") ? ": assign it to a crew first" : ""));
        }
        jdbc.sql("UPDATE work_order SET status = ? WHERE id = ?").params(status, id).update();
        history(id, status, clock.instant(), user, note);
        return detail(id).orElseThrow();
    }

    record Crew(String code, String name, List<String> members, String phone, String area, boolean active,
                Instant createdAt, String createdBy, long openOrders) {
    }

    @Transactional
    Crew createCrew(String code, String name, List<String> members, String phone, String area, String user) {
        int inserted = jdbc.sql("""
                        INSERT INTO work_crew (code, name, members, phone, area, created_at, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING""")
                .params(code, name, members == null ? new String[0] : members.toArray(String[]::new), phone, area,
                        ts(clock.instant()), user)
                .update();
        if (inserted == 0) {
            throw ApiProblem.conflict("code", "Crew " + code + " exists already");
        }
        return crews().stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow();
    }

    List<Crew> crews() {
        return jdbc.sql("""
                        SELECT c.code, c.name, c.members, c.phone, c.area, c.active, c.created_at, c.created_by,
                               (SELECT count(*) FROM work_order w WHERE w.crew_code = c.code
                                  AND w.status NOT IN ('COMPLETED', 'CANCELLED'))
                        FROM work_crew c ORDER BY c.code""")
                .query((rs, i) -> new Crew(rs.getString(1), rs.getString(2),
                        List.of((String[]) rs.getArray(3).getArray()), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6), instant(rs, "created_at"), rs.getString(8), rs.getLong(9)))
                .list();
    }

    @Transactional
    View cancel(long id, String reason, String user) {
        View w = lock(id);
        if (closed(w.status())) {
            throw ApiProblem.conflict("status", "Work order " + id + " is " + w.status() + " and cannot be cancelled");
        }
        jdbc.sql("UPDATE work_order SET status = 'CANCELLED' WHERE id = ?").param(id).update();
        history(id, "CANCELLED", clock.instant(), user, reason);
        return detail(id).orElseThrow();
    }

    @Transactional
    View complete(long id, InspectionOutcome outcome, String findings, Map<String, BigDecimal> readings, String user) {
        View w = lock(id);
        boolean inspection = w.type().equals(TAMPER_INSPECTION);
        if (!inspection && (outcome == InspectionOutcome.TAMPER_CONFIRMED || outcome == InspectionOutcome.NO_TAMPER)) {
            throw ApiProblem.invalid("outcome", outcome + " is an outcome of a tamper inspection, not of a " + w.type());
        }
        if (inspection && (outcome == InspectionOutcome.DONE || outcome == InspectionOutcome.NOT_DONE)) {
            throw ApiProblem.invalid("outcome", "A tamper inspection ends TAMPER_CONFIRMED, NO_TAMPER, METER_FAULTY or "
                    + "NO_ACCESS");
        }
        if (w.type().equals(METER_INSTALLATION)) {
            throw ApiProblem.conflict("id", "Work order " + id + " is a meter installation: complete it with its "
                    + "installation report (POST /api/v1/work-orders/" + id + "/installation-report)");
        }
        if (closed(w.status())) {
            throw ApiProblem.conflict("status", "Work order " + id + " is " + w.status() + " and cannot be completed");
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        UPDATE work_order SET status = 'COMPLETED', outcome = ?, findings = ?, readings = CAST(? AS jsonb),
                            completed_by = ?, completed_at = ? WHERE id = ?""")
                .params(outcome.name(), findings, readings == null || readings.isEmpty() ? null
                        : json.writeValueAsString(plain(readings)), user, ts(now), id)
                .update();
        history(id, "COMPLETED", now, user, outcome + ": " + findings);
        events.publishEvent(new WorkOrderCompleted(id, w.sourceReference(), WorkOrderType.valueOf(w.type()), outcome,
                w.meterSerialNo(), w.consumerNo(), findings, readings, null, user, now));
        if (outcome == InspectionOutcome.TAMPER_CONFIRMED) {
            events.publishEvent(new TamperConfirmed(id, w.meterSerialNo(), w.consumerNo(), w.servicePointCode(),
                    w.tamperCode(), w.tamperDescription(), w.sourceEventAt(), w.occurrences(), findings, user, now));
        }
        return detail(id).orElseThrow();
    }

    @Transactional
    View resolve(long id, String resolution, String user) {
        View w = lock(id);
        if (w.outcome() != InspectionOutcome.TAMPER_CONFIRMED) {
            throw ApiProblem.conflict("status", "Work order " + id + " is not a confirmed tamper");
        }
        if (w.resolvedAt() != null) {
            throw ApiProblem.conflict("status", "The tamper of work order " + id + " was resolved at " + w.resolvedAt());
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE work_order SET resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ?")
                .params(resolution, user, ts(now), id).update();
        history(id, "RESOLVED", now, user, resolution);
        events.publishEvent(new TamperResolved(id, w.meterSerialNo(), w.consumerNo(), w.tamperCode(), resolution, user,
                now, w.tamperClearedAt()));
        return detail(id).orElseThrow();
    }

    Optional<View> detail(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM work_order WHERE id = ?").param(id)
                .query((rs, i) -> view(rs, true)).optional();
    }

    /** Filters are optional (null); {@code open} means not COMPLETED or CANCELLED, {@code overdue} open and past due. */
    record Filter(String status, String type, String meter, String consumerNo, String crewCode, String reference,
                  boolean open, boolean overdue) {
    }

    List<View> list(Filter f, int limit) {
        return jdbc.sql("""
                        SELECT %s FROM work_order
                        WHERE (CAST(? AS text) IS NULL OR status = ?) AND (CAST(? AS text) IS NULL OR type = ?)
                          AND (CAST(? AS text) IS NULL OR meter_serial = ?) AND (CAST(? AS text) IS NULL OR consumer_no = ?)
                          AND (CAST(? AS text) IS NULL OR crew_code = ?)
                          AND (CAST(? AS text) IS NULL OR source_reference = ?)
                          AND (NOT ? OR status NOT IN ('COMPLETED', 'CANCELLED'))
                          AND (NOT ? OR (status NOT IN ('COMPLETED', 'CANCELLED') AND due_at < ?))
                        ORDER BY created_at DESC, id DESC LIMIT ?""".formatted(COLUMNS))
                .params(f.status(), f.status(), f.type(), f.type(), f.meter(), f.meter(), f.consumerNo(), f.consumerNo(),
                        f.crewCode(), f.crewCode(), f.reference(), f.reference(), f.open(), f.overdue(),
                        ts(clock.instant()), limit)
                .query((rs, i) -> view(rs, false)).list();
    }

    @Override
    public List<WorkOrder> ofMeter(String meterSerialNo, int limit) {
        return list(new Filter(null, null, meterSerialNo, null, null, null, false, false), limit).stream()
                .map(JdbcWorkOrders::published).toList();
    }

    private View lock(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM work_order WHERE id = ? FOR UPDATE").param(id)
                .query((rs, i) -> view(rs, false)).optional()
                .orElseThrow(() -> ApiProblem.notFound("id", "No work order " + id));
    }

    private void attach(long workOrderId, long eventId, Instant occurredAt, Instant now) {
        jdbc.sql("""
                        INSERT INTO work_order_event (event_id, work_order_id, occurred_at, attached_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (event_id) DO NOTHING""")
                .params(eventId, workOrderId, ts(occurredAt), ts(now)).update();
    }

    private void history(long id, String status, Instant at, String by, String note) {
        jdbc.sql("INSERT INTO work_order_status (work_order_id, status, at, by_user, note) VALUES (?, ?, ?, ?, ?)")
                .params(id, status, ts(at), by, note).update();
    }

    /** Readings as exact decimal strings (no binary floating point in between). */
    private static Map<String, String> plain(Map<String, BigDecimal> readings) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        readings.forEach((k, v) -> out.put(k, v.toPlainString()));
        return out;
    }

    private View view(ResultSet rs, boolean detailed) throws SQLException {
        long id = rs.getLong("id");
        Instant due = instant(rs, "due_at");
        String status = rs.getString("status");
        String readings = rs.getString("readings");
        Map<String, BigDecimal> readingMap = null;
        if (readings != null) {
            readingMap = new java.util.LinkedHashMap<>();
            for (var e : json.readTree(readings).properties()) {
                readingMap.put(e.getKey(), new BigDecimal(e.getValue().asString()));
            }
        }
        List<StatusChange> history = detailed ? jdbc.sql(
                        "SELECT status, at, by_user, note FROM work_order_status WHERE work_order_id = ? ORDER BY id")
                .param(id).query((h, i) -> new StatusChange(h.getString(1), h.getObject(2, OffsetDateTime.class)
                        .toInstant(), h.getString(3), h.getString(4))).list() : null;
        List<AttachedEvent> attached = detailed ? jdbc.sql(
                        "SELECT event_id, occurred_at FROM work_order_event WHERE work_order_id = ? ORDER BY occurred_at, event_id")
                .param(id).query((h, i) -> new AttachedEvent(h.getLong(1), h.getObject(2, OffsetDateTime.class)
                        .toInstant())).list() : null;
        String outcome = rs.getString("outcome");
        return new View(id, rs.getString("type"), rs.getString("priority"), status, rs.getString("meter_serial"),
                rs.getString("consumer_no"), rs.getString("service_point"), rs.getString("address"),
                (Integer) rs.getObject("tamper_code"), rs.getString("tamper_description"),
                (Long) rs.getObject("source_event_id"), instant(rs, "source_event_at"), rs.getInt("occurrences"),
                instant(rs, "last_occurrence_at"), instant(rs, "tamper_cleared_at"), instant(rs, "created_at"), due,
                !closed(status) && due.isBefore(clock.instant()),
                rs.getString("assignee"), outcome == null ? null : InspectionOutcome.valueOf(outcome),
                rs.getString("findings"), readingMap, rs.getString("completed_by"), instant(rs, "completed_at"),
                rs.getString("resolution"), rs.getString("resolved_by"), instant(rs, "resolved_at"),
                rs.getString("source_reference"), rs.getString("installed_meter_serial"), rs.getString("installed_dt"),
                rs.getString("installed_feeder"), instant(rs, "installed_at"), rs.getString("description"),
                rs.getString("crew_code"), history, attached);
    }

    static boolean closed(String status) {
        return status.equals("COMPLETED") || status.equals("CANCELLED");
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}

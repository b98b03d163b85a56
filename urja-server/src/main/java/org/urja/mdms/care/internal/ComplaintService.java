package org.urja.mdms.care.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.care.Complaint;
import org.urja.mdms.care.ComplaintCategory;
import org.urja.mdms.care.ComplaintClosed;
import org.urja.mdms.care.ComplaintRegistered;
import org.urja.mdms.care.ComplaintRoute;
import org.urja.mdms.care.Complaints;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.notification.ConsumerNotifications;
import org.urja.mdms.outage.OutageRestored;
import org.urja.mdms.outage.OutageStarted;
import org.urja.mdms.outage.Outages;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import org.urja.mdms.workorder.InspectionOutcome;

/**
 * Complaints (UC20): registered with a CRN and acknowledged (20.2–20.3), routed by their nature (20.4) — no supply to
 * OMS (an outage incident), meter/voltage/safety/theft to WFM (a complaint visit), billing to the billing desk,
 * anything else to the care desk — resolved when the target reports completion (20.5), closed with a notice (20.6),
 * re-opened within the window and routed again. A visit the field force could not carry out does not resolve it: it
 * goes back to the care desk (VISIT_NOT_DONE, the consumer told why) until the desk raises a new visit or resolves it.
 */
@Service
class ComplaintService implements Complaints {

    static final CaseKind KIND = CaseKind.COMPLAINT;
    static final String REFERENCE_PREFIX = "complaint:";
    /** Back at the care desk after a visit the field force could not carry out; still waiting (its SLA runs). */
    static final String VISIT_NOT_DONE = "VISIT_NOT_DONE";
    /** The outcomes of a visit that was not carried out, with what the consumer is told of each. */
    private static final Map<InspectionOutcome, String> NOT_CARRIED_OUT = Map.of(
            InspectionOutcome.NO_ACCESS, "our staff could not get into the premises",
            InspectionOutcome.NOT_DONE, "the work could not be carried out");

    private final JdbcClient jdbc;
    private final CaseBook book;
    private final ConsumerAccounts consumers;
    private final ConsumerNotifications notices;
    private final Outages outages;
    private final FieldVisits visits;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final CareProperties props;
    private final Clock clock;

    ComplaintService(JdbcClient jdbc, CaseBook book, ConsumerAccounts consumers, ConsumerNotifications notices,
                     Outages outages, FieldVisits visits, ApplicationEventPublisher events, AuditTrail audit,
                     CareProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.book = book;
        this.consumers = consumers;
        this.notices = notices;
        this.outages = outages;
        this.visits = visits;
        this.events = events;
        this.audit = audit;
        this.props = props;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Registered register(NewComplaint c) {
        List<FieldIssue> issues = CaseBook.commonIssues(c.consumerNo(), c.channel(), c.requestedBy(), c.idempotencyKey());
        if (c.category() == null) {
            issues.add(FieldIssue.of("category", "category is one of " + List.of(ComplaintCategory.values())));
        }
        if (c.description() == null || c.description().isBlank() || c.description().length() > 2000) {
            issues.add(FieldIssue.of("description", "what is wrong, in 1 to 2000 characters"));
        }
        if (c.meterSerialNo() != null && (c.meterSerialNo().isBlank() || c.meterSerialNo().length() > 64)) {
            issues.add(FieldIssue.of("meterSerialNo", "a meter serial number of 1 to 64 characters, or none"));
        }
        if (!issues.isEmpty()) {
            throw CaseBook.badRequest(issues);
        }
        String channel = c.channel() == null ? "STAFF" : c.channel();
        String hash = CaseBook.hash(c.category(), c.consumerNo(), c.meterSerialNo(), c.description(), channel);
        Optional<String> earlier = book.earlier(KIND, c.requestedBy(), c.idempotencyKey(), hash);
        if (earlier.isPresent()) {
            return new Registered(find(earlier.get()).orElseThrow(), false);
        }
        if (consumers.find(c.consumerNo()).isEmpty()) {
            throw ApiProblem.invalid("consumerNo", "No consumer " + c.consumerNo());
        }
        if (c.meterSerialNo() != null && !visits.metersOf(c.consumerNo()).contains(c.meterSerialNo())) {
            throw ApiProblem.invalid("meterSerialNo", "Meter " + c.meterSerialNo() + " is not installed at a service "
                    + "point of consumer " + c.consumerNo());
        }
        Instant now = clock.instant();
        Duration sla = props.sla(c.category());
        String crn = book.nextNumber(KIND, now);
        Optional<Long> inserted = jdbc.sql("""
                        INSERT INTO complaint (crn, category, consumer_no, meter_serial, description, channel, status,
                            route, requested_by, idempotency_key, request_hash, sla_minutes, due_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'REGISTERED', ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (requested_by, idempotency_key) DO NOTHING RETURNING id""")
                .params(crn, c.category().name(), c.consumerNo(), c.meterSerialNo(), c.description().strip(), channel,
                        c.category().route().name(), c.requestedBy(), c.idempotencyKey(), hash, sla.toMinutes(),
                        CaseBook.ts(now.plus(sla)), CaseBook.ts(now), CaseBook.ts(now))
                .query(Long.class).optional();
        if (inserted.isEmpty()) { // the same key at the same moment from another call, now committed
            return new Registered(find(book.earlier(KIND, c.requestedBy(), c.idempotencyKey(), hash).orElseThrow())
                    .orElseThrow(), false);
        }
        long id = inserted.get();
        book.record(KIND, id, "REGISTERED", "REGISTERED", c.category().label() + ": " + c.description().strip(),
                c.requestedBy(), now);
        int sent = notices.notify(c.consumerNo(), "COMPLAINT_RECEIVED", Map.of("crn", crn, "complaint",
                c.category().label(), "due", CaseBook.shown(now.plus(sla))), "cr:" + crn + ":ack", c.requestedBy());
        book.record(KIND, id, "REGISTERED", "ACKNOWLEDGED", sent == 0 ? "no mobile number or email on the account"
                : "CRN sent by " + (sent == 2 ? "SMS and email" : "SMS or email"), "system", now);
        Complaint routed = route(id, crn, now);
        events.publishEvent(new ComplaintRegistered(crn, routed.category(), routed.consumerNo(), routed.meterSerialNo(),
                routed.route(), routed.targetReference(), now, routed.dueAt()));
        audit.record(c.requestedBy(), "COMPLAINT", crn, "REGISTERED", c.category() + " of consumer " + c.consumerNo()
                + " routed to " + routed.route() + " " + routed.targetReference(), null);
        return new Registered(routed, true);
    }

    /** UC20.4: sends the complaint (as it stands: category, round) to where it is resolved; ROUTED. */
    private Complaint route(long id, String crn, Instant now) {
        return route(id, crn, now, null);
    }

    /** @param visitNote what the care desk tells the field force about a new visit (null: none) */
    private Complaint route(long id, String crn, Instant now, String visitNote) {
        Complaint c = find(crn).orElseThrow();
        String reference = REFERENCE_PREFIX + crn + (c.routeRound() > 1 ? ":" + c.routeRound() : "");
        ComplaintRoute route = c.category().route();
        String target;
        String note;
        switch (route) {
            case OMS -> {
                String meter = c.meterSerialNo() != null ? c.meterSerialNo()
                        : visits.metersOf(c.consumerNo()).stream().findFirst().orElse(null);
                Optional<Outages.Reported> r = meter == null ? Optional.empty() : outages.reportedByConsumer(
                        new Outages.ConsumerReport(reference, c.consumerNo(), meter, now, c.description()));
                if (r.isPresent()) {
                    target = "outage:" + r.get().outageId();
                    note = r.get().opened() ? "to OMS: opened outage " + r.get().outageId()
                            : "to OMS: part of outage " + r.get().outageId() + " already known";
                } else {
                    route = ComplaintRoute.CARE_DESK;
                    target = "desk:CARE";
                    note = "to the care desk: the consumer has no meter in the network for OMS to locate";
                }
            }
            case WFM -> {
                long order = visits.raise(c, reference, visitNote);
                target = "work-order:" + order;
                note = "to WFM: complaint visit, work order " + order;
            }
            case BILLING_DESK -> {
                target = "desk:BILLING";
                note = "to the billing desk";
            }
            default -> {
                target = "desk:CARE";
                note = "to the care desk";
            }
        }
        jdbc.sql("UPDATE complaint SET route = ?, target_reference = ? WHERE id = ?")
                .params(route.name(), target, id).update();
        book.move(KIND, id, "ROUTED", "ROUTED", note, "system", now);
        return find(crn).orElseThrow();
    }

    /** UC20.5 from a desk: billing or care staff resolve a complaint routed to their desk. */
    @Transactional
    Complaint resolveAtDesk(String crn, String resolution, String by, boolean billingStaff, boolean careStaff) {
        CaseBook.Locked l = book.lock(KIND, crn);
        Complaint c = find(crn).orElseThrow();
        if (!KIND.pending.contains(l.status())) {
            throw ApiProblem.conflict("status", "Complaint " + crn + " is " + l.status());
        }
        boolean backAtDesk = l.status().equals(VISIT_NOT_DONE);
        boolean allowed = switch (c.route()) {
            case BILLING_DESK -> billingStaff;
            case CARE_DESK -> careStaff;
            case WFM -> backAtDesk && careStaff; // e.g. the consumer says the fault has gone: no new visit needed
            default -> false;
        };
        if (!allowed) {
            throw c.route() == ComplaintRoute.OMS || (c.route() == ComplaintRoute.WFM && !backAtDesk)
                    ? ApiProblem.conflict("route", "Complaint " + crn + " is resolved by " + c.route() + " ("
                    + c.targetReference() + ") reporting completion")
                    : new ApiProblem(org.springframework.http.HttpStatus.FORBIDDEN, "Forbidden", "Complaint " + crn
                    + " is at the " + c.route() + "; its staff resolve it", List.of(FieldIssue.of("route",
                    "routed to " + c.route())));
        }
        resolved(l.id(), resolution, by, clock.instant());
        audit.record(by, "COMPLAINT RESOLVE", crn, "OK", resolution, null);
        return find(crn).orElseThrow();
    }

    /** UC20.5 from OMS: the outage of the consumer's complaints is over. */
    @Transactional
    void outageRestored(OutageRestored e) {
        resolveTargets("OMS", "outage:" + e.outageId(), "Supply restored"
                + (e.endedAt() == null ? "" : " at " + CaseBook.shown(e.endedAt())) + " (outage " + e.outageId() + ")",
                "system:oms", clock.instant());
    }

    /** Outages merged into a DT or feeder outage: their complaints now follow that one. */
    @Transactional
    void outageStarted(OutageStarted e) {
        if (e.supersededOutageIds().isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE complaint SET target_reference = ?
                        WHERE route = 'OMS' AND status = ANY(?) AND target_reference = ANY(?)""")
                .params("outage:" + e.outageId(), KIND.pendingArray(),
                        e.supersededOutageIds().stream().map(id -> "outage:" + id).toArray(String[]::new))
                .update();
    }

    /**
     * UC20.5 from WFM: the complaint visit raised under a complaint's reference is completed. Carried out (DONE,
     * METER_FAULTY), it resolves the complaint with the findings; not carried out (NOT_DONE, NO_ACCESS), the complaint
     * goes back to the care desk as VISIT_NOT_DONE with the reason in its history and the consumer is told why — its
     * due time and escalation run on. Only a complaint still waiting for that visit moves: a completion told again
     * changes nothing.
     */
    @Transactional
    void visitCompleted(long workOrderId, InspectionOutcome outcome, String findings, String completedBy, Instant at) {
        String by = completedBy == null ? "system:wfm" : completedBy;
        Instant when = at == null ? clock.instant() : at;
        String target = "work-order:" + workOrderId;
        String why = outcome == null ? null : NOT_CARRIED_OUT.get(outcome);
        if (why == null) {
            resolveTargets("WFM", target, "Site visit done (work order " + workOrderId + ")"
                    + (outcome == null ? "" : ": " + outcome) + (findings == null ? "" : "; " + findings), by, when);
            return;
        }
        String reason = why + (findings == null || findings.isBlank() ? "" : " (" + findings.strip() + ")");
        List<Long> ids = jdbc.sql("""
                        SELECT id FROM complaint WHERE route = 'WFM' AND target_reference = ?
                            AND status IN ('ROUTED', 'REOPENED') ORDER BY id FOR UPDATE""")
                .param(target).query(Long.class).list();
        for (long id : ids) {
            book.move(KIND, id, VISIT_NOT_DONE, VISIT_NOT_DONE, "Site visit not done (work order " + workOrderId + "): "
                    + outcome + "; " + reason + ". Back at the care desk for a new visit", by, when);
            Complaint c = jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query((rs, i) -> view(rs, false)).single();
            int sent = notices.notify(c.consumerNo(), "COMPLAINT_VISIT_NOT_DONE", Map.of("crn", c.crn(), "complaint",
                    c.category().label(), "reason", reason), "cr:" + c.crn() + ":visit-not-done:" + workOrderId, by);
            book.record(KIND, id, VISIT_NOT_DONE, "NOTIFIED", sent == 0 ? "no mobile number or email on the account"
                    : "told the visit could not be done and why", "system", when);
            audit.record(by, "COMPLAINT VISIT NOT DONE", c.crn(), outcome.name(), target + ": " + reason, null);
        }
    }

    /**
     * The care desk raises a new visit for a complaint whose last one was not carried out (VISIT_NOT_DONE) or was
     * cancelled: the next round ({@code complaint:<CRN>:<round>}), ROUTED to it; the due time and escalation run on.
     */
    @Transactional
    Complaint newVisit(String crn, String note, String by) {
        if (note == null || note.isBlank() || note.strip().length() < 3 || note.length() > 2000) {
            throw ApiProblem.badRequest("note", "what the field force should know for the new visit (when the consumer "
                    + "is in, the access), in 3 to 2000 characters");
        }
        note = note.strip();
        CaseBook.Locked l = book.lock(KIND, crn);
        Complaint c = find(crn).orElseThrow();
        if (c.route() != ComplaintRoute.WFM) {
            throw ApiProblem.conflict("route", "Complaint " + crn + " is routed to " + c.route() + " ("
                    + c.targetReference() + "), not to a field visit");
        }
        boolean visitEnded = l.status().equals(VISIT_NOT_DONE)
                || (KIND.pending.contains(l.status()) && visits.cancelled(c.targetReference()));
        if (!visitEnded) {
            throw ApiProblem.conflict("status", "Complaint " + crn + " is " + l.status() + " (" + c.targetReference()
                    + "); a new visit is raised when the last one was not done or was cancelled");
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE complaint SET route_round = route_round + 1 WHERE id = ?").param(l.id()).update();
        book.record(KIND, l.id(), l.status(), "NEW_VISIT", note, by, now);
        Complaint routed = route(l.id(), crn, now, note);
        audit.record(by, "COMPLAINT NEW VISIT", crn, "OK", note + "; " + routed.targetReference(), null);
        return routed;
    }

    private void resolveTargets(String route, String target, String resolution, String by, Instant at) {
        List<Long> ids = jdbc.sql("""
                        SELECT id FROM complaint WHERE route = ? AND target_reference = ? AND status = ANY(?)
                        ORDER BY id FOR UPDATE""")
                .params(route, target, KIND.pendingArray()).query(Long.class).list();
        for (long id : ids) {
            resolved(id, resolution, by, at);
        }
    }

    private void resolved(long id, String resolution, String by, Instant at) {
        jdbc.sql("UPDATE complaint SET resolution = ?, resolved_by = ?, resolved_at = ? WHERE id = ?")
                .params(resolution, by, CaseBook.ts(at), id).update();
        book.move(KIND, id, "RESOLVED", "RESOLVED", resolution, by, at);
    }

    /** UC20.6: a resolved complaint is closed (by staff, or by the system after urja.care.auto-close-after). */
    @Transactional
    Complaint close(String crn, String note, String by) {
        CaseBook.Locked l = book.lock(KIND, crn);
        if (!l.status().equals("RESOLVED")) {
            throw ApiProblem.conflict("status", "Complaint " + crn + " is " + l.status() + "; only a RESOLVED one is closed");
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE complaint SET closed_at = ? WHERE id = ?").params(CaseBook.ts(now), l.id()).update();
        book.move(KIND, l.id(), "CLOSED", "CLOSED", note, by, now);
        Complaint c = find(crn).orElseThrow();
        int sent = notices.notify(c.consumerNo(), "COMPLAINT_CLOSED", Map.of("crn", crn, "complaint",
                        c.category().label(), "resolution", c.resolution(), "reopenDays",
                        String.valueOf(props.reopenWindow().toDays())),
                "cr:" + crn + ":closed:" + c.routeRound(), by);
        book.record(KIND, l.id(), "CLOSED", "NOTIFIED", sent == 0 ? "no mobile number or email on the account"
                : "closure notice sent", "system", now);
        events.publishEvent(new ComplaintClosed(crn, c.category(), c.consumerNo(), c.route(), c.targetReference(),
                c.resolution(), c.resolvedBy(), c.breached(), c.reopenCount(), by, now));
        audit.record(by, "COMPLAINT CLOSE", crn, "OK", note, null);
        return find(crn).orElseThrow();
    }

    @Override
    @Transactional
    public Complaint reopen(String crn, String reason, String by) {
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw ApiProblem.badRequest("reason", "why the complaint is not resolved, in 1 to 1000 characters");
        }
        CaseBook.Locked l = book.lock(KIND, crn);
        Complaint c = find(crn).orElseThrow();
        if (!c.status().equals("RESOLVED") && !c.status().equals("CLOSED")) {
            throw ApiProblem.conflict("status", "Complaint " + crn + " is " + c.status()
                    + "; only a resolved or closed complaint is re-opened");
        }
        Instant now = clock.instant();
        Instant since = c.closedAt() != null ? c.closedAt() : c.resolvedAt();
        if (since.plus(props.reopenWindow()).isBefore(now)) {
            throw ApiProblem.conflict("status", "Complaint " + crn + " was " + c.status().toLowerCase()
                    + " on " + CaseBook.shown(since) + ", more than " + props.reopenWindow().toDays()
                    + " days ago: register a new complaint");
        }
        Duration sla = props.sla(c.category());
        jdbc.sql("""
                        UPDATE complaint SET reopen_count = reopen_count + 1, route_round = route_round + 1,
                            resolution = NULL, resolved_by = NULL, resolved_at = NULL, closed_at = NULL,
                            breached_at = NULL, escalation_level = 0, escalated_at = NULL, due_at = ?
                        WHERE id = ?""")
                .params(CaseBook.ts(now.plus(sla)), l.id()).update();
        book.move(KIND, l.id(), "REOPENED", "REOPENED", reason, by, now);
        int sent = notices.notify(c.consumerNo(), "COMPLAINT_REOPENED", Map.of("crn", crn, "complaint",
                c.category().label(), "due", CaseBook.shown(now.plus(sla))), "cr:" + crn + ":reopened:"
                + (c.reopenCount() + 1), by);
        book.record(KIND, l.id(), "REOPENED", "ACKNOWLEDGED", sent == 0 ? "no mobile number or email on the account"
                : "re-opening acknowledged", "system", now);
        Complaint routed = route(l.id(), crn, now);
        audit.record(by, "COMPLAINT REOPEN", crn, "OK", reason + "; routed to " + routed.route() + " "
                + routed.targetReference(), null);
        return routed;
    }

    private static final String COLUMNS = """
            SELECT id, crn, category, consumer_no, meter_serial, description, channel, status, route, target_reference,
                   route_round, requested_by, sla_minutes, due_at, breached_at, escalation_level, escalated_at,
                   resolution, resolved_by, reopen_count, created_at, updated_at, resolved_at, closed_at FROM complaint""";

    @Override
    public Optional<Complaint> find(String crn) {
        return jdbc.sql(COLUMNS + " WHERE crn = ?").param(crn).query((rs, i) -> view(rs, true)).optional();
    }

    @Override
    public List<Complaint> ofConsumer(String consumerNo, int limit) {
        return list(consumerNo, null, null, null, limit);
    }

    /** Most recent first, without their histories; filters may be null (a desk's queue: route and status). */
    List<Complaint> list(String consumerNo, String status, ComplaintRoute route, Boolean breached, int limit) {
        String r = route == null ? null : route.name();
        return jdbc.sql(COLUMNS + """
                         WHERE (CAST(? AS text) IS NULL OR consumer_no = ?) AND (CAST(? AS text) IS NULL OR status = ?)
                          AND (CAST(? AS text) IS NULL OR route = ?)
                          AND (CAST(? AS boolean) IS NULL OR (breached_at IS NOT NULL) = ?)
                        ORDER BY id DESC LIMIT ?""")
                .params(consumerNo, consumerNo, status, status, r, r, breached, breached, limit)
                .query((rs, i) -> view(rs, false)).list();
    }

    private Complaint view(ResultSet rs, boolean withHistory) throws SQLException {
        Instant breachedAt = CaseBook.instant(rs.getObject(15, OffsetDateTime.class));
        return new Complaint(rs.getString(2), ComplaintCategory.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), ComplaintRoute.valueOf(rs.getString(9)),
                rs.getString(10), rs.getInt(11), rs.getString(12), Duration.ofMinutes(rs.getInt(13)),
                rs.getObject(14, OffsetDateTime.class).toInstant(), breachedAt != null, breachedAt, rs.getInt(16),
                CaseBook.instant(rs.getObject(17, OffsetDateTime.class)), rs.getString(18), rs.getString(19),
                rs.getInt(20), rs.getObject(21, OffsetDateTime.class).toInstant(),
                rs.getObject(22, OffsetDateTime.class).toInstant(), CaseBook.instant(rs.getObject(23, OffsetDateTime.class)),
                CaseBook.instant(rs.getObject(24, OffsetDateTime.class)),
                withHistory ? book.history(KIND, rs.getLong(1)) : List.of());
    }
}

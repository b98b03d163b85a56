package org.urja.mdms.care.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.care.ServiceRequest;
import org.urja.mdms.care.ServiceRequestClosed;
import org.urja.mdms.care.ServiceRequestType;
import org.urja.mdms.care.ServiceRequests;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.customer.ConsumerChange;
import org.urja.mdms.migration.MigrationCompleted;
import org.urja.mdms.migration.PaymentModeMigrations;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.notification.ConsumerNotifications;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Service requests (UC19): created with an SRN and acknowledged (19.2–19.3), resolved by staff — the consumer account
 * updated for a name, address, contact or load change (19.4) — or, for a migration, by the migration it started;
 * closed with a notice (19.5) or rejected with one. Every change is in the request's history and audited.
 */
@Service
class ServiceRequestService implements ServiceRequests {

    static final CaseKind KIND = CaseKind.SERVICE_REQUEST;
    private static final TypeReference<TreeMap<String, String>> DETAILS = new TypeReference<>() {
    };
    private static final String MIGRATION_PREFIX = "sr:";

    private final JdbcClient jdbc;
    private final CaseBook book;
    private final ConsumerAccounts consumers;
    private final ConsumerNotifications notices;
    private final PaymentModeMigrations migrations;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final CareProperties props;
    private final JsonMapper json;
    private final Clock clock;

    ServiceRequestService(JdbcClient jdbc, CaseBook book, ConsumerAccounts consumers, ConsumerNotifications notices,
                          PaymentModeMigrations migrations, ApplicationEventPublisher events, AuditTrail audit,
                          CareProperties props, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.book = book;
        this.consumers = consumers;
        this.notices = notices;
        this.migrations = migrations;
        this.events = events;
        this.audit = audit;
        this.props = props;
        this.json = json;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Submitted submit(NewServiceRequest r) {
        List<FieldIssue> issues = CaseBook.commonIssues(r.consumerNo(), r.channel(), r.requestedBy(), r.idempotencyKey());
        if (r.type() == null) {
            issues.add(FieldIssue.of("type", "type is one of " + List.of(ServiceRequestType.values())));
        }
        if (r.description() != null && r.description().length() > 2000) {
            issues.add(FieldIssue.of("description", "at most 2000 characters"));
        }
        TreeMap<String, String> details = new TreeMap<>(r.details() == null ? Map.of() : r.details());
        if (r.type() != null) {
            issues.addAll(detailIssues(r.type(), details));
        }
        if (!issues.isEmpty()) {
            throw CaseBook.badRequest(issues);
        }
        String channel = r.channel() == null ? "STAFF" : r.channel();
        String hash = CaseBook.hash(r.type(), r.consumerNo(), details, r.description(), channel);
        Optional<String> earlier = book.earlier(KIND, r.requestedBy(), r.idempotencyKey(), hash);
        if (earlier.isPresent()) {
            return new Submitted(find(earlier.get()).orElseThrow(), false);
        }
        if (consumers.find(r.consumerNo()).isEmpty()) {
            throw ApiProblem.invalid("consumerNo", "No consumer " + r.consumerNo());
        }
        Instant now = clock.instant();
        Duration sla = props.sla(r.type());
        String srn = book.nextNumber(KIND, now);
        Optional<Long> inserted = jdbc.sql("""
                        INSERT INTO service_request (srn, type, consumer_no, status, details, description, channel,
                            requested_by, idempotency_key, request_hash, sla_minutes, due_at, created_at, updated_at)
                        VALUES (?, ?, ?, 'OPEN', CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (requested_by, idempotency_key) DO NOTHING RETURNING id""")
                .params(srn, r.type().name(), r.consumerNo(), json.writeValueAsString(details), r.description(),
                        channel, r.requestedBy(), r.idempotencyKey(), hash, sla.toMinutes(),
                        CaseBook.ts(now.plus(sla)), CaseBook.ts(now), CaseBook.ts(now))
                .query(Long.class).optional();
        if (inserted.isEmpty()) { // the same key at the same moment from another call, now committed
            return new Submitted(find(book.earlier(KIND, r.requestedBy(), r.idempotencyKey(), hash).orElseThrow())
                    .orElseThrow(), false);
        }
        long id = inserted.get();
        book.record(KIND, id, "OPEN", "CREATED", r.type().label() + (r.description() == null ? "" : ": "
                + r.description()), r.requestedBy(), now);
        if (r.type() == ServiceRequestType.MIGRATION) {
            startMigration(id, srn, r, details, now);
        }
        int sent = notices.notify(r.consumerNo(), "SERVICE_REQUEST_RECEIVED", Map.of("srn", srn, "request",
                r.type().label(), "due", CaseBook.shown(now.plus(sla))), "sr:" + srn + ":ack", r.requestedBy());
        book.record(KIND, id, current(id), "ACKNOWLEDGED", sent == 0 ? "no mobile number or email on the account"
                : "SRN sent by " + (sent == 2 ? "SMS and email" : "SMS or email"), "system", now);
        audit.record(r.requestedBy(), "SERVICE REQUEST", srn, "CREATED", r.type() + " for consumer " + r.consumerNo(),
                null);
        return new Submitted(find(srn).orElseThrow(), true);
    }

    /** UC13/UC14 through the migration module; what it refuses is refused here, naming the field of details. */
    private void startMigration(long id, String srn, NewServiceRequest r, Map<String, String> details, Instant now) {
        PaymentModeMigrations.Started started;
        try {
            started = migrations.request(new PaymentModeMigrations.Request(MIGRATION_PREFIX + srn, r.consumerNo(),
                    PaymentMode.valueOf(details.get("targetMode")), details.get("servicePointCode"),
                    Boolean.parseBoolean(details.get("meterChange")), r.requestedBy()));
        } catch (ApiProblem p) {
            List<FieldIssue> named = p.issues().stream().map(i -> List.of("targetMode", "servicePointCode",
                    "meterChange").contains(i.field()) ? new FieldIssue("details." + i.field(), i.line(), i.message())
                    : i).toList();
            throw new ApiProblem(p.status(), p.title(), p.getMessage(), named);
        }
        jdbc.sql("UPDATE service_request SET target_reference = ? WHERE id = ?")
                .params("migration:" + started.migrationId(), id).update();
        book.move(KIND, id, "IN_PROGRESS", "MIGRATION_STARTED", "migration " + started.migrationId() + " to "
                + details.get("targetMode"), "system", now);
    }

    /** Each field the type needs, none it does not take, each value acceptable (named details.&lt;field&gt;). */
    static List<FieldIssue> detailIssues(ServiceRequestType type, Map<String, String> details) {
        List<FieldIssue> issues = new ArrayList<>();
        for (var e : details.entrySet()) {
            if (!type.requiredFields().contains(e.getKey()) && !type.optionalFields().contains(e.getKey())) {
                issues.add(FieldIssue.of("details." + e.getKey(), type + " takes " + fields(type)));
            } else if (e.getValue() == null) {
                issues.add(FieldIssue.of("details." + e.getKey(), "a value is required"));
            }
        }
        for (String f : type.requiredFields()) {
            if (details.get(f) == null || details.get(f).isBlank()) {
                issues.add(FieldIssue.of("details." + f, type + " needs " + f));
            }
        }
        if (type.needsOneOfOptional() && type.optionalFields().stream().noneMatch(details::containsKey)) {
            issues.add(FieldIssue.of("details", type + " needs at least one of " + type.optionalFields()));
        }
        if (!issues.isEmpty()) {
            return issues;
        }
        try {
            change(details).problems().forEach(i -> issues.add(FieldIssue.of("details." + i.field(), i.message())));
        } catch (NumberFormatException e) {
            issues.add(FieldIssue.of("details.sanctionedLoadKw", "a number of kW, e.g. 7.5"));
        }
        String mode = details.get("targetMode");
        if (mode != null && !List.of("PREPAID", "POSTPAID").contains(mode)) {
            issues.add(FieldIssue.of("details.targetMode", "PREPAID or POSTPAID"));
        }
        String meterChange = details.get("meterChange");
        if (meterChange != null && !List.of("true", "false").contains(meterChange)) {
            issues.add(FieldIssue.of("details.meterChange", "true or false"));
        }
        for (String f : List.of("reason", "servicePointCode")) {
            if (details.get(f) != null && details.get(f).length() > (f.equals("reason") ? 500 : 64)) {
                issues.add(FieldIssue.of("details." + f, "too long"));
            }
        }
        return issues;
    }

    private static String fields(ServiceRequestType type) {
        List<String> all = new ArrayList<>(type.requiredFields());
        all.addAll(type.optionalFields());
        return all.isEmpty() ? "no details" : String.join(", ", all);
    }

    /** The account change a request's details ask for (fields it has no say in are null). */
    private static ConsumerChange change(Map<String, String> d) {
        String load = d.get("sanctionedLoadKw");
        return new ConsumerChange(d.get("name"), d.get("address"), d.get("phone"), d.get("email"),
                load == null ? null : new BigDecimal(load.strip()));
    }

    /** Staff take the request on: IN_PROGRESS, with who works on it. */
    @Transactional
    ServiceRequest assign(String srn, String assignee, String by) {
        CaseBook.Locked c = book.lock(KIND, srn);
        requirePending(srn, c);
        jdbc.sql("UPDATE service_request SET assignee = ? WHERE id = ?").params(assignee, c.id()).update();
        book.move(KIND, c.id(), "IN_PROGRESS", "ASSIGNED", "to " + assignee, by, clock.instant());
        audit.record(by, "SERVICE REQUEST ASSIGN", srn, "OK", "to " + assignee, null);
        return find(srn).orElseThrow();
    }

    /**
     * UC19.4: staff resolve the request; a name, address, contact or load change is applied to the consumer account
     * (audited there with old and new values). A migration is resolved by its completion, not by staff.
     */
    @Transactional
    ServiceRequest resolve(String srn, String note, String by) {
        CaseBook.Locked c = book.lock(KIND, srn);
        requirePending(srn, c);
        ServiceRequest sr = find(srn).orElseThrow();
        if (sr.type() == ServiceRequestType.MIGRATION) {
            throw ApiProblem.conflict("type", "Service request " + srn + " is resolved when its migration ("
                    + sr.targetReference() + ") completes");
        }
        String applied = "";
        ConsumerChange change = change(sr.details());
        if (!change.isEmpty()) {
            consumers.update(sr.consumerNo(), change, by, "service request " + srn);
            applied = "; consumer record updated: " + String.join(", ", sr.details().keySet());
        }
        resolved(c.id(), note + applied, by, clock.instant());
        audit.record(by, "SERVICE REQUEST RESOLVE", srn, "OK", note + applied, null);
        return find(srn).orElseThrow();
    }

    /** The migration a request started has completed: the request is resolved. */
    @Transactional
    void migrationCompleted(MigrationCompleted m) {
        if (m.reference() == null || !m.reference().startsWith(MIGRATION_PREFIX)) {
            return;
        }
        String srn = m.reference().substring(MIGRATION_PREFIX.length());
        CaseBook.Locked c = book.lock(KIND, srn);
        if (!KIND.pending.contains(c.status())) {
            return; // told again, or staff ended it meanwhile
        }
        resolved(c.id(), "Migrated to " + m.paymentMode() + " (migration " + m.migrationId() + ", meter "
                + m.meterSerialNo() + ")", "system:migration", m.completedAt() == null ? clock.instant() : m.completedAt());
    }

    private void resolved(long id, String resolution, String by, Instant at) {
        jdbc.sql("UPDATE service_request SET resolution = ?, resolved_at = ? WHERE id = ?")
                .params(resolution, CaseBook.ts(at), id).update();
        book.move(KIND, id, "RESOLVED", "RESOLVED", resolution, by, at);
    }

    /** UC19.5: a resolved request is closed (by staff, or by the system after urja.care.auto-close-after). */
    @Transactional
    ServiceRequest close(String srn, String note, String by) {
        CaseBook.Locked c = book.lock(KIND, srn);
        if (!c.status().equals("RESOLVED")) {
            throw ApiProblem.conflict("status", "Service request " + srn + " is " + c.status()
                    + "; only a RESOLVED one is closed");
        }
        return end(srn, c.id(), "CLOSED", note, by);
    }

    /** A request that will not be carried out: REJECTED, with the reason told to the consumer. */
    @Transactional
    ServiceRequest reject(String srn, String reason, String by) {
        CaseBook.Locked c = book.lock(KIND, srn);
        requirePending(srn, c);
        jdbc.sql("UPDATE service_request SET resolution = ? WHERE id = ?").params(reason, c.id()).update();
        return end(srn, c.id(), "REJECTED", reason, by);
    }

    private ServiceRequest end(String srn, long id, String outcome, String note, String by) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE service_request SET closed_at = ? WHERE id = ?").params(CaseBook.ts(now), id).update();
        book.move(KIND, id, outcome, outcome, note, by, now);
        ServiceRequest sr = find(srn).orElseThrow();
        String told = outcome.equals("CLOSED") ? "completed: " + sr.resolution() : "not carried out: " + note;
        int sent = notices.notify(sr.consumerNo(), "SERVICE_REQUEST_CLOSED", Map.of("srn", srn, "request",
                sr.type().label(), "outcome", told), "sr:" + srn + ":closed", by);
        book.record(KIND, id, outcome, "NOTIFIED", sent == 0 ? "no mobile number or email on the account"
                : "closure notice sent", "system", now);
        events.publishEvent(new ServiceRequestClosed(srn, sr.type(), sr.consumerNo(), outcome, sr.resolution(), by, now));
        audit.record(by, "SERVICE REQUEST " + outcome, srn, "OK", note, null);
        return find(srn).orElseThrow();
    }

    private static void requirePending(String srn, CaseBook.Locked c) {
        if (!KIND.pending.contains(c.status())) {
            throw ApiProblem.conflict("status", "Service request " + srn + " is " + c.status());
        }
    }

    private String current(long id) {
        return jdbc.sql("SELECT status FROM service_request WHERE id = ?").param(id).query(String.class).single();
    }

    private static final String COLUMNS = """
            SELECT id, srn, type, consumer_no, status, details::text, description, channel, requested_by, sla_minutes,
                   due_at, breached_at, escalation_level, escalated_at, assignee, target_reference, resolution,
                   created_at, updated_at, resolved_at, closed_at FROM service_request""";

    @Override
    public Optional<ServiceRequest> find(String srn) {
        return jdbc.sql(COLUMNS + " WHERE srn = ?").param(srn).query((rs, i) -> view(rs, true)).optional();
    }

    @Override
    public List<ServiceRequest> ofConsumer(String consumerNo, int limit) {
        return list(consumerNo, null, null, limit);
    }

    /** Most recent first, without their histories; filters may be null. */
    List<ServiceRequest> list(String consumerNo, String status, Boolean breached, int limit) {
        return jdbc.sql(COLUMNS + """
                         WHERE (CAST(? AS text) IS NULL OR consumer_no = ?) AND (CAST(? AS text) IS NULL OR status = ?)
                          AND (CAST(? AS boolean) IS NULL OR (breached_at IS NOT NULL) = ?)
                        ORDER BY id DESC LIMIT ?""")
                .params(consumerNo, consumerNo, status, status, breached, breached, limit)
                .query((rs, i) -> view(rs, false)).list();
    }

    private ServiceRequest view(ResultSet rs, boolean withHistory) throws SQLException {
        Map<String, String> details = new LinkedHashMap<>(json.readValue(rs.getString(6), DETAILS));
        Instant breachedAt = CaseBook.instant(rs.getObject(12, OffsetDateTime.class));
        return new ServiceRequest(rs.getString(2), ServiceRequestType.valueOf(rs.getString(3)), rs.getString(4),
                rs.getString(5), details, rs.getString(7), rs.getString(8), rs.getString(9),
                Duration.ofMinutes(rs.getInt(10)), rs.getObject(11, OffsetDateTime.class).toInstant(), breachedAt != null,
                breachedAt, rs.getInt(13), CaseBook.instant(rs.getObject(14, OffsetDateTime.class)), rs.getString(15),
                rs.getString(16), rs.getString(17), rs.getObject(18, OffsetDateTime.class).toInstant(),
                rs.getObject(19, OffsetDateTime.class).toInstant(), CaseBook.instant(rs.getObject(20, OffsetDateTime.class)),
                CaseBook.instant(rs.getObject(21, OffsetDateTime.class)),
                withHistory ? book.history(KIND, rs.getLong(1)) : List.of());
    }
}

package org.urja.mdms.care.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.notification.Notifications;
import org.urja.mdms.platform.ApiProblem;

/**
 * The SLA sweep, every {@code urja.care.sweep-interval}: a service request or complaint still unresolved past its due
 * time is flagged breached and escalated to level 1, and to level 2 when it is still unresolved another SLA later;
 * each escalation is in its history and told by email to the level's addresses ({@code urja.care.escalation}). A
 * resolved case nobody closed is closed after {@code urja.care.auto-close-after}. Safe on any number of nodes: rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED} and each step's condition is re-checked in the UPDATE.
 */
@Component
@EnableConfigurationProperties(CareProperties.class)
public class SlaSweep {

    private static final Logger log = LoggerFactory.getLogger(SlaSweep.class);

    private record Escalated(long id, String number, String what, String consumerNo, String status, int level,
                             Instant dueAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final CaseBook book;
    private final Notifications notifications;
    private final ServiceRequestService requests;
    private final ComplaintService complaints;
    private final CareProperties props;
    private final Clock clock;

    SlaSweep(JdbcClient jdbc, TransactionTemplate tx, CaseBook book, Notifications notifications,
             ServiceRequestService requests, ComplaintService complaints, CareProperties props, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.book = book;
        this.notifications = notifications;
        this.requests = requests;
        this.complaints = complaints;
        this.props = props;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${urja.care.sweep-interval:PT1M}")
    void scheduled() {
        try {
            sweep(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Customer-care SLA sweep failed; tried again at the next one", e);
        }
    }

    /** Breaches and escalations as of {@code now}, then closures of cases resolved before now − auto-close-after. */
    public void sweep(Instant now) {
        for (CaseKind kind : CaseKind.values()) {
            List<Escalated> done;
            do {
                done = tx.execute(s -> escalate(kind, now));
            } while (done != null && done.size() == 500);
            closeResolved(kind, now);
        }
    }

    private List<Escalated> escalate(CaseKind kind, Instant now) {
        List<Escalated> rows = jdbc.sql("""
                        WITH due AS (
                            SELECT id FROM %1$s
                            WHERE status = ANY(?) AND ((escalation_level = 0 AND due_at < ?)
                               OR (escalation_level = 1 AND due_at + make_interval(mins => sla_minutes) < ?))
                            ORDER BY due_at LIMIT 500 FOR UPDATE SKIP LOCKED)
                        UPDATE %1$s t SET escalation_level = t.escalation_level + 1, escalated_at = ?,
                            breached_at = coalesce(t.breached_at, t.due_at), updated_at = ?
                        FROM due WHERE t.id = due.id
                        RETURNING t.id, t.%2$s, t.%3$s, t.consumer_no, t.status, t.escalation_level, t.due_at"""
                        .formatted(kind.table, kind.numberColumn, kind.whatColumn))
                .params(kind.pendingArray(), CaseBook.ts(now), CaseBook.ts(now), CaseBook.ts(now), CaseBook.ts(now))
                .query((rs, i) -> new Escalated(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getObject(7, java.time.OffsetDateTime.class).toInstant()))
                .list();
        for (Escalated e : rows) {
            String note = (e.level() == 1 ? "SLA breached (due " : "Still unresolved another SLA after it was due (")
                    + CaseBook.shown(e.dueAt()) + " IST): escalated to level " + e.level();
            book.record(kind, e.id(), e.status(), "ESCALATED", note, "system:sla", now);
            for (String to : props.escalation().to(e.level())) {
                notifications.queue(new Notifications.Request(Notifications.Channel.EMAIL, to, "CARE_ESCALATION", "en",
                        Map.of("kind", kind.label, "number", e.number(), "what", e.what(), "consumerNo", e.consumerNo(),
                                "status", e.status(), "level", String.valueOf(e.level()), "due",
                                CaseBook.shown(e.dueAt())),
                        "care:" + e.number() + ":escalation:" + e.level() + ":" + e.dueAt().getEpochSecond() + ":" + to,
                        "system:sla"));
            }
            log.info("{} {} escalated to level {} (due {})", kind.label, e.number(), e.level(), e.dueAt());
        }
        return rows;
    }

    private void closeResolved(CaseKind kind, Instant now) {
        List<String> numbers = jdbc.sql("SELECT " + kind.numberColumn + " FROM " + kind.table
                        + " WHERE status = 'RESOLVED' AND resolved_at < ? ORDER BY resolved_at LIMIT 200")
                .param(CaseBook.ts(now.minus(props.autoCloseAfter()))).query(String.class).list();
        String note = "Closed by the system " + props.autoCloseAfter().toHours() + " h after it was resolved";
        for (String number : numbers) {
            try {
                if (kind == CaseKind.SERVICE_REQUEST) {
                    requests.close(number, note, "system:care");
                } else {
                    complaints.close(number, note, "system:care");
                }
            } catch (ApiProblem e) {
                log.debug("{} {} not closed by the sweep: {}", kind.label, number, e.getMessage()); // closed meanwhile
            }
        }
    }
}

package org.urja.mdms.integration.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.urja.mdms.platform.ApiProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed table: appends events once (by source key) and reads them in (tx, id) order after a cursor, handing out only
 * events of transactions older than every transaction still running.
 */
@Repository
class Feed {

    /** The event types served, one per shared domain event. */
    static final Set<String> TYPES = Set.of("DisconnectionAlert", "MeterDisconnected", "MeterReconnected",
            "TamperConfirmed", "TamperResolved", "OutageStarted", "OutageRestored", "MigrationCompleted", "PaymentReceived",
            "ConnectionActivated", "BillIssued", "ServiceRequestClosed", "ComplaintRegistered", "ComplaintClosed");

    /** An event as served: {@code cursor} is where a reader that processed it goes on from. */
    record Event(long id, String cursor, String type, String subject, Instant occurredAt, JsonNode data) {
    }

    /** A position in the feed: the writing transaction's id and the event id ("tx-id" as text). */
    record Cursor(String tx, long id) {

        static final Cursor START = new Cursor("0", 0);

        static Cursor parse(String text, String field) {
            if (text == null || text.isBlank()) {
                return START;
            }
            String[] parts = text.split("-");
            try {
                if (parts.length == 2 && Long.parseLong(parts[0]) >= 0 && Long.parseLong(parts[1]) >= 0) {
                    return new Cursor(Long.toString(Long.parseLong(parts[0])), Long.parseLong(parts[1]));
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw ApiProblem.badRequest(field, "A cursor is the \"cursor\" of an event served before, like 1234-56");
        }

        @Override
        public String toString() {
            return tx + "-" + id;
        }
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Feed(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Appends an event in the caller's transaction; the same source key again changes nothing. Within a transaction the
     * events are gathered and written together just before it commits (a group command's thousands of confirmations
     * are one statement), still inside it: they commit or roll back with the change.
     */
    void append(String type, String subject, Instant occurredAt, Object data, String sourceKey) {
        Row row = new Row(type, subject, occurredAt.toString(), json.writeValueAsString(data), sourceKey);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write(List.of(row));
            return;
        }
        // The transaction's own gatherer (synchronizations are per transaction, suspended in a nested new one).
        Gatherer gatherer = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(g -> g instanceof Gatherer).map(Gatherer.class::cast).findFirst().orElse(null);
        if (gatherer == null) {
            gatherer = new Gatherer();
            TransactionSynchronizationManager.registerSynchronization(gatherer);
        }
        if (gatherer.written) {
            write(List.of(row)); // published while the transaction commits: still inside it
        } else {
            gatherer.rows.add(row);
        }
    }

    /** The events of one transaction, written just before it commits. */
    private final class Gatherer implements TransactionSynchronization {
        final List<Row> rows = new ArrayList<>();
        boolean written;

        @Override
        public void beforeCommit(boolean readOnly) {
            write(rows);
            rows.clear();
            written = true;
        }
    }

    private record Row(String type, String subject, String occurredAt, String payload, String sourceKey) {
    }

    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO integration_event (event_type, subject, occurred_at, payload, source_key)
                        SELECT t, s, o::timestamptz, p::jsonb, k
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(t, s, o, p, k, n)
                        ORDER BY n
                        ON CONFLICT (source_key) DO NOTHING""")
                .params(rows.stream().map(Row::type).toArray(String[]::new),
                        rows.stream().map(Row::subject).toArray(String[]::new),
                        rows.stream().map(Row::occurredAt).toArray(String[]::new),
                        rows.stream().map(Row::payload).toArray(String[]::new),
                        rows.stream().map(Row::sourceKey).toArray(String[]::new))
                .update();
    }

    /** Up to {@code limit} events of the given types after the cursor, oldest first. */
    List<Event> after(Cursor cursor, Set<String> types, int limit) {
        return jdbc.sql("""
                        SELECT id, tx::text, event_type, subject, occurred_at, payload::text FROM integration_event
                        WHERE (tx, id) > (?::xid8, ?) AND event_type = ANY(?::text[])
                          AND tx < pg_snapshot_xmin(pg_current_snapshot())
                        ORDER BY tx, id LIMIT ?""")
                .params(cursor.tx(), cursor.id(), types.toArray(String[]::new), limit)
                .query((rs, i) -> new Event(rs.getLong(1), rs.getString(2) + "-" + rs.getLong(1), rs.getString(3),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(), json.readTree(rs.getString(6))))
                .list();
    }

    /** The cursor before every event not yet visible to all: where a subscriber starting "now" begins. */
    Cursor now() {
        return new Cursor(jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").query(String.class).single(), 0);
    }
}

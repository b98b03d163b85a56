package org.urja.mdms.care.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.urja.mdms.care.StatusChange;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;

/**
 * Bookkeeping shared by service requests and complaints: their numbers, status moves with history (who, when, note),
 * the checks every creation makes, and the request fingerprint behind idempotency keys.
 */
@Component
class CaseBook {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm");
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z0-9._:/-]{1,100}");

    private final JdbcClient jdbc;

    CaseBook(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next number of the IST day: prefix, yyMMdd, a 4-digit (or longer) sequence — SR2611290001. */
    String nextNumber(CaseKind kind, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, IST);
        int n = jdbc.sql("""
                        INSERT INTO care_number (prefix, day, last) VALUES (?, ?, 1)
                        ON CONFLICT (prefix, day) DO UPDATE SET last = care_number.last + 1 RETURNING last""")
                .params(kind.prefix, day).query(Integer.class).single();
        return kind.prefix + DAY.format(day) + String.format("%04d", n);
    }

    /** Moves the case to {@code status} (touching updated_at) and records it. */
    void move(CaseKind kind, long id, String status, String action, String note, String actor, Instant at) {
        jdbc.sql("UPDATE " + kind.table + " SET status = ?, updated_at = ? WHERE id = ?")
                .params(status, Timestamp.from(at), id).update();
        record(kind, id, status, action, note, actor, at);
    }

    /** A history entry without a status change (the status it stays in). */
    void record(CaseKind kind, long id, String status, String action, String note, String actor, Instant at) {
        jdbc.sql("INSERT INTO " + kind.historyTable + " (" + kind.historyKey
                        + ", status, action, note, actor, at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, status, action, note, actor, Timestamp.from(at)).update();
    }

    List<StatusChange> history(CaseKind kind, long id) {
        return jdbc.sql("SELECT status, action, note, actor, at FROM " + kind.historyTable + " WHERE "
                        + kind.historyKey + " = ? ORDER BY id")
                .param(id)
                .query((rs, i) -> new StatusChange(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** The case's id and status, locked for a change; 404 naming the number when there is none. */
    Locked lock(CaseKind kind, String number) {
        return jdbc.sql("SELECT id, status FROM " + kind.table + " WHERE " + kind.numberColumn + " = ? FOR UPDATE")
                .param(number).query((rs, i) -> new Locked(rs.getLong(1), rs.getString(2))).optional()
                .orElseThrow(() -> ApiProblem.notFound(kind.numberColumn, "No " + kind.label + " " + number));
    }

    record Locked(long id, String status) {
    }

    /** The id of the case made earlier under the requester's key with the same request, or 409 if another one. */
    java.util.Optional<String> earlier(CaseKind kind, String requestedBy, String key, String hash) {
        return jdbc.sql("SELECT " + kind.numberColumn + ", request_hash FROM " + kind.table
                        + " WHERE requested_by = ? AND idempotency_key = ?")
                .params(requestedBy, key)
                .query((rs, i) -> {
                    if (!rs.getString(2).equals(hash)) {
                        throw ApiProblem.conflict("Idempotency-Key", "Idempotency key " + key + " was already used for "
                                + kind.label + " " + rs.getString(1) + ", a different request");
                    }
                    return rs.getString(1);
                })
                .optional();
    }

    /** What every creation checks: the consumer number, channel, requester and idempotency key. */
    static List<FieldIssue> commonIssues(String consumerNo, String channel, String requestedBy, String key) {
        List<FieldIssue> issues = new ArrayList<>();
        if (key == null || !KEY.matcher(key).matches()) {
            issues.add(FieldIssue.of("Idempotency-Key", key == null
                    ? "is required: a key unique to this request, the same on a retry"
                    : "must be 1–100 letters, digits or . _ : / -"));
        }
        if (consumerNo == null || consumerNo.isBlank() || consumerNo.length() > 64) {
            issues.add(FieldIssue.of("consumerNo", "consumerNo of 1 to 64 characters is required"));
        }
        if (channel != null && !channel.matches("[A-Z_]{1,30}")) {
            issues.add(FieldIssue.of("channel", "channel is 1–30 capitals, e.g. PORTAL, STAFF, CALL_CENTRE"));
        }
        if (requestedBy == null || requestedBy.isBlank() || requestedBy.length() > 100) {
            issues.add(FieldIssue.of("requestedBy", "who asks (a staff user or consumer:<no>) is required"));
        }
        return issues;
    }

    static ApiProblem badRequest(List<FieldIssue> issues) {
        return ApiProblem.badRequest(issues.get(0).field() + ": " + issues.get(0).message(), issues);
    }

    /** A request's fingerprint: the same key must come with the same request. */
    static String hash(Object... parts) {
        StringBuilder s = new StringBuilder();
        for (Object p : parts) {
            s.append(p).append('\u001f');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A time as the consumer is told it: IST, dd-MM-yyyy HH:mm. */
    static String shown(Instant t) {
        return SHOWN.format(t.atZone(IST));
    }

    static Timestamp ts(Instant t) {
        return t == null ? null : Timestamp.from(t);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

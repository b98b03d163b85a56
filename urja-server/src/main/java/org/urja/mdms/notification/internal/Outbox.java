package org.urja.mdms.notification.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.notification.Notifications;
import org.urja.mdms.platform.ApiProblem;

/** The outbox: queueing (in the caller's transaction) and what the delivery worker and staff read. */
@Service
class Outbox implements Notifications {

    record Message(long id, String channel, String to, String template, String language, String subject, String body,
                   String status, int attempts, String lastError, String providerReference, String requestedBy,
                   Instant createdAt, Instant sentAt) {
    }

    /** What is left of a secret message's text once it is sent or given up, and what staff see of it before. */
    static final String SECRET_BODY = "(secret: not shown)";

    static final String COLUMNS = """
            id, channel, to_address, template, language, subject, body, status, attempts, last_error, provider_reference,
            requested_by, created_at, sent_at""";

    private final JdbcClient jdbc;
    private final Templates templates;

    Outbox(JdbcClient jdbc, Templates templates) {
        this.jdbc = jdbc;
        this.templates = templates;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public long queue(Request r) {
        if (r.to() == null || r.to().isBlank()) {
            throw ApiProblem.invalid("to", "A notification needs an address");
        }
        if (r.channel() == Channel.SMS && !r.to().matches("\\+[1-9][0-9]{7,14}")) {
            throw ApiProblem.invalid("to", "An SMS needs a mobile number with country code, e.g. +919811111111");
        }
        if (r.channel() == Channel.EMAIL && !r.to().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw ApiProblem.invalid("to", "Not an email address: " + r.to());
        }
        Templates.Rendered m;
        try {
            m = templates.render(r.template(), r.language(), r.params());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("template", e.getMessage());
        }
        jdbc.sql("""
                        INSERT INTO notification_outbox (idempotency_key, channel, to_address, template, language, subject, body,
                                                         requested_by, secret)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""")
                .params(r.key(), r.channel().name(), r.to(), r.template(), r.language(), m.subject(), m.body(),
                        r.requestedBy(), m.secret())
                .update();
        return jdbc.sql("SELECT id FROM notification_outbox WHERE idempotency_key = ?").param(r.key())
                .query(Long.class).single();
    }

    /** What staff see: the text of a secret message (a one-time code, a password) is never shown. */
    List<Message> recent(String to, String status, int limit) {
        return jdbc.sql("SELECT " + COLUMNS.replace("body,", "CASE WHEN secret THEN '" + SECRET_BODY + "' ELSE body END,") + """
                         FROM notification_outbox
                        WHERE (CAST(? AS text) IS NULL OR to_address = ?) AND (CAST(? AS text) IS NULL OR status = ?)
                        ORDER BY id DESC LIMIT ?""")
                .params(to, to, status, status, limit).query(Outbox::message).list();
    }

    static Message message(ResultSet rs, int row) throws SQLException {
        OffsetDateTime sent = rs.getObject(14, OffsetDateTime.class);
        return new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getObject(13, OffsetDateTime.class).toInstant(), sent == null ? null : sent.toInstant());
    }
}

package org.urja.mdms.sandbox.internal;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sandbox gateway's own tables: its orders, the payments made on them, the webhooks it sends. */
@Repository
@ConditionalOnProperty("urja.sandbox-gateway.enabled")
class SandboxBooks {

    record Order(String id, long amountPaise, String currency, String receipt, String notes, String callbackUrl,
                 Instant createdAt) {
    }

    record Payment(String id, String orderId, long amountPaise, String currency, String method, String status,
                   String reason, Instant createdAt, Instant updatedAt) {
    }

    /** One delivery of a webhook: what was sent (body and signature header), when, and the merchant's answer. */
    record Webhook(long id, String eventId, String url, String body, String signature, String status, Instant dueAt,
                   int attempts, Integer lastStatus, String lastError, Instant deliveredAt) {
    }

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PAYMENT_COLUMNS = "id, order_id, amount_paise, currency, method, status, reason, created_at, updated_at";

    private final JdbcClient jdbc;

    SandboxBooks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A gateway-style id: {@code order_}, {@code pay_} or {@code evt_} and 14 random letters and digits. */
    static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append('_');
        for (int i = 0; i < 14; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    Order createOrder(long amountPaise, String currency, String receipt, String notes, String callbackUrl) {
        return jdbc.sql("""
                        INSERT INTO sandbox_order (id, amount_paise, currency, receipt, notes, callback_url)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING id, amount_paise, currency, receipt, notes, callback_url, created_at""")
                .params(newId("order"), amountPaise, currency, receipt, notes, callbackUrl)
                .query(SandboxBooks::order).single();
    }

    Optional<Order> order(String id) {
        return jdbc.sql("SELECT id, amount_paise, currency, receipt, notes, callback_url, created_at FROM sandbox_order WHERE id = ?")
                .param(id).query(SandboxBooks::order).optional();
    }

    /** The order, locked: one payment on it at a time. */
    Optional<Order> lockOrder(String id) {
        return jdbc.sql("SELECT id, amount_paise, currency, receipt, notes, callback_url, created_at FROM sandbox_order WHERE id = ? FOR UPDATE")
                .param(id).query(SandboxBooks::order).optional();
    }

    List<Payment> payments(String orderId) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM sandbox_payment WHERE order_id = ? ORDER BY created_at, id")
                .param(orderId).query(SandboxBooks::payment).list();
    }

    List<Payment> recentPayments(int limit) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM sandbox_payment ORDER BY status <> 'PENDING', created_at DESC LIMIT ?")
                .param(limit).query(SandboxBooks::payment).list();
    }

    Optional<Payment> payment(String id) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM sandbox_payment WHERE id = ?").param(id)
                .query(SandboxBooks::payment).optional();
    }

    Payment insertPayment(String orderId, long amountPaise, String currency, String method, String status, String reason) {
        return jdbc.sql("""
                        INSERT INTO sandbox_payment (id, order_id, amount_paise, currency, method, status, reason)
                        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING""" + " " + PAYMENT_COLUMNS)
                .params(newId("pay"), orderId, amountPaise, currency, method, status, reason)
                .query(SandboxBooks::payment).single();
    }

    /** Settles a PENDING payment; false when it is not pending (any more). */
    boolean settle(String paymentId, String status, String reason) {
        return jdbc.sql("UPDATE sandbox_payment SET status = ?, reason = ?, updated_at = now() WHERE id = ? AND status = 'PENDING'")
                .params(status, reason, paymentId).update() == 1;
    }

    void queueWebhook(String eventId, String paymentId, String url, String body, String signature, Instant dueAt) {
        jdbc.sql("""
                        INSERT INTO sandbox_webhook (event_id, payment_id, url, body, signature, due_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(eventId, paymentId, url, body, signature, Timestamp.from(dueAt)).update();
    }

    List<Webhook> webhooks(String paymentId) {
        return jdbc.sql("""
                        SELECT id, event_id, url, body, signature, status, due_at, attempts, last_status, last_error,
                               delivered_at FROM sandbox_webhook WHERE payment_id = ? ORDER BY id""")
                .param(paymentId)
                .query((rs, i) -> new Webhook(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), instant(rs, 7), rs.getInt(8), (Integer) rs.getObject(9),
                        rs.getString(10), instant(rs, 11)))
                .list();
    }

    private static Order order(ResultSet rs, int i) throws SQLException {
        return new Order(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), instant(rs, 7));
    }

    private static Payment payment(ResultSet rs, int i) throws SQLException {
        return new Payment(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}

package org.urja.mdms.payment.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.mdms.payment.PaymentGateway;
import org.urja.mdms.payment.Payments.Attempt;
import org.urja.mdms.payment.Payments.Event;
import org.urja.mdms.payment.Payments.Order;
import org.urja.mdms.payment.Payments.Purpose;
import org.urja.mdms.payment.Payments.Receipt;
import org.urja.mdms.payment.Payments.State;

/** The payment module's tables: orders, attempts, events, messages seen, receipts and their yearly counters. */
@Repository
class PaymentStore {

    /** An order's own row, without attempts, history and receipt. */
    record Row(long id, Purpose purpose, String consumerNo, String billReference, long amountPaise, String currency,
               State state, String stateReason, String gateway, String gatewayOrderId, String checkoutUrl,
               String paidPaymentId, String paidMethod, Instant paidAt, String requestedBy, String idempotencyKey,
               String requestHash, Instant createdAt, Instant updatedAt) {
    }

    private static final String ORDER_COLUMNS = """
            id, purpose, consumer_no, bill_reference, amount_paise, currency, state, state_reason, gateway,
            gateway_order_id, checkout_url, paid_payment_id, paid_method, paid_at, requested_by, idempotency_key,
            request_hash, created_at, updated_at""";
    private static final String RECEIPT_COLUMNS = """
            receipt_no, order_id, consumer_no, purpose, bill_reference, amount_paise, gateway, gateway_payment_id, method,
            issued_at""";

    private final JdbcClient jdbc;

    PaymentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insertOrder(Purpose purpose, String consumerNo, String billReference, long amountPaise, String gateway,
                     String requestedBy, String key, String hash, Instant now, Instant firstCheck) {
        return jdbc.sql("""
                        INSERT INTO payment_order (purpose, consumer_no, bill_reference, amount_paise, state, gateway,
                            requested_by, idempotency_key, request_hash, next_check_at, created_at, updated_at)
                        VALUES (?, ?, ?, ?, 'CREATED', ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(purpose.name(), consumerNo, billReference, amountPaise, gateway, requestedBy, key, hash,
                        ts(firstCheck), ts(now), ts(now))
                .query(Long.class).single();
    }

    /** Records the gateway's order unless a concurrent request recorded one first (false: its order stands). */
    boolean registered(long id, String gatewayOrderId, String checkoutUrl, Instant now) {
        return jdbc.sql("""
                        UPDATE payment_order SET gateway_order_id = ?, checkout_url = ?, updated_at = ?
                        WHERE id = ? AND gateway_order_id IS NULL""")
                .params(gatewayOrderId, checkoutUrl, ts(now), id).update() == 1;
    }

    Optional<Row> row(long id) {
        return jdbc.sql("SELECT " + ORDER_COLUMNS + " FROM payment_order WHERE id = ?").param(id)
                .query(PaymentStore::row).optional();
    }

    Optional<Row> byKey(String requestedBy, String key) {
        return jdbc.sql("SELECT " + ORDER_COLUMNS + " FROM payment_order WHERE requested_by = ? AND idempotency_key = ?")
                .params(requestedBy, key).query(PaymentStore::row).optional();
    }

    /** The order a gateway knows by its id, locked until the transaction ends (one outcome applied at a time). */
    Optional<Row> lockByGatewayOrder(String gateway, String gatewayOrderId) {
        return jdbc.sql("SELECT " + ORDER_COLUMNS + " FROM payment_order WHERE gateway = ? AND gateway_order_id = ? FOR UPDATE")
                .params(gateway, gatewayOrderId).query(PaymentStore::row).optional();
    }

    Optional<Long> idByGatewayOrder(String gateway, String gatewayOrderId) {
        return jdbc.sql("SELECT id FROM payment_order WHERE gateway = ? AND gateway_order_id = ?")
                .params(gateway, gatewayOrderId).query(Long.class).optional();
    }

    Optional<Row> lock(long id) {
        return jdbc.sql("SELECT " + ORDER_COLUMNS + " FROM payment_order WHERE id = ? FOR UPDATE").param(id)
                .query(PaymentStore::row).optional();
    }

    void setState(long id, State state, String reason, Instant now) {
        jdbc.sql("UPDATE payment_order SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?")
                .params(state.name(), reason, ts(now), id).update();
    }

    void paid(long id, String paymentId, String method, Instant now) {
        jdbc.sql("""
                        UPDATE payment_order SET state = 'PAID', state_reason = NULL, paid_payment_id = ?, paid_method = ?,
                            paid_at = ?, updated_at = ? WHERE id = ?""")
                .params(paymentId, method, ts(now), ts(now), id).update();
    }

    /**
     * Orders due a look at the gateway (CREATED or PENDING, next check passed), claimed by moving their next check
     * on: another node running reconciliation at the same time skips them (SKIP LOCKED) and later sees them not due.
     */
    List<Row> claimDue(Instant now, Instant nextCheck, int limit) {
        return jdbc.sql("""
                        UPDATE payment_order SET next_check_at = ? WHERE id IN (
                            SELECT id FROM payment_order WHERE state IN ('CREATED', 'PENDING') AND next_check_at <= ?
                            ORDER BY next_check_at LIMIT ? FOR UPDATE SKIP LOCKED)
                        RETURNING""" + " " + ORDER_COLUMNS)
                .params(ts(nextCheck), ts(now), limit).query(PaymentStore::row).list();
    }

    /** Records what the gateway says of one payment; returns the status it had before (null: first report). */
    String upsertAttempt(long orderId, String gateway, PaymentGateway.Payment p, String via, Instant now) {
        String before = jdbc.sql("SELECT status FROM payment_attempt WHERE gateway = ? AND gateway_payment_id = ?")
                .params(gateway, p.gatewayPaymentId()).query(String.class).optional().orElse(null);
        jdbc.sql("""
                        INSERT INTO payment_attempt (order_id, gateway, gateway_payment_id, status, amount_paise, currency,
                            method, reason, first_seen_via, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (gateway, gateway_payment_id) DO UPDATE SET status = excluded.status,
                            amount_paise = excluded.amount_paise, currency = excluded.currency, method = excluded.method,
                            reason = excluded.reason, updated_at = excluded.updated_at
                        WHERE (payment_attempt.status, payment_attempt.amount_paise, payment_attempt.currency,
                               payment_attempt.method, payment_attempt.reason)
                              IS DISTINCT FROM (excluded.status, excluded.amount_paise, excluded.currency,
                                                excluded.method, excluded.reason)""")
                .params(orderId, gateway, p.gatewayPaymentId(), p.status().name(), p.amountPaise(), p.currency(),
                        p.method(), p.reason(), via, ts(now), ts(now))
                .update();
        return before;
    }

    boolean hasPendingAttempt(long orderId) {
        return jdbc.sql("SELECT count(*) FROM payment_attempt WHERE order_id = ? AND status = 'PENDING'").param(orderId)
                .query(Long.class).single() > 0;
    }

    void event(long orderId, String kind, String via, String paymentId, String detail, Instant now) {
        jdbc.sql("INSERT INTO payment_event (order_id, at, kind, via, gateway_payment_id, detail) VALUES (?, ?, ?, ?, ?, ?)")
                .params(orderId, ts(now), kind, via, paymentId, detail).update();
    }

    /** Marks a callback or webhook as taken in; false when it was before (a replay). */
    boolean firstTime(String gateway, String kind, String messageId) {
        return jdbc.sql("""
                        INSERT INTO payment_message_seen (gateway, kind, message_id) VALUES (?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(gateway, kind, messageId).update() == 1;
    }

    /**
     * Issues the year's next receipt number: the counter row stays locked until the transaction ends, so numbers
     * follow commit order and a rolled-back payment leaves no hole.
     */
    Receipt issueReceipt(Row o, String paymentId, String method, int year, Instant now) {
        int seq = jdbc.sql("""
                        INSERT INTO payment_receipt_counter (year, last_no) VALUES (?, 1)
                        ON CONFLICT (year) DO UPDATE SET last_no = payment_receipt_counter.last_no + 1 RETURNING last_no""")
                .param(year).query(Integer.class).single();
        String no = "RC-%d-%06d".formatted(year, seq);
        jdbc.sql("""
                        INSERT INTO payment_receipt (receipt_no, year, seq, order_id, consumer_no, purpose, bill_reference,
                            amount_paise, gateway, gateway_payment_id, method, issued_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(no, year, seq, o.id(), o.consumerNo(), o.purpose().name(), o.billReference(), o.amountPaise(),
                        o.gateway(), paymentId, method, ts(now))
                .update();
        return new Receipt(no, o.id(), o.consumerNo(), o.purpose(), o.billReference(), o.amountPaise(), o.gateway(),
                paymentId, method, now);
    }

    Optional<Receipt> receipt(String receiptNo) {
        return jdbc.sql("SELECT " + RECEIPT_COLUMNS + " FROM payment_receipt WHERE receipt_no = ?").param(receiptNo)
                .query(PaymentStore::receipt).optional();
    }

    List<Receipt> receipts(String consumerNo, int limit) {
        return jdbc.sql("SELECT " + RECEIPT_COLUMNS + " FROM payment_receipt WHERE consumer_no = ? ORDER BY issued_at DESC, seq DESC LIMIT ?")
                .params(consumerNo, limit).query(PaymentStore::receipt).list();
    }

    Optional<Order> order(long id) {
        return row(id).map(r -> new Order(r.id(), r.purpose(), r.consumerNo(), r.billReference(), r.amountPaise(),
                r.currency(), r.state(), r.stateReason(), r.gateway(), r.gatewayOrderId(), r.checkoutUrl(),
                r.paidPaymentId(), r.paidMethod(), r.paidAt(),
                jdbc.sql("SELECT " + RECEIPT_COLUMNS + " FROM payment_receipt WHERE order_id = ?").param(id)
                        .query(PaymentStore::receipt).optional().orElse(null),
                r.requestedBy(), r.createdAt(), r.updatedAt(), attempts(id), history(id)));
    }

    private List<Attempt> attempts(long orderId) {
        return jdbc.sql("""
                        SELECT gateway_payment_id, status, amount_paise, currency, method, reason, first_seen_via, created_at,
                               updated_at FROM payment_attempt WHERE order_id = ? ORDER BY id""")
                .param(orderId)
                .query((rs, i) -> new Attempt(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8), instant(rs, 9)))
                .list();
    }

    private List<Event> history(long orderId) {
        return jdbc.sql("SELECT at, kind, via, gateway_payment_id, detail FROM payment_event WHERE order_id = ? ORDER BY id")
                .param(orderId)
                .query((rs, i) -> new Event(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong(1), Purpose.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), State.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), instant(rs, 14), rs.getString(15),
                rs.getString(16), rs.getString(17), instant(rs, 18), instant(rs, 19));
    }

    private static Receipt receipt(ResultSet rs, int i) throws SQLException {
        return new Receipt(rs.getString(1), rs.getLong(2), rs.getString(3), Purpose.valueOf(rs.getString(4)),
                rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), instant(rs, 10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}

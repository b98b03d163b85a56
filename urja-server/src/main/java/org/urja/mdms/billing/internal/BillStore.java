package org.urja.mdms.billing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.urja.mdms.billing.Bill;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bills, the bill-number counter and the consumers' accounts ({@code bill}, {@code bill_number_counter},
 * {@code bill_account_entry}: BILL, REVISION, PAYMENT and ADJUSTMENT postings, {@code bill_hold}).
 */
@Repository
class BillStore {

    /** The columns of a bill that decide where it stands. */
    record Row(String billNo, String originalBillNo, int revision, String consumerNo, String servicePointCode,
               YearMonth period, int determinantsVersion, LocalDate dueDate, long arrearsPaise, long payablePaise,
               long anchorEntryId, String supersededBy, Integer revisionDueVersion) {
    }

    record Hold(String servicePointCode, String consumerNo, String reason) {
    }

    private static final String ROW = """
            bill_no, original_bill_no, revision, consumer_no, service_point_code, period, determinants_version, due_date,
            arrears_paise, payable_paise, anchor_entry_id, superseded_by, revision_due_version""" + " ";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BillStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One writer per consumer account at a time (transaction-scoped advisory locks, taken in a fixed order). */
    void lockAccounts(Collection<String> consumerNos) {
        if (consumerNos.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        SELECT count(pg_advisory_xact_lock(hashtextextended('bill-account|' || c, 0)))
                        FROM (SELECT DISTINCT unnest(?::text[]) AS c ORDER BY 1) s""")
                .param(consumerNos.toArray(String[]::new)).query(Long.class).single();
    }

    /** Each consumer's account balance (what the consumer owes; negative: a credit). */
    Map<String, Long> balances(Collection<String> consumerNos) {
        Map<String, Long> out = new HashMap<>();
        jdbc.sql("""
                        SELECT consumer_no, sum(amount_paise) FROM bill_account_entry WHERE consumer_no = ANY(?)
                        GROUP BY consumer_no""")
                .param(consumerNos.toArray(String[]::new))
                .query(rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    long balance(String consumerNo) {
        return balances(List.of(consumerNo)).getOrDefault(consumerNo, 0L);
    }

    /**
     * Each consumer's account adjustments that no bill showed yet (posted after the anchor of the consumer's latest
     * bill), oldest first.
     */
    Map<String, List<BillCalculator.Adjustment>> unbilledAdjustments(Collection<String> consumerNos) {
        Map<String, List<BillCalculator.Adjustment>> out = new HashMap<>();
        jdbc.sql("""
                        SELECT e.consumer_no, e.detail, e.amount_paise FROM bill_account_entry e
                        WHERE e.consumer_no = ANY(?) AND e.kind = 'ADJUSTMENT'
                          AND e.id > coalesce((SELECT max(b.anchor_entry_id) FROM bill b
                                               WHERE b.consumer_no = e.consumer_no), 0)
                        ORDER BY e.consumer_no, e.id""")
                .param(consumerNos.toArray(String[]::new))
                .query(rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new BillCalculator.Adjustment(rs.getString(2), rs.getLong(3)));
                });
        return out;
    }

    /** Numbers {@code last + 1 … last + n} of the utility's counter, locked until the caller's transaction ends. */
    long takeNumbers(int n) {
        return jdbc.sql("""
                        INSERT INTO bill_number_counter (name, last_no) VALUES ('BILL', ?)
                        ON CONFLICT (name) DO UPDATE SET last_no = bill_number_counter.last_no + EXCLUDED.last_no
                        RETURNING last_no""")
                .param((long) n).query(Long.class).single() - n + 1;
    }

    /** A posting to a consumer's account; {@code billNo} is null only for an ADJUSTMENT. */
    record Entry(String consumerNo, String kind, long amountPaise, String billNo, String reference, String detail) {
    }

    /**
     * Posts to an account once per reference; the entry's id, or empty if the reference was posted before. {@code billNo}
     * is null only for an ADJUSTMENT.
     */
    Optional<Long> post(String consumerNo, String kind, long amountPaise, String billNo, String reference, String detail,
                        java.time.Instant at) {
        return Optional.ofNullable(postAll(List.of(new Entry(consumerNo, kind, amountPaise, billNo, reference, detail)),
                at).get(reference));
    }

    /**
     * Posts these entries in one statement, their ids in list order; each entry's id by reference, none for a
     * reference posted before.
     */
    Map<String, Long> postAll(List<Entry> entries, java.time.Instant at) {
        Map<String, Long> ids = new HashMap<>();
        if (entries.isEmpty()) {
            return ids;
        }
        jdbc.sql("""
                        INSERT INTO bill_account_entry (consumer_no, kind, amount_paise, bill_no, reference, detail, posted_at)
                        SELECT c, k, a, b, r, d, ? FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                             WITH ORDINALITY AS u(c, k, a, b, r, d, n)
                        ORDER BY n
                        ON CONFLICT (reference) DO NOTHING RETURNING reference, id""")
                .params(Timestamp.from(at), entries.stream().map(Entry::consumerNo).toArray(String[]::new),
                        entries.stream().map(Entry::kind).toArray(String[]::new),
                        entries.stream().map(Entry::amountPaise).toArray(Long[]::new),
                        entries.stream().map(Entry::billNo).toArray(String[]::new),
                        entries.stream().map(Entry::reference).toArray(String[]::new),
                        entries.stream().map(Entry::detail).toArray(String[]::new))
                .query(rs -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                });
        return ids;
    }

    void insert(Bill b, long anchorEntryId) {
        insertAll(List.of(b), List.of(anchorEntryId));
    }

    /** Inserts these bills in one statement, each with its anchor entry (same order). */
    void insertAll(List<Bill> bills, List<Long> anchorEntryIds) {
        if (bills.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO bill (bill_no, original_bill_no, revision, consumer_no, service_point_code, group_code,
                                          period, determinants_version, tariff_category, bill_date, due_date,
                                          current_paise, arrears_paise, lps_paise, rounding_paise, payable_paise,
                                          anchor_entry_id, issued_by, issued_at, body)
                        SELECT no, orig, rev, c, sp, g, per::date, dv, cat, bd::date, dd::date, cur, arr, lps, rnd, pay, anc,
                               iby, iat::timestamptz, body::jsonb
                        FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],
                                    ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                    ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                             AS u(no, orig, rev, c, sp, g, per, dv, cat, bd, dd, cur, arr, lps, rnd, pay, anc, iby, iat, body)""")
                .params(col(bills, Bill::billNo, String[]::new), col(bills, Bill::originalBillNo, String[]::new),
                        col(bills, Bill::revision, Integer[]::new),
                        col(bills, b -> b.consumer().consumerNo(), String[]::new),
                        col(bills, Bill::servicePointCode, String[]::new), col(bills, Bill::groupCode, String[]::new),
                        col(bills, b -> b.period().atDay(1).toString(), String[]::new),
                        col(bills, Bill::determinantsVersion, Integer[]::new),
                        col(bills, b -> b.consumer().tariffCategory(), String[]::new),
                        col(bills, b -> b.billDate().toString(), String[]::new),
                        col(bills, b -> b.dueDate().toString(), String[]::new),
                        col(bills, Bill::currentChargesPaise, Long[]::new), col(bills, Bill::arrearsPaise, Long[]::new),
                        col(bills, Bill::latePaymentSurchargePaise, Long[]::new),
                        col(bills, Bill::roundingPaise, Long[]::new), col(bills, Bill::payablePaise, Long[]::new),
                        anchorEntryIds.toArray(Long[]::new), col(bills, Bill::issuedBy, String[]::new),
                        col(bills, b -> b.issuedAt().toString(), String[]::new),
                        col(bills, json::writeValueAsString, String[]::new))
                .update();
    }

    private static <T, C> C[] col(List<T> rows, java.util.function.Function<T, C> f,
                                  java.util.function.IntFunction<C[]> array) {
        return rows.stream().map(f).toArray(array);
    }

    void supersede(String billNo, String by, java.time.Instant at) {
        jdbc.sql("UPDATE bill SET superseded_by = ?, superseded_at = ? WHERE bill_no = ? AND superseded_by IS NULL")
                .params(by, Timestamp.from(at), billNo).update();
    }

    /** Marks current bills whose determinants were restated after they were billed; how many. */
    int markForRevision(YearMonth period, Map<String, Integer> versionByServicePoint) {
        if (versionByServicePoint.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        UPDATE bill b SET revision_due_version = u.v
                        FROM unnest(?::text[], ?::int[]) AS u(sp, v)
                        WHERE b.service_point_code = u.sp AND b.period = ? AND b.superseded_by IS NULL
                          AND b.determinants_version < u.v""")
                .params(versionByServicePoint.keySet().toArray(String[]::new),
                        versionByServicePoint.values().toArray(Integer[]::new), period.atDay(1))
                .update();
    }

    Optional<Row> row(String billNo) {
        return jdbc.sql("SELECT " + ROW + " FROM bill WHERE bill_no = ?").param(billNo)
                .query((rs, i) -> row(rs)).optional();
    }

    Optional<Bill> body(String billNo) {
        return Optional.ofNullable(bodies(List.of(billNo)).get(billNo));
    }

    /** These bills' bodies by bill number, in one query. */
    Map<String, Bill> bodies(Collection<String> billNos) {
        Map<String, Bill> out = new HashMap<>();
        if (billNos.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT bill_no, body::text FROM bill WHERE bill_no = ANY(?)").param(billNos.toArray(String[]::new))
                .query(rs -> {
                    out.put(rs.getString(1), json.readValue(rs.getString(2), Bill.class));
                });
        return out;
    }

    /** Current bills of service points for a period. */
    Map<String, Row> currentOf(YearMonth period, Collection<String> servicePoints) {
        Map<String, Row> out = new HashMap<>();
        jdbc.sql("SELECT " + ROW + """
                         FROM bill WHERE period = ? AND service_point_code = ANY(?) AND superseded_by IS NULL""")
                .params(period.atDay(1), servicePoints.toArray(String[]::new))
                .query((rs, i) -> row(rs)).list().forEach(r -> out.put(r.servicePointCode(), r));
        return out;
    }

    /** Each consumer's latest current bill before {@code period}. */
    Map<String, Row> previousOf(YearMonth period, Collection<String> consumerNos) {
        Map<String, Row> out = new HashMap<>();
        jdbc.sql("SELECT DISTINCT ON (consumer_no) " + ROW + """
                         FROM bill WHERE consumer_no = ANY(?) AND period < ? AND superseded_by IS NULL
                        ORDER BY consumer_no, period DESC, anchor_entry_id DESC""")
                .params(consumerNos.toArray(String[]::new), period.atDay(1))
                .query((rs, i) -> row(rs)).list().forEach(r -> out.put(r.consumerNo(), r));
        return out;
    }

    /** Consumers among these that have a current bill of a period after {@code period}. */
    List<String> billedLater(YearMonth period, Collection<String> consumerNos) {
        return jdbc.sql("""
                        SELECT DISTINCT consumer_no FROM bill WHERE consumer_no = ANY(?) AND period > ?
                          AND superseded_by IS NULL""")
                .params(consumerNos.toArray(String[]::new), period.atDay(1)).query(String.class).list();
    }

    /** A consumer's bills, newest first (a revision before the bill it replaced). */
    List<Row> ofConsumer(String consumerNo, int limit) {
        return jdbc.sql("SELECT " + ROW + """
                         FROM bill WHERE consumer_no = ? ORDER BY period DESC, anchor_entry_id DESC, revision DESC
                        LIMIT ?""")
                .params(consumerNo, limit).query((rs, i) -> row(rs)).list();
    }

    /**
     * Payments into the account after a bill's anchor and before the next current bill's (none: until now), and
     * that next bill.
     */
    record Window(long paidPaise, String nextBillNo) {
    }

    Window window(Row r) {
        return windows(List.of(r)).get(r.billNo());
    }

    /** Each bill's window, by bill number, in one query. */
    Map<String, Window> windows(Collection<Row> rows) {
        Map<String, Window> out = new HashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT u.no, n.bill_no,
                               (SELECT coalesce(-sum(e.amount_paise), 0) FROM bill_account_entry e
                                WHERE e.consumer_no = u.c AND e.kind = 'PAYMENT' AND e.id > u.a
                                  AND (n.anchor_entry_id IS NULL OR e.id < n.anchor_entry_id))
                        FROM unnest(?::text[], ?::text[], ?::bigint[]) AS u(no, c, a)
                        LEFT JOIN LATERAL (SELECT bill_no, anchor_entry_id FROM bill
                                           WHERE consumer_no = u.c AND superseded_by IS NULL AND anchor_entry_id > u.a
                                           ORDER BY anchor_entry_id LIMIT 1) n ON TRUE""")
                .params(rows.stream().map(Row::billNo).toArray(String[]::new),
                        rows.stream().map(Row::consumerNo).toArray(String[]::new),
                        rows.stream().map(Row::anchorEntryId).toArray(Long[]::new))
                .query(rs -> {
                    out.put(rs.getString(1), new Window(rs.getLong(3), rs.getString(2)));
                });
        return out;
    }

    /** The service point's current-version kWh of each period from {@code from} to {@code to}, oldest first. */
    Map<String, List<Bill.Consumption>> history(Collection<String> servicePoints, YearMonth from, YearMonth to) {
        Map<String, List<Bill.Consumption>> out = new HashMap<>();
        jdbc.sql("""
                        SELECT service_point_code, period, (body -> 'importKwh' ->> 'total')::numeric
                        FROM billing_determinant WHERE service_point_code = ANY(?) AND current AND period BETWEEN ? AND ?
                        ORDER BY service_point_code, period""")
                .params(servicePoints.toArray(String[]::new), from.atDay(1), to.atDay(1))
                .query(rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Bill.Consumption(
                            YearMonth.from(rs.getObject(2, LocalDate.class)), rs.getBigDecimal(3)));
                });
        return out;
    }

    void replaceHolds(String group, YearMonth period, Collection<String> billedOrSkipped, List<Hold> holds,
                      java.time.Instant at) {
        List<String> all = new ArrayList<>(billedOrSkipped);
        holds.forEach(h -> all.add(h.servicePointCode()));
        if (!all.isEmpty()) {
            jdbc.sql("DELETE FROM bill_hold WHERE group_code = ? AND period = ? AND service_point_code = ANY(?)")
                    .params(group, period.atDay(1), all.toArray(String[]::new)).update();
        }
        if (!holds.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO bill_hold (group_code, period, service_point_code, consumer_no, reason, held_at)
                            SELECT ?, ?, sp, c, r, ? FROM unnest(?::text[], ?::text[], ?::text[]) AS u(sp, c, r)""")
                    .params(group, period.atDay(1), Timestamp.from(at),
                            holds.stream().map(Hold::servicePointCode).toArray(String[]::new),
                            holds.stream().map(Hold::consumerNo).toArray(String[]::new),
                            holds.stream().map(Hold::reason).toArray(String[]::new))
                    .update();
        }
    }

    List<Hold> holds(String group, YearMonth period) {
        return jdbc.sql("""
                        SELECT service_point_code, consumer_no, reason FROM bill_hold WHERE group_code = ? AND period = ?
                        ORDER BY service_point_code""")
                .params(group, period.atDay(1))
                .query((rs, i) -> new Hold(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    List<String> ofCycle(String group, YearMonth period) {
        return jdbc.sql("""
                        SELECT bill_no FROM bill WHERE group_code = ? AND period = ?
                        ORDER BY service_point_code, revision""")
                .params(group, period.atDay(1)).query(String.class).list();
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                YearMonth.from(rs.getObject(6, LocalDate.class)), rs.getInt(7), rs.getObject(8, LocalDate.class),
                rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getString(12),
                (Integer) rs.getObject(13));
    }
}

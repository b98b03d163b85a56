package org.urja.mdms.prepaid.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.prepaid.Wallet;

@Repository
class JdbcWallet implements Wallet {

    private static final String COLUMNS = "id, consumer_no, kind, amount_paise, balance_after, reference, day, created_by, created_at";

    private final JdbcClient jdbc;
    private final CreditPush credit;

    JdbcWallet(JdbcClient jdbc, CreditPush credit) {
        this.jdbc = jdbc;
        this.credit = credit;
    }

    @Override
    @Transactional
    public Posted post(String consumerNo, Kind kind, long amountPaise, String reference, LocalDate day, String detailJson,
                       String createdBy) {
        jdbc.sql("INSERT INTO prepaid_account (consumer_no) VALUES (?) ON CONFLICT DO NOTHING").param(consumerNo).update();
        // The account row lock serialises this consumer's postings (other consumers are not held up).
        long balance = jdbc.sql("SELECT balance_paise FROM prepaid_account WHERE consumer_no = ? FOR UPDATE")
                .param(consumerNo).query(Long.class).single();
        Optional<Entry> existing = find(consumerNo, kind, reference);
        if (existing.isPresent()) {
            return new Posted(existing.get(), false);
        }
        long after = Math.addExact(balance, amountPaise);
        Entry entry = jdbc.sql("""
                        INSERT INTO wallet_entry (consumer_no, kind, amount_paise, balance_after, reference, day, detail, created_by)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)""" + " RETURNING " + COLUMNS)
                .params(consumerNo, kind.name(), amountPaise, after, reference, day, detailJson, createdBy)
                .query(JdbcWallet::entry).single();
        jdbc.sql("UPDATE prepaid_account SET balance_paise = ?, entries = entries + 1, updated_at = now() WHERE consumer_no = ?")
                .params(after, consumerNo).update();
        credit.changed(consumerNo); // the meter, if it keeps the balance, is sent the new one
        return new Posted(entry, true);
    }

    @Override
    public long balance(String consumerNo) {
        return jdbc.sql("SELECT balance_paise FROM prepaid_account WHERE consumer_no = ?").param(consumerNo)
                .query(Long.class).optional().orElse(0L);
    }

    @Override
    public List<Entry> entries(String consumerNo, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wallet_entry WHERE consumer_no = ? ORDER BY id DESC LIMIT ?")
                .params(consumerNo, limit).query(JdbcWallet::entry).list();
    }

    /** The balance recomputed from the ledger, for checks: it always equals {@link #balance}. */
    long ledgerSum(String consumerNo) {
        return jdbc.sql("SELECT coalesce(sum(amount_paise), 0) FROM wallet_entry WHERE consumer_no = ?").param(consumerNo)
                .query(Long.class).single();
    }

    /** The entry posted under this key, if any. */
    Optional<Entry> find(String consumerNo, Kind kind, String reference) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wallet_entry WHERE consumer_no = ? AND kind = ? AND reference = ?")
                .params(consumerNo, kind.name(), reference).query(JdbcWallet::entry).optional();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong(1), rs.getString(2), Kind.valueOf(rs.getString(3)), rs.getLong(4), rs.getLong(5),
                rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                rs.getObject(9, OffsetDateTime.class).toInstant());
    }
}

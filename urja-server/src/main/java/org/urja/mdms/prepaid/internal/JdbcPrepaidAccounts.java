package org.urja.mdms.prepaid.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.prepaid.PrepaidAccounts;
import org.urja.mdms.prepaid.Wallet;

/** Opening and closing wallets through the ledger ({@link Wallet#post}), so every movement is an entry. */
@Service
class JdbcPrepaidAccounts implements PrepaidAccounts {

    private final Wallet wallet;
    private final JdbcClient jdbc;
    private final ArrearsRecovery arrears;

    JdbcPrepaidAccounts(Wallet wallet, JdbcClient jdbc, ArrearsRecovery arrears) {
        this.wallet = wallet;
        this.jdbc = jdbc;
        this.arrears = arrears;
    }

    @Override
    @Transactional
    public Opened open(String consumerNo, long openingBalancePaise, long arrearsPaise, String reference, String by) {
        if (openingBalancePaise < 0 || arrearsPaise < 0) {
            throw new IllegalArgumentException("opening balance and arrears are amounts (>= 0)");
        }
        boolean created = false;
        if (openingBalancePaise > 0) {
            created = wallet.post(consumerNo, Wallet.Kind.ADJUSTMENT, openingBalancePaise, "opening:" + reference, null,
                    "{\"reason\": \"opening balance on moving to prepaid\"}", by).created();
        }
        if (arrearsPaise > 0 && arrears.atOnce()) {
            created |= wallet.post(consumerNo, Wallet.Kind.ARREARS_RECOVERY, -arrearsPaise, "arrears:" + reference, null,
                    "{\"reason\": \"postpaid arrears carried to the prepaid wallet\"}", by).created();
        }
        jdbc.sql("INSERT INTO prepaid_account (consumer_no) VALUES (?) ON CONFLICT DO NOTHING").param(consumerNo).update();
        if (arrearsPaise > 0 && !arrears.atOnce()) {
            // Recovered as a share of each recharge (ArrearsRecovery), not debited at once.
            created |= arrears.carry(consumerNo, arrearsPaise, "arrears:" + reference);
        }
        created |= jdbc.sql("""
                        UPDATE prepaid_account SET closed_at = NULL, closing_reference = NULL, final_balance_paise = NULL,
                            updated_at = now() WHERE consumer_no = ? AND closed_at IS NOT NULL""")
                .param(consumerNo).update() > 0;
        return new Opened(consumerNo, wallet.balance(consumerNo), created);
    }

    @Override
    @Transactional
    public Closed close(String consumerNo, String reference, String by) {
        jdbc.sql("INSERT INTO prepaid_account (consumer_no) VALUES (?) ON CONFLICT DO NOTHING").param(consumerNo).update();
        record Account(long balance, Instant closedAt, String closingReference, Long finalBalance) {
        }
        // The account row lock serialises the closure with the consumer's other postings.
        Account a = jdbc.sql("""
                        SELECT balance_paise, closed_at, closing_reference, final_balance_paise FROM prepaid_account
                        WHERE consumer_no = ? FOR UPDATE""")
                .param(consumerNo)
                .query((rs, i) -> new Account(rs.getLong(1), Optional.ofNullable(rs.getObject(2, OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant).orElse(null), rs.getString(3), (Long) rs.getObject(4)))
                .single();
        if (a.closedAt() != null && reference.equals(a.closingReference())) {
            return new Closed(consumerNo, a.finalBalance(), a.closedAt());
        }
        long owed = arrears.takeOutstanding(consumerNo);
        long balance = a.balance();
        if (balance > 0) {
            wallet.post(consumerNo, Wallet.Kind.REFUND, -balance, "closing:" + reference, null,
                    "{\"reason\": \"credit carried to the first postpaid bill\"}", by);
        } else if (balance < 0) {
            wallet.post(consumerNo, Wallet.Kind.ADJUSTMENT, -balance, "closing:" + reference, null,
                    "{\"reason\": \"arrears carried to the first postpaid bill\"}", by);
        }
        Instant closedAt = jdbc.sql("""
                        UPDATE prepaid_account SET closed_at = now(), closing_reference = ?, final_balance_paise = ?,
                            updated_at = now() WHERE consumer_no = ? RETURNING closed_at""")
                .params(reference, balance - owed, consumerNo).query(OffsetDateTime.class).single().toInstant();
        // Arrears still owed from postpaid go to the first postpaid bill with the balance.
        return new Closed(consumerNo, balance - owed, closedAt);
    }
}

package org.urja.mdms.prepaid.internal;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.urja.mdms.prepaid.Wallet;

/**
 * Postpaid arrears carried into prepaid (UC13), recovered per the utility's policy: {@code
 * urja.prepaid.arrears-recovery-percent} (default 25) of each recharge goes to the arrears until they are paid, each
 * part an ARREARS_RECOVERY entry with the recharge's payment reference; 100 debits them from the wallet at once when
 * the account opens. What is still owed when the account closes is carried to the first postpaid bill with the
 * balance. In the caller's transaction; the account row is locked by the posting before.
 */
@Component
class ArrearsRecovery {

    private final JdbcWallet wallet;
    private final JdbcClient jdbc;
    private final int percent;

    ArrearsRecovery(JdbcWallet wallet, JdbcClient jdbc,
                    @Value("${urja.prepaid.arrears-recovery-percent:25}") int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("urja.prepaid.arrears-recovery-percent must be 1..100, not " + percent);
        }
        this.wallet = wallet;
        this.jdbc = jdbc;
        this.percent = percent;
    }

    /** Whether arrears are debited from the wallet at once when the account opens (100 %). */
    boolean atOnce() {
        return percent == 100;
    }

    /** Records arrears to recover from recharges, once per {@code reference}; true if this call recorded them. */
    boolean carry(String consumerNo, long arrearsPaise, String reference) {
        return jdbc.sql("""
                        UPDATE prepaid_account SET arrears_outstanding_paise = arrears_outstanding_paise + ?,
                            arrears_reference = ?, updated_at = now()
                        WHERE consumer_no = ? AND arrears_reference IS DISTINCT FROM ?""")
                .params(arrearsPaise, reference, consumerNo, reference).update() > 0;
    }

    /** Takes the policy's share of a recharge for the arrears still owed; empty when none are. */
    Optional<Wallet.Entry> recover(String consumerNo, String paymentReference, long rechargePaise, String by) {
        long outstanding = outstanding(consumerNo);
        long share = rechargePaise * percent / 100;
        if (outstanding <= 0 || share <= 0) {
            return Optional.empty();
        }
        long recovered = Math.min(outstanding, share);
        Wallet.Posted posted = wallet.post(consumerNo, Wallet.Kind.ARREARS_RECOVERY, -recovered, paymentReference, null,
                "{\"outstandingBefore\": " + outstanding + ", \"percent\": " + percent + "}", by);
        if (posted.created()) {
            jdbc.sql("""
                            UPDATE prepaid_account SET arrears_outstanding_paise = arrears_outstanding_paise - ?,
                                updated_at = now() WHERE consumer_no = ?""")
                    .params(recovered, consumerNo).update();
        }
        return Optional.of(posted.entry());
    }

    long outstanding(String consumerNo) {
        return jdbc.sql("SELECT arrears_outstanding_paise FROM prepaid_account WHERE consumer_no = ?")
                .param(consumerNo).query(Long.class).optional().orElse(0L);
    }

    /** At closing: what was still owed, no longer tracked here (it goes to the postpaid bill with the balance). */
    long takeOutstanding(String consumerNo) {
        long owed = outstanding(consumerNo);
        if (owed > 0) {
            jdbc.sql("UPDATE prepaid_account SET arrears_outstanding_paise = 0, updated_at = now() WHERE consumer_no = ?")
                    .param(consumerNo).update();
        }
        return owed;
    }
}

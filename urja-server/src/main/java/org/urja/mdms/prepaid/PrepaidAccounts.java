package org.urja.mdms.prepaid;

/**
 * Published API: opening a consumer's prepaid account when they move to prepaid (UC13.2) and closing it when they
 * leave (UC14.10). Amounts are paise. Both are idempotent per {@code reference} and run in the caller's transaction.
 */
public interface PrepaidAccounts {

    /** The account after opening: its balance and whether this call opened it (false: opened before, same reference). */
    record Opened(String consumerNo, long balancePaise, boolean created) {
    }

    /**
     * Opens (or re-opens) the consumer's wallet with its first ledger entries: the opening balance as an ADJUSTMENT
     * credit; arrears carried from postpaid are recovered as a share of each recharge (ARREARS_RECOVERY entries,
     * {@code urja.prepaid.arrears-recovery-percent}), or debited at once when that is 100. Either may be zero.
     */
    Opened open(String consumerNo, long openingBalancePaise, long arrearsPaise, String reference, String by);

    /**
     * The account when closed. {@code finalBalancePaise} is what the wallet held less the postpaid arrears still owed:
     * a credit (&gt; 0) to refund or adjust in the first postpaid bill, or arrears (&lt; 0) to bill. The closing entry carries it out of the wallet, so the
     * wallet ends at zero.
     */
    record Closed(String consumerNo, long finalBalancePaise, java.time.Instant closedAt) {
    }

    /** Closes the wallet (a REFUND of a credit, an ADJUSTMENT clearing arrears); closing it again returns the first closure. */
    Closed close(String consumerNo, String reference, String by);
}

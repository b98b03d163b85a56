package org.urja.mdms.prepaid;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Published API: prepaid wallets. Amounts are paise; credits positive, debits negative. */
public interface Wallet {

    enum Kind { RECHARGE, DAILY_CHARGE, ADJUSTMENT, ARREARS_RECOVERY, REFUND, EMERGENCY_CREDIT, EMERGENCY_RECOVERY }

    record Entry(long id, String consumerNo, Kind kind, long amountPaise, long balanceAfterPaise, String reference,
                 LocalDate day, String createdBy, Instant createdAt) {
    }

    /** The result of posting: the entry, and whether it is new (false: the same key was posted before). */
    record Posted(Entry entry, boolean created) {
    }

    /**
     * Posts a movement exactly once per (consumer, kind, reference): a repeat returns the first entry and changes
     * nothing. Entries of one consumer are serialised, so concurrent posts all land and the balance stays exact.
     */
    Posted post(String consumerNo, Kind kind, long amountPaise, String reference, LocalDate day, String detailJson,
                String createdBy);

    long balance(String consumerNo);

    List<Entry> entries(String consumerNo, int limit);
}

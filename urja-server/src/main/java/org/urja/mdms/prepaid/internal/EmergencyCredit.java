package org.urja.mdms.prepaid.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.prepaid.Wallet;

/**
 * Emergency credit: a prepaid consumer whose balance is below {@code urja.prepaid.emergency-credit.available-below-paise}
 * (default ₹50) may take {@code urja.prepaid.emergency-credit.amount-paise} (default ₹100; 0: the utility offers
 * none) once, as an EMERGENCY_CREDIT entry; it is available again only when the next recharge(s) have paid it back
 * (EMERGENCY_RECOVERY entries, taken from each recharge until nothing is outstanding). While it is in use (the
 * balance has not yet fallen below the disconnection limit) the {@code prepaid-emergency-credit} veto holds
 * disconnections back; once it is used up, the credit is exhausted and the grace period runs.
 */
@Service
class EmergencyCredit {

    /** A consumer's emergency credit and what the rules allow now. */
    record Status(long amountPaise, long availableBelowPaise, long outstandingPaise, Instant takenAt, boolean available,
                  String unavailableBecause) {
    }

    private final JdbcWallet wallet;
    private final ConsumerAccounts consumers;
    private final BalancePolicy policy;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final long amount;
    private final long availableBelow;

    EmergencyCredit(JdbcWallet wallet, ConsumerAccounts consumers, BalancePolicy policy, AuditTrail audit, JdbcClient jdbc,
                    @Value("${urja.prepaid.emergency-credit.amount-paise:10000}") long amount,
                    @Value("${urja.prepaid.emergency-credit.available-below-paise:5000}") long availableBelow) {
        this.wallet = wallet;
        this.consumers = consumers;
        this.policy = policy;
        this.audit = audit;
        this.jdbc = jdbc;
        this.amount = amount;
        this.availableBelow = availableBelow;
    }

    /**
     * Takes the emergency credit for {@code key} (the caller's idempotency key: the same key again returns the first
     * entry, {@code created} false). Refused, changing nothing, when the utility offers none, the consumer has no
     * prepaid account, the balance is not below the threshold, or earlier emergency credit is still outstanding.
     */
    @Transactional
    Wallet.Posted take(String consumerNo, String key, String channel, String by) {
        if (consumers.find(consumerNo).isEmpty()) {
            throw ApiProblem.notFound("consumerNo", "No consumer " + consumerNo);
        }
        // The account row lock: every posting of this consumer waits, so two requests cannot both take it.
        Long balance = jdbc.sql("SELECT balance_paise FROM prepaid_account WHERE consumer_no = ? AND closed_at IS NULL FOR UPDATE")
                .param(consumerNo).query(Long.class).optional().orElse(null);
        if (balance == null) {
            throw ApiProblem.notFound("consumerNo", "Consumer " + consumerNo + " has no open prepaid account");
        }
        Optional<Wallet.Entry> earlier = wallet.find(consumerNo, Wallet.Kind.EMERGENCY_CREDIT, key);
        if (earlier.isPresent()) {
            return new Wallet.Posted(earlier.get(), false);
        }
        Status status = status(consumerNo, balance);
        if (!status.available()) {
            throw ApiProblem.conflict(amount <= 0 ? "consumerNo" : status.outstandingPaise() > 0
                    ? "emergencyCreditOutstandingPaise" : "balancePaise", status.unavailableBecause());
        }
        Wallet.Posted posted = wallet.post(consumerNo, Wallet.Kind.EMERGENCY_CREDIT, amount, key, null,
                "{\"channel\": \"" + channel.replace("\"", "") + "\"}", by);
        jdbc.sql("""
                        INSERT INTO prepaid_balance_state AS s (consumer_no, emergency_outstanding_paise, emergency_taken_at)
                        VALUES (?, ?, now())
                        ON CONFLICT (consumer_no) DO UPDATE SET emergency_outstanding_paise = EXCLUDED.emergency_outstanding_paise,
                            emergency_taken_at = EXCLUDED.emergency_taken_at, updated_at = now()""")
                .params(consumerNo, amount).update();
        policy.apply(consumerNo, null, balance, posted.entry().balanceAfterPaise(), posted.entry().id());
        audit.record(by, "PREPAID EMERGENCY CREDIT", "consumer " + consumerNo, "OK",
                "₹" + Recharging.rupees(amount) + " via " + channel + "; balance ₹" + Recharging.rupees(posted.entry().balanceAfterPaise()),
                null);
        return posted;
    }

    /**
     * After a recharge was posted (the account row is locked): pays back outstanding emergency credit from it, as
     * far as the recharge goes. Returns the recovery entry, if any.
     */
    Optional<Wallet.Entry> recover(String consumerNo, String paymentReference, long rechargePaise, String by) {
        long outstanding = outstanding(consumerNo);
        if (outstanding <= 0) {
            return Optional.empty();
        }
        long recovered = Math.min(outstanding, rechargePaise);
        Wallet.Posted posted = wallet.post(consumerNo, Wallet.Kind.EMERGENCY_RECOVERY, -recovered, paymentReference, null,
                "{\"outstandingBefore\": " + outstanding + "}", by);
        if (posted.created()) {
            jdbc.sql("""
                            UPDATE prepaid_balance_state SET emergency_outstanding_paise = emergency_outstanding_paise - ?,
                                updated_at = now() WHERE consumer_no = ?""")
                    .params(recovered, consumerNo).update();
        }
        return Optional.of(posted.entry());
    }

    Status status(String consumerNo, long balance) {
        record Row(long outstanding, Instant takenAt) {
        }
        Row row = jdbc.sql("SELECT emergency_outstanding_paise, emergency_taken_at FROM prepaid_balance_state WHERE consumer_no = ?")
                .param(consumerNo)
                .query((rs, i) -> new Row(rs.getLong(1), Optional.ofNullable(rs.getObject(2, OffsetDateTime.class))
                        .map(OffsetDateTime::toInstant).orElse(null)))
                .optional().orElse(new Row(0, null));
        String why = null;
        if (amount <= 0) {
            why = "This utility offers no emergency credit";
        } else if (row.outstanding() > 0) {
            why = "Emergency credit of ₹" + Recharging.rupees(row.outstanding()) + " is still outstanding; it is recovered "
                    + "from the next recharge";
        } else if (balance >= availableBelow) {
            why = "The balance ₹" + Recharging.rupees(balance) + " is not below ₹" + Recharging.rupees(availableBelow)
                    + ", where emergency credit becomes available";
        }
        return new Status(amount, availableBelow, row.outstanding(), row.takenAt(), why == null, why);
    }

    private long outstanding(String consumerNo) {
        return jdbc.sql("SELECT emergency_outstanding_paise FROM prepaid_balance_state WHERE consumer_no = ?")
                .param(consumerNo).query(Long.class).optional().orElse(0L);
    }
}

package org.urja.mdms.prepaid.internal;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.notification.ConsumerNotifications;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.prepaid.Wallet;

/**
 * Posting a recharge (UC17.2–17.4 from the payments module; cash counters and banks through the API): the wallet
 * credit, the recovery of outstanding emergency credit from it, and the consumer's notifications (UC17.6: SMS and
 * email where the account has them) in one transaction, once per payment reference.
 */
@Service
class Recharging {

    /**
     * The recharge's entry, the recovery of emergency credit it paid back (if any), and the share of it that went to
     * postpaid arrears (if any), posted in that order.
     */
    record Recharged(Wallet.Posted recharge, Optional<Wallet.Entry> recovery, Optional<Wallet.Entry> arrears) {

        long balanceAfterPaise() {
            return arrears.or(() -> recovery).map(Wallet.Entry::balanceAfterPaise)
                    .orElse(recharge.entry().balanceAfterPaise());
        }

        long arrearsRecoveredPaise() {
            return arrears.map(e -> -e.amountPaise()).orElse(0L);
        }

        long recoveredPaise() {
            return recovery.map(e -> -e.amountPaise()).orElse(0L);
        }
    }

    private final JdbcWallet wallet;
    private final ConsumerAccounts consumers;
    private final ConsumerNotifications notices;
    private final BalancePolicy policy;
    private final EmergencyCredit emergency;
    private final ArrearsRecovery arrears;
    private final JdbcClient jdbc;

    Recharging(JdbcWallet wallet, ConsumerAccounts consumers, ConsumerNotifications notices, BalancePolicy policy,
               EmergencyCredit emergency, ArrearsRecovery arrears, JdbcClient jdbc) {
        this.wallet = wallet;
        this.consumers = consumers;
        this.notices = notices;
        this.policy = policy;
        this.emergency = emergency;
        this.arrears = arrears;
        this.jdbc = jdbc;
    }

    @Transactional
    Recharged recharge(String consumerNo, long amountPaise, String paymentReference, String channel, String by) {
        ConsumerAccount account = consumers.find(consumerNo)
                .orElseThrow(() -> ApiProblem.notFound("consumerNo", "No consumer " + consumerNo));
        if (closed(consumerNo) && wallet.find(consumerNo, Wallet.Kind.RECHARGE, paymentReference).isEmpty()) {
            // The consumer moved to postpaid (UC14): money for them goes to their bill, not to a closed wallet.
            throw ApiProblem.conflict("consumerNo", "The prepaid account of consumer " + consumerNo
                    + " is closed (the consumer is postpaid now): the payment belongs to their bill");
        }
        Wallet.Posted posted = wallet.post(consumerNo, Wallet.Kind.RECHARGE, amountPaise, paymentReference, null,
                "{\"channel\": \"" + channel.replace("\"", "") + "\"}", by);
        if (!posted.created()) {
            if (posted.entry().amountPaise() != amountPaise) {
                throw ApiProblem.conflict("paymentReference", "Payment " + paymentReference
                        + " was already posted with another amount (" + posted.entry().amountPaise() + " paise)");
            }
            return new Recharged(posted, wallet.find(consumerNo, Wallet.Kind.EMERGENCY_RECOVERY, paymentReference),
                    wallet.find(consumerNo, Wallet.Kind.ARREARS_RECOVERY, paymentReference));
        }
        Optional<Wallet.Entry> emergencyRecovery = emergency.recover(consumerNo, paymentReference, amountPaise, by);
        Recharged recharged = new Recharged(posted, emergencyRecovery,
                arrears.recover(consumerNo, paymentReference, amountPaise, by));
        notices.notify(account.consumerNo(), "RECHARGE_RECEIVED", Map.of("amount", rupees(amountPaise),
                "balance", rupees(recharged.balanceAfterPaise()), "reference", paymentReference),
                "recharge:" + consumerNo + ":" + paymentReference, "prepaid");
        policy.apply(consumerNo, lastMeter(consumerNo), posted.entry().balanceAfterPaise() - amountPaise,
                recharged.balanceAfterPaise(), posted.entry().id());
        return recharged;
    }

    private boolean closed(String consumerNo) {
        return jdbc.sql("SELECT closed_at IS NOT NULL FROM prepaid_account WHERE consumer_no = ?").param(consumerNo)
                .query(Boolean.class).optional().orElse(false);
    }

    /** The meter the consumer was last charged for (the balance policy's commands act on it). */
    private String lastMeter(String consumerNo) {
        return jdbc.sql("SELECT meter_serial FROM prepaid_day WHERE consumer_no = ? ORDER BY day DESC LIMIT 1")
                .param(consumerNo).query(String.class).optional().orElse(null);
    }

    static String rupees(long paise) {
        return new BigDecimal(paise).movePointLeft(2).toPlainString();
    }
}

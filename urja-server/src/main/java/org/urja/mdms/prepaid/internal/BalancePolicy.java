package org.urja.mdms.prepaid.internal;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.urja.mdms.notification.ConsumerNotifications;
import org.urja.mdms.prepaid.CreditExhausted;
import org.urja.mdms.prepaid.CreditRestored;

/**
 * The utility's balance rules, applied after every posting in the posting's transaction:
 * <ul>
 *   <li>low-balance alerts at configured thresholds ({@code urja.prepaid.alert-thresholds-paise}, default ₹200,
 *       ₹50, ₹0), each announced once per crossing (SMS and email, LOW_BALANCE), and again only after the balance
 *       has been above it;</li>
 *   <li>below the disconnection limit ({@code urja.prepaid.disconnect-below-paise}, default 0; a utility allowing
 *       a negative balance sets e.g. −30000) the credit is exhausted: {@link CreditExhausted} once;</li>
 *   <li>a recharge that brings an exhausted balance back to {@code urja.prepaid.reconnect-at-paise} (default 0, so
 *       a negative balance must be cleared first) restores it: {@link CreditRestored}.</li>
 * </ul>
 */
@Component
class BalancePolicy {

    private final JdbcClient jdbc;
    private final ConsumerNotifications notices;
    private final ApplicationEventPublisher events;
    private final List<Long> thresholds;
    private final long disconnectBelow;
    private final long reconnectAt;

    BalancePolicy(JdbcClient jdbc, ConsumerNotifications notices, ApplicationEventPublisher events,
                  @Value("${urja.prepaid.alert-thresholds-paise:20000,5000,0}") List<Long> thresholds,
                  @Value("${urja.prepaid.disconnect-below-paise:0}") long disconnectBelow,
                  @Value("${urja.prepaid.reconnect-at-paise:0}") long reconnectAt) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.events = events;
        this.thresholds = thresholds.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        this.disconnectBelow = disconnectBelow;
        this.reconnectAt = reconnectAt;
    }

    /** After a posting that moved the balance from {@code before} to {@code after} (the account row is locked). */
    void apply(String consumerNo, String meterSerialNo, long before, long after, long entryId) {
        jdbc.sql("INSERT INTO prepaid_balance_state (consumer_no) VALUES (?) ON CONFLICT DO NOTHING").param(consumerNo).update();
        record State(Long alerted, boolean exhausted) {
        }
        State state = jdbc.sql("SELECT alerted_threshold, exhausted_since IS NOT NULL FROM prepaid_balance_state WHERE consumer_no = ?")
                .param(consumerNo).query((rs, i) -> new State((Long) rs.getObject(1), rs.getBoolean(2))).single();
        Long alerted = state.alerted();
        if (after < before) {
            // The lowest threshold crossed by this debit, if not announced since the balance was last above it.
            Long crossed = null;
            for (long t : thresholds) {
                if (before > t && after <= t) {
                    crossed = t;
                }
            }
            if (crossed != null && (alerted == null || crossed < alerted)) {
                notices.notify(consumerNo, "LOW_BALANCE", Map.of("balance", Recharging.rupees(after)),
                        "low:" + consumerNo + ":" + crossed + ":" + entryId, "prepaid");
                alerted = crossed;
            }
            if (!state.exhausted() && after < disconnectBelow) {
                jdbc.sql("UPDATE prepaid_balance_state SET exhausted_since = now() WHERE consumer_no = ?").param(consumerNo).update();
                events.publishEvent(new CreditExhausted(consumerNo, meterSerialNo, after, disconnectBelow));
            }
        } else if (after > before) {
            final long balance = after;
            if (alerted != null && thresholds.stream().noneMatch(t -> t >= balance)) {
                alerted = null; // above every threshold again
            } else if (alerted != null && balance > alerted) {
                alerted = thresholds.stream().filter(t -> t >= balance).min(Long::compare).orElse(null);
            }
            if (state.exhausted() && after >= reconnectAt) {
                jdbc.sql("UPDATE prepaid_balance_state SET exhausted_since = NULL WHERE consumer_no = ?").param(consumerNo).update();
                events.publishEvent(new CreditRestored(consumerNo, meterSerialNo, after));
            }
        }
        jdbc.sql("UPDATE prepaid_balance_state SET alerted_threshold = ?, updated_at = now() WHERE consumer_no = ?")
                .params(alerted, consumerNo).update();
    }
}

package org.urja.mdms.prepaid.internal;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.command.DisconnectionCase;
import org.urja.mdms.command.DisconnectionVeto;
import org.urja.mdms.command.Requester;
import org.urja.mdms.network.PaymentMode;

/**
 * The prepaid rules of the disconnection policy (the command module asks them for every disconnection, at
 * submission and before each send, and refuses the command naming the rule):
 * <ul>
 *   <li>{@code prepaid-grace-period}: the consumer's credit was exhausted less than the grace period ago;</li>
 *   <li>{@code prepaid-emergency-credit}: the consumer is living on emergency credit (taken, not yet recovered, and
 *       the balance still at or above the disconnection limit).</li>
 * </ul>
 * They protect the consumer from being cut off for exhausted credit — whoever asks: the prepaid engine, billing or
 * staff (or an unnamed requester); a disconnection another module asks for on other grounds — revenue protection
 * after a confirmed tamper, a payment-mode migration the consumer asked for — is not theirs to hold back. A prepaid meter's consumer state is found by the meter it was last charged for (one indexed
 * query per rule); other meters are not looked at.
 */
@Configuration(proxyBeanMethods = false)
class SupplyVetoes {

    static final String GRACE = "prepaid-grace-period";
    static final String EMERGENCY = "prepaid-emergency-credit";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

    @Bean
    DisconnectionVeto prepaidGracePeriod(JdbcClient jdbc,
                                         @Value("${urja.prepaid.zone:${urja.command.policy.zone:Asia/Kolkata}}") String zone) {
        ZoneId z = ZoneId.of(zone);
        return veto(GRACE, candidate -> jdbc.sql("""
                        SELECT consumer_no, grace_until FROM prepaid_balance_state
                        WHERE meter_serial = ? AND grace_until > ? ORDER BY grace_until DESC LIMIT 1""")
                .params(candidate.meterSerialNo(), OffsetDateTime.ofInstant(candidate.at(), java.time.ZoneOffset.UTC))
                .query((rs, i) -> "Prepaid credit of consumer " + rs.getString(1) + " is exhausted; grace period until "
                        + rs.getObject(2, OffsetDateTime.class).atZoneSameInstant(z).format(WHEN))
                .optional());
    }

    @Bean
    DisconnectionVeto prepaidEmergencyCredit(JdbcClient jdbc, BalancePolicy policy) {
        return veto(EMERGENCY, candidate -> jdbc.sql("""
                        SELECT s.consumer_no, s.emergency_outstanding_paise, a.balance_paise
                        FROM prepaid_balance_state s JOIN prepaid_account a USING (consumer_no)
                        WHERE s.meter_serial = ? AND s.emergency_outstanding_paise > 0 AND a.balance_paise >= ?
                        LIMIT 1""")
                .params(candidate.meterSerialNo(), policy.disconnectBelow())
                .query((rs, i) -> "Consumer " + rs.getString(1) + " is on emergency credit (₹"
                        + Recharging.rupees(rs.getLong(2)) + " outstanding, balance ₹" + Recharging.rupees(rs.getLong(3)) + ")")
                .optional());
    }

    private static DisconnectionVeto veto(String name, java.util.function.Function<DisconnectionCase, Optional<String>> rule) {
        return new DisconnectionVeto() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<String> veto(DisconnectionCase candidate) {
                return candidate.paymentMode() == PaymentMode.PREPAID && forCredit(candidate.requester())
                        ? rule.apply(candidate) : Optional.empty();
            }
        };
    }

    /** Whether a disconnection asked by this requester may be one for exhausted credit (all but other modules'). */
    static boolean forCredit(Requester requester) {
        return requester == null || requester.kind() == Requester.Kind.STAFF
                || requester.name().equals("prepaid") || requester.name().equals("billing");
    }
}

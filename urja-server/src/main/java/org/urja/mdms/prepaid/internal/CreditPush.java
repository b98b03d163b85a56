package org.urja.mdms.prepaid.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.CommandCompleted;
import org.urja.mdms.command.CommandRequest;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.CommandView;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.Requester;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.platform.ApiProblem;

/**
 * UC17.5: the wallet's balance sent to prepaid meters that keep (and display) one, as UPDATE_CREDIT through the
 * command service as the system requester {@code prepaid}. Which meters keep a balance is the utility's setting:
 * {@code urja.prepaid.credit-push.enabled} (default true) for every prepaid meter, narrowed to the meters of
 * {@code urja.prepaid.credit-push.manufacturers} when that list is not empty.
 *
 * <p>Coalesced: a posting only bumps the consumer's row in {@code prepaid_meter_credit} (same transaction); every
 * {@code urja.prepaid.credit-push.interval} the pusher sends the <em>current</em> balance of each consumer whose
 * version moved and whose previous push is no longer in flight — so a burst of postings is one command, and two
 * pushes of one meter never race. The idempotency key is the consumer and version: a push retried after a crash is
 * the same command, never a second send. The command's outcome (its {@link CommandCompleted}, applied in the
 * transaction that records it) confirms the balance the meter shows; a failed push is not repeated until the
 * balance changes again. A closed wallet (the consumer has left prepaid) is not pushed.
 */
@Component
class CreditPush {

    private static final Logger log = LoggerFactory.getLogger(CreditPush.class);

    /** Where the consumer's balance stands on its meter. */
    record Status(String meterSerialNo, long version, long pushedVersion, Long pushedPaise, Long commandId,
                  Instant inFlightSince, String outcome, Long confirmedPaise, Instant confirmedAt) {
    }

    private final JdbcClient jdbc;
    private final NetworkRegistry network;
    private final Commands commands;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean enabled;
    private final Set<String> manufacturers;
    private final Duration inFlightTimeout;

    CreditPush(JdbcClient jdbc, NetworkRegistry network, Commands commands, TransactionTemplate tx, Clock clock,
               @Value("${urja.prepaid.credit-push.enabled:true}") boolean enabled,
               @Value("${urja.prepaid.credit-push.manufacturers:}") String manufacturers,
               @Value("${urja.prepaid.credit-push.in-flight-timeout:PT15M}") Duration inFlightTimeout) {
        this.jdbc = jdbc;
        this.network = network;
        this.commands = commands;
        this.tx = tx;
        this.clock = clock;
        this.enabled = enabled;
        this.manufacturers = Arrays.stream(manufacturers.split(",")).map(m -> m.trim().toLowerCase())
                .filter(m -> !m.isEmpty()).collect(Collectors.toSet());
        this.inFlightTimeout = inFlightTimeout;
    }

    /** Whether this meter keeps a balance the MDM must send it. */
    boolean keepsBalance(Meter meter) {
        return enabled && meter.paymentMode() == PaymentMode.PREPAID
                && (manufacturers.isEmpty() || manufacturers.contains(meter.manufacturer().toLowerCase()));
    }

    /**
     * The balances of these consumers changed, and each is shown by this meter (which keeps a balance): a row per
     * consumer, its version moved. In the posting's transaction.
     */
    void changed(Map<String, String> meterByConsumer) {
        if (meterByConsumer.isEmpty()) {
            return;
        }
        List<String> consumers = List.copyOf(meterByConsumer.keySet());
        jdbc.sql("""
                        INSERT INTO prepaid_meter_credit AS c (consumer_no, meter_serial)
                        SELECT * FROM unnest(?::text[], ?::text[]) ORDER BY 1
                        ON CONFLICT (consumer_no) DO UPDATE SET meter_serial = EXCLUDED.meter_serial,
                            version = c.version + 1, updated_at = now()""")
                .param(consumers.toArray(String[]::new))
                .param(consumers.stream().map(meterByConsumer::get).toArray(String[]::new))
                .update();
    }

    /**
     * A posting changed this consumer's balance. A consumer not seen before (a first recharge, a wallet just opened)
     * is looked up: the meter installed at their service point, if it keeps a balance.
     */
    void changed(String consumerNo) {
        int known = jdbc.sql("UPDATE prepaid_meter_credit SET version = version + 1, updated_at = now() WHERE consumer_no = ?")
                .param(consumerNo).update();
        if (known == 0 && enabled) {
            network.servicePointsOf(consumerNo).stream()
                    .flatMap(sp -> network.servicePointHistory(sp.code()).stream())
                    .filter(i -> i.removedAt() == null).map(Installation::meterSerialNo)
                    .map(serial -> network.meterSummaries(List.of(serial)).get(serial))
                    .filter(m -> m != null && keepsBalance(m.meter())).findFirst()
                    .ifPresent(m -> changed(Map.of(consumerNo, m.meter().serialNo())));
        }
    }

    Optional<Status> status(String consumerNo) {
        return jdbc.sql("""
                        SELECT meter_serial, version, pushed_version, pushed_paise, command_id, in_flight_since, outcome,
                               confirmed_paise, confirmed_at
                        FROM prepaid_meter_credit WHERE consumer_no = ?""")
                .param(consumerNo)
                .query((rs, i) -> new Status(rs.getString(1), rs.getLong(2), rs.getLong(3), (Long) rs.getObject(4),
                        (Long) rs.getObject(5), instant(rs.getObject(6, OffsetDateTime.class)), rs.getString(7),
                        (Long) rs.getObject(8), instant(rs.getObject(9, OffsetDateTime.class))))
                .optional();
    }

    /** Sends the balances that changed since their last push (none in flight), oldest change first. */
    @Scheduled(fixedDelayString = "${urja.prepaid.credit-push.interval:PT5S}")
    public void pushDue() {
        if (!enabled) {
            return;
        }
        String after = "";
        while (true) {
            List<String> due = jdbc.sql("""
                            SELECT c.consumer_no FROM prepaid_meter_credit c JOIN prepaid_account a USING (consumer_no)
                            WHERE c.version > c.pushed_version AND c.consumer_no > ? AND a.closed_at IS NULL
                              AND (c.in_flight_since IS NULL OR c.in_flight_since < ?)
                            ORDER BY c.consumer_no LIMIT 200""")
                    .params(after, flightStartedBefore())
                    .query(String.class).list();
            due.forEach(this::push);
            if (due.size() < 200) {
                return;
            }
            after = due.get(due.size() - 1);
        }
    }

    /** Pushes one consumer's current balance if still due (another node may have done it); true if sent. */
    boolean push(String consumerNo) {
        try {
            return Boolean.TRUE.equals(tx.execute(s -> {
                record Due(String meter, long version, long balance) {
                }
                Optional<Due> due = jdbc.sql("""
                                SELECT c.meter_serial, c.version, a.balance_paise
                                FROM prepaid_meter_credit c JOIN prepaid_account a USING (consumer_no)
                                WHERE c.consumer_no = ? AND c.version > c.pushed_version AND a.closed_at IS NULL
                                  AND (c.in_flight_since IS NULL OR c.in_flight_since < ?)
                                FOR UPDATE OF c SKIP LOCKED""")
                        .params(consumerNo, flightStartedBefore())
                        .query((rs, i) -> new Due(rs.getString(1), rs.getLong(2), rs.getLong(3))).optional();
                if (due.isEmpty()) {
                    return false;
                }
                Due d = due.get();
                CommandView command = commands.submit(new CommandRequest(d.meter(), ControlType.UPDATE_CREDIT,
                        Map.of("creditRupees", Recharging.rupees(d.balance())), "Prepaid balance after the latest posting",
                        CreditSupplyActions.REQUESTER, "credit-" + consumerNo + "-v" + d.version())).value();
                jdbc.sql("""
                                UPDATE prepaid_meter_credit SET pushed_version = ?, pushed_paise = ?, command_id = ?,
                                    in_flight_since = CASE WHEN ? THEN now() END, outcome = ?, updated_at = now()
                                WHERE consumer_no = ?""")
                        .params(d.version(), d.balance(), command.id(), !command.state().isFinal(), command.state().name(),
                                consumerNo)
                        .update();
                return true;
            }));
        } catch (ApiProblem refused) {
            // E.g. the meter has left the registry: recorded, and tried again when the balance changes.
            log.warn("Credit push for consumer {} refused: {}", consumerNo, refused.getMessage());
            jdbc.sql("UPDATE prepaid_meter_credit SET pushed_version = version, outcome = ?, updated_at = now() WHERE consumer_no = ?")
                    .params("REFUSED: " + refused.getMessage(), consumerNo).update();
            return false;
        }
    }

    /**
     * The outcome of a credit push, in the transaction that records it (no event publication per command: a
     * campaign confirms thousands at once). SUCCEEDED confirms the pushed balance; any final state ends the flight.
     */
    @EventListener
    void on(CommandCompleted e) {
        if (e.type() != ControlType.UPDATE_CREDIT || e.requesterKind() != Requester.Kind.SYSTEM
                || !CreditSupplyActions.REQUESTER.name().equals(e.requestedBy())) {
            return;
        }
        boolean confirmed = e.state() == CommandState.SUCCEEDED;
        jdbc.sql("""
                        UPDATE prepaid_meter_credit SET in_flight_since = NULL, outcome = ?,
                            confirmed_paise = CASE WHEN ? THEN pushed_paise ELSE confirmed_paise END,
                            confirmed_at = CASE WHEN ? THEN ? ELSE confirmed_at END, updated_at = now()
                        WHERE command_id = ?""")
                .params(e.state().name(), confirmed, confirmed, OffsetDateTime.ofInstant(e.at(), java.time.ZoneOffset.UTC),
                        e.commandId())
                .update();
    }

    /** A push in flight since before this is taken as lost (its outcome never came). */
    private OffsetDateTime flightStartedBefore() {
        return OffsetDateTime.ofInstant(clock.instant().minus(inFlightTimeout), java.time.ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

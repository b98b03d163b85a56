package org.urja.mdms.prepaid.internal;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
 *       a negative balance sets e.g. −30000) the credit is exhausted: {@link CreditExhausted} once, and the grace
 *       period ({@link GracePeriod}, {@code urja.prepaid.grace.*}) starts, during which no disconnection goes out;</li>
 *   <li>a posting that brings an exhausted balance back to {@code urja.prepaid.reconnect-at-paise} (default 0, so
 *       a negative balance must be cleared first) restores it: {@link CreditRestored}, and the grace ends.</li>
 * </ul>
 * {@link #apply} does it for one posting; {@link #load}, {@link #step} and {@link #save} for a batch of postings
 * (the daily charge), with the state read and written once per batch.
 */
@Component
class BalancePolicy {

    /** The policy's memory of one consumer (a row of prepaid_balance_state). */
    record State(String consumerNo, Long alerted, Instant exhaustedSince, Instant graceUntil, String meterSerial) {
    }

    private final JdbcClient jdbc;
    private final ConsumerNotifications notices;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final List<Long> thresholds;
    private final long disconnectBelow;
    private final long reconnectAt;
    private final GracePeriod grace;

    BalancePolicy(JdbcClient jdbc, ConsumerNotifications notices, ApplicationEventPublisher events, Clock clock,
                  @Value("${urja.prepaid.alert-thresholds-paise:20000,5000,0}") List<Long> thresholds,
                  @Value("${urja.prepaid.disconnect-below-paise:0}") long disconnectBelow,
                  @Value("${urja.prepaid.reconnect-at-paise:0}") long reconnectAt,
                  @Value("${urja.prepaid.grace.period:PT24H}") Duration gracePeriod,
                  @Value("${urja.prepaid.grace.working-day-at:}") String workingDayAt,
                  @Value("${urja.prepaid.grace.rest-days:${urja.command.policy.no-disconnect-days:SUNDAY}}") String restDays,
                  @Value("${urja.prepaid.zone:${urja.command.policy.zone:Asia/Kolkata}}") String zone) {
        this.jdbc = jdbc;
        this.notices = notices;
        this.events = events;
        this.clock = clock;
        this.thresholds = thresholds.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        this.disconnectBelow = disconnectBelow;
        this.reconnectAt = reconnectAt;
        this.grace = new GracePeriod(gracePeriod, workingDayAt.isBlank() ? null : LocalTime.parse(workingDayAt.trim()),
                Arrays.stream(restDays.split(",")).map(String::trim).filter(d -> !d.isEmpty())
                        .map(d -> DayOfWeek.valueOf(d.toUpperCase())).collect(Collectors.toSet()),
                ZoneId.of(zone));
    }

    long disconnectBelow() {
        return disconnectBelow;
    }

    /** After a posting that moved the balance from {@code before} to {@code after} (the account row is locked). */
    void apply(String consumerNo, String meterSerialNo, long before, long after, long entryId) {
        save(List.of(step(load(List.of(consumerNo)).get(consumerNo), meterSerialNo, before, after, entryId)));
    }

    /** The state of each consumer (a fresh one for a consumer the policy has not seen). */
    Map<String, State> load(Collection<String> consumerNos) {
        Map<String, State> out = new HashMap<>();
        jdbc.sql("""
                        SELECT consumer_no, alerted_threshold, exhausted_since, grace_until, meter_serial
                        FROM prepaid_balance_state WHERE consumer_no = ANY(?)""")
                .param(consumerNos.toArray(String[]::new))
                .query((rs, i) -> new State(rs.getString(1), (Long) rs.getObject(2), instant(rs.getObject(3, OffsetDateTime.class)),
                        instant(rs.getObject(4, OffsetDateTime.class)), rs.getString(5)))
                .list().forEach(s -> out.put(s.consumerNo(), s));
        consumerNos.forEach(c -> out.putIfAbsent(c, new State(c, null, null, null, null)));
        return out;
    }

    /**
     * The rules for one posting: queues the alert and publishes the events it calls for (in the caller's
     * transaction) and returns the new state, to be {@link #save saved}.
     */
    State step(State state, String meterSerialNo, long before, long after, long entryId) {
        String consumerNo = state.consumerNo();
        String meter = meterSerialNo != null ? meterSerialNo : state.meterSerial();
        Long alerted = state.alerted();
        Instant exhaustedSince = state.exhaustedSince();
        Instant graceUntil = state.graceUntil();
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
            if (exhaustedSince == null && after < disconnectBelow) {
                exhaustedSince = clock.instant();
                graceUntil = grace.endAfter(exhaustedSince);
                events.publishEvent(new CreditExhausted(consumerNo, meter, after, disconnectBelow));
            }
        } else if (after > before) {
            final long balance = after;
            if (alerted != null && thresholds.stream().noneMatch(t -> t >= balance)) {
                alerted = null; // above every threshold again
            } else if (alerted != null && balance > alerted) {
                alerted = thresholds.stream().filter(t -> t >= balance).min(Long::compare).orElse(null);
            }
            if (exhaustedSince != null && after >= reconnectAt) {
                exhaustedSince = null;
                graceUntil = null;
                events.publishEvent(new CreditRestored(consumerNo, meter, after));
            }
        }
        return new State(consumerNo, alerted, exhaustedSince, graceUntil, meter);
    }

    /** Writes the states back in one statement (emergency credit columns are left as they are). */
    void save(Collection<State> states) {
        if (states.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO prepaid_balance_state AS s (consumer_no, alerted_threshold, exhausted_since, grace_until, meter_serial)
                        SELECT * FROM unnest(?::text[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::text[])
                        ON CONFLICT (consumer_no) DO UPDATE SET alerted_threshold = EXCLUDED.alerted_threshold,
                            exhausted_since = EXCLUDED.exhausted_since, grace_until = EXCLUDED.grace_until,
                            meter_serial = EXCLUDED.meter_serial, updated_at = now()""")
                .param(states.stream().map(State::consumerNo).toArray(String[]::new))
                .param(states.stream().map(State::alerted).toArray(Long[]::new))
                .param(states.stream().map(s -> text(s.exhaustedSince())).toArray(String[]::new))
                .param(states.stream().map(s -> text(s.graceUntil())).toArray(String[]::new))
                .param(states.stream().map(State::meterSerial).toArray(String[]::new))
                .update();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}

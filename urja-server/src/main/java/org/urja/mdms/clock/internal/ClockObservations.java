package org.urja.mdms.clock.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.clock.MeterClockDrifted;
import org.urja.mdms.clock.MeterClockRecovered;
import org.urja.mdms.command.CommandRequest;
import org.urja.mdms.command.Commands;
import org.urja.mdms.command.MeterStateChanged;
import org.urja.mdms.command.Requester;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.MeterClocksRead;

import static org.urja.mdms.clock.internal.ClockRules.seconds;

/**
 * Meters' clocks from their readings (UC10.1): each {@code instant.clock} the reading module stored is kept as an offset
 * from the HES's time, and moves the meter's clock state ({@link ClockRules}). A meter beyond tolerance is set through
 * the command service as the system requester {@code clock}, once per meter and IST day (the idempotency key and
 * {@code clock_drift_sync} both say so), and flagged until a later reading is within tolerance; a meter set for drift
 * {@code rtc-suspect-syncs} times within the window is a likely faulty RTC. One message's readings are handled in one
 * transaction, with the meters' rows locked in serial order, so any node may handle any message.
 */
@Component
@EnableConfigurationProperties(ClockProperties.class)
class ClockObservations {

    static final Requester REQUESTER = Requester.system("clock");
    private static final Logger log = LoggerFactory.getLogger(ClockObservations.class);

    private final JdbcClient jdbc;
    private final ClockProperties props;
    private final ClockRules rules;
    private final Commands commands;
    private final NetworkRegistry network;
    private final ApplicationEventPublisher events;

    ClockObservations(JdbcClient jdbc, ClockProperties props, Commands commands, NetworkRegistry network,
                      ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.props = props;
        this.rules = props.rules();
        this.commands = commands;
        this.network = network;
        this.events = events;
    }

    /** When a meter confirmed a time setting: rates are never estimated across it. In the confirming transaction. */
    @EventListener
    void on(MeterStateChanged e) {
        if (e.type() != ControlType.TIME_SYNC || e.at() == null) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO clock_meter_sync (meter_serial, synced_at) VALUES (?, ?)
                        ON CONFLICT (meter_serial) DO UPDATE SET synced_at = greatest(clock_meter_sync.synced_at, EXCLUDED.synced_at)""")
                .params(e.meterSerialNo(), Timestamp.from(e.at()))
                .update();
    }

    @ApplicationModuleListener
    void on(MeterClocksRead event) {
        record(event.messageId(), event.clocks());
    }

    void record(String messageId, List<MeterClocksRead.MeterClock> readings) {
        List<MeterClocksRead.MeterClock> clocks = readings.stream()
                .sorted(Comparator.comparing(MeterClocksRead.MeterClock::meterSerialNo)
                        .thenComparing(MeterClocksRead.MeterClock::readAt)).toList();
        String[] serials = clocks.stream().map(MeterClocksRead.MeterClock::meterSerialNo).distinct().toArray(String[]::new);
        jdbc.sql("""
                        INSERT INTO clock_observation (meter_serial, observed_at, offset_ms, message_id)
                        SELECT s, timestamptz 'epoch' + t * interval '1 millisecond', o, ?
                        FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS r(s, t, o)
                        ON CONFLICT DO NOTHING""")
                .params(messageId, clocks.stream().map(MeterClocksRead.MeterClock::meterSerialNo).toArray(String[]::new),
                        clocks.stream().map(c -> c.readAt().toEpochMilli()).toArray(Long[]::new),
                        clocks.stream().map(ClockObservations::offsetMs).toArray(Long[]::new))
                .update();

        // The meters' rows, created if new, locked in serial order (so concurrent messages wait for each other).
        jdbc.sql("INSERT INTO clock_meter (meter_serial) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING")
                .param(serials).update();
        record Row(ClockRules.State state, boolean rtcSuspect) {
        }
        Map<String, Row> before = new HashMap<>();
        jdbc.sql("""
                        SELECT meter_serial, observed_at, offset_ms, drift_seconds_per_day, rate_from, beyond_tolerance,
                               beyond_since, rtc_suspect
                        FROM clock_meter WHERE meter_serial = ANY (?::text[]) ORDER BY meter_serial FOR UPDATE""")
                .param(serials)
                .query(rs -> {
                    OffsetDateTime observed = rs.getObject(2, OffsetDateTime.class);
                    before.put(rs.getString(1), new Row(observed == null ? null : new ClockRules.State(observed.toInstant(),
                            rs.getLong(3), rs.getBigDecimal(4), instant(rs.getObject(5, OffsetDateTime.class)),
                            rs.getBoolean(6), instant(rs.getObject(7, OffsetDateTime.class))), rs.getBoolean(8)));
                });
        Map<String, Instant> lastSync = new HashMap<>();
        jdbc.sql("SELECT meter_serial, synced_at FROM clock_meter_sync WHERE meter_serial = ANY (?::text[])")
                .param(serials)
                .query(rs -> {
                    lastSync.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant());
                });

        Map<String, ClockRules.State> after = new LinkedHashMap<>();
        for (MeterClocksRead.MeterClock c : clocks) {
            String serial = c.meterSerialNo();
            ClockRules.State current = after.containsKey(serial) ? after.get(serial) : before.get(serial).state();
            ClockRules.State next = rules.next(current, lastSync.get(serial), c.readAt(), offsetMs(c));
            if (next != null) {
                after.put(serial, next);
            }
        }
        if (after.isEmpty()) {
            return;
        }
        Map<String, Long> syncCommands = syncBeyondTolerance(after);
        Map<String, Boolean> rtcSuspect = likelyFaultyRtc(after);
        save(after, rtcSuspect);

        for (Map.Entry<String, ClockRules.State> e : after.entrySet()) {
            String serial = e.getKey();
            ClockRules.State s = e.getValue();
            Row was = before.get(serial);
            boolean wasBeyond = was.state() != null && was.state().beyond();
            boolean rtc = rtcSuspect.get(serial);
            if (s.beyond() && !wasBeyond || rtc && !was.rtcSuspect()) {
                events.publishEvent(new MeterClockDrifted(serial, seconds(s.offsetMs()), props.tolerance().toSeconds(),
                        s.observedAt(), s.driftSecondsPerDay(), rtc, syncCommands.get(serial)));
            } else if (!s.beyond() && wasBeyond) {
                events.publishEvent(new MeterClockRecovered(serial, seconds(s.offsetMs()), s.observedAt()));
            }
        }
    }

    /**
     * Asks for a TIME_SYNC of each meter beyond tolerance not yet set for drift on that IST day. Returns the commands
     * by meter (also those asked for earlier that day, for the event).
     */
    private Map<String, Long> syncBeyondTolerance(Map<String, ClockRules.State> states) {
        List<String> beyond = states.entrySet().stream().filter(e -> e.getValue().beyond()).map(Map.Entry::getKey).toList();
        Map<String, Long> commandIds = new HashMap<>();
        if (beyond.isEmpty()) {
            return commandIds;
        }
        List<String> fresh = jdbc.sql("""
                        INSERT INTO clock_drift_sync (meter_serial, day, offset_ms, observed_at)
                        SELECT s, d, o, timestamptz 'epoch' + t * interval '1 millisecond'
                        FROM unnest(?::text[], ?::date[], ?::bigint[], ?::bigint[]) AS r(s, d, o, t)
                        ON CONFLICT DO NOTHING RETURNING meter_serial""")
                .params(beyond.toArray(String[]::new),
                        beyond.stream().map(s -> java.sql.Date.valueOf(day(states.get(s).observedAt()))).toArray(java.sql.Date[]::new),
                        beyond.stream().map(s -> states.get(s).offsetMs()).toArray(Long[]::new),
                        beyond.stream().map(s -> states.get(s).observedAt().toEpochMilli()).toArray(Long[]::new))
                .query(String.class).list();
        Set<String> known = network.meterSummaries(fresh).keySet();
        for (String serial : fresh) {
            ClockRules.State s = states.get(serial);
            LocalDate day = day(s.observedAt());
            String note = null;
            Long commandId = null;
            if (!known.contains(serial)) {
                note = "not in the network registry: no time setting asked for";
            } else {
                try {
                    commandId = commands.submit(new CommandRequest(serial, ControlType.TIME_SYNC, Map.of(),
                            describe(s.offsetMs(), s.observedAt()), REQUESTER, "clock-drift:" + serial + ":" + day))
                            .value().id();
                } catch (ApiProblem refused) {
                    note = "time setting refused: " + refused.getMessage();
                    log.warn("Meter {}: {}", serial, note);
                }
            }
            jdbc.sql("UPDATE clock_drift_sync SET command_id = ?, note = ? WHERE meter_serial = ? AND day = ?")
                    .params(commandId, note, serial, day).update();
        }
        jdbc.sql("""
                        SELECT r.s, c.command_id FROM unnest(?::text[], ?::date[]) AS r(s, d)
                        JOIN clock_drift_sync c ON c.meter_serial = r.s AND c.day = r.d WHERE c.command_id IS NOT NULL""")
                .params(beyond.toArray(String[]::new),
                        beyond.stream().map(s -> java.sql.Date.valueOf(day(states.get(s).observedAt()))).toArray(java.sql.Date[]::new))
                .query(rs -> {
                    commandIds.put(rs.getString(1), rs.getLong(2));
                });
        return commandIds;
    }

    /** Per meter: set for drift at least rtc-suspect-syncs times in the window ending on the day of its reading. */
    private Map<String, Boolean> likelyFaultyRtc(Map<String, ClockRules.State> states) {
        List<String> serials = new ArrayList<>(states.keySet());
        Map<String, Boolean> out = new HashMap<>();
        jdbc.sql("""
                        SELECT r.s, count(c.day) FROM unnest(?::text[], ?::date[]) AS r(s, d)
                        LEFT JOIN clock_drift_sync c ON c.meter_serial = r.s AND c.day <= r.d AND c.day > r.d - ?
                        GROUP BY r.s""")
                .params(serials.toArray(String[]::new),
                        serials.stream().map(s -> java.sql.Date.valueOf(day(states.get(s).observedAt()))).toArray(java.sql.Date[]::new),
                        (int) props.rtcSuspectWindow().toDays())
                .query(rs -> {
                    out.put(rs.getString(1), rules.likelyFaultyRtc(rs.getInt(2)));
                });
        return out;
    }

    private void save(Map<String, ClockRules.State> states, Map<String, Boolean> rtcSuspect) {
        List<String> serials = new ArrayList<>(states.keySet());
        List<ClockRules.State> s = serials.stream().map(states::get).toList();
        jdbc.sql("""
                        UPDATE clock_meter m SET observed_at = timestamptz 'epoch' + u.t * interval '1 millisecond',
                               offset_ms = u.o, drift_seconds_per_day = CAST(u.rate AS numeric),
                               rate_from = timestamptz 'epoch' + u.rf * interval '1 millisecond', beyond_tolerance = u.b,
                               beyond_since = timestamptz 'epoch' + u.bs * interval '1 millisecond', rtc_suspect = u.rtc,
                               updated_at = now()
                        FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::boolean[],
                                    ?::bigint[], ?::boolean[]) AS u(serial, t, o, rate, rf, b, bs, rtc)
                        WHERE m.meter_serial = u.serial""")
                .params(serials.toArray(String[]::new),
                        s.stream().map(x -> x.observedAt().toEpochMilli()).toArray(Long[]::new),
                        s.stream().map(ClockRules.State::offsetMs).toArray(Long[]::new),
                        s.stream().map(x -> x.driftSecondsPerDay() == null ? null : x.driftSecondsPerDay().toPlainString())
                                .toArray(String[]::new),
                        s.stream().map(x -> x.rateFrom() == null ? null : x.rateFrom().toEpochMilli()).toArray(Long[]::new),
                        s.stream().map(ClockRules.State::beyond).toArray(Boolean[]::new),
                        s.stream().map(x -> x.beyondSince() == null ? null : x.beyondSince().toEpochMilli()).toArray(Long[]::new),
                        serials.stream().map(rtcSuspect::get).toArray(Boolean[]::new))
                .update();
    }

    private String describe(long offsetMs, Instant observedAt) {
        return "clock " + seconds(Math.abs(offsetMs)).toPlainString() + " s " + (offsetMs >= 0 ? "ahead" : "behind")
                + ", beyond the ±" + props.tolerance().toSeconds() + " s tolerance (read " + observedAt + ")";
    }

    private LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, props.zone());
    }

    private static long offsetMs(MeterClocksRead.MeterClock c) {
        return Duration.between(c.readAt(), c.meterTime()).toMillis();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

package org.urja.mdms.command.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.CommandCompleted;
import org.urja.mdms.command.CommandState;
import org.urja.mdms.command.MeterDisconnected;
import org.urja.mdms.command.MeterReconnected;
import org.urja.mdms.command.MeterState;
import org.urja.mdms.command.MeterStateChanged;
import org.urja.mdms.hes.HesControlCompleted;
import org.urja.mdms.hes.HesControlsCompleted;

/**
 * Applies the HES's outcome of a command (UC3.6, UC4.5, UC8.3): the command becomes SUCCEEDED, FAILED or TIMED_OUT
 * (a late real outcome replaces a TIMED_OUT), and only a SUCCEEDED command changes the meter's state in the MDM,
 * announced as {@link MeterStateChanged} and, for the relay, {@link MeterDisconnected} / {@link MeterReconnected}.
 * An outcome that arrives before the MDM recorded the acknowledgement of the send is kept and applied when it is.
 * Runs synchronously in the transaction that records the outcome in the hes module, like the reading module's
 * ingestion of MeterReadings: one commit per HES message, however many outcomes it carries.
 */
@Component
class CommandOutcomes {

    private static final Logger log = LoggerFactory.getLogger(CommandOutcomes.class);

    static final String LAST_CONTACT = "lastContact";

    private final CommandStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SupplyNotices notices;

    CommandOutcomes(CommandStore store, ApplicationEventPublisher events, Clock clock, SupplyNotices notices) {
        this.store = store;
        this.events = events;
        this.clock = clock;
        this.notices = notices;
    }

    /**
     * In the transaction that records the HES's outcomes (an inbound message, or the MDM's own timeout sweep): the
     * commands' outcomes are stored with them or not at all, set-wise, and cost no transaction of their own.
     */
    @EventListener
    void on(HesControlsCompleted event) {
        List<HesControlCompleted> results = event.outcomes();
        Map<String, CommandStore.Queued> known = store.byCorrelations(results.stream()
                .map(HesControlCompleted::correlationId).distinct().toList());
        List<Outcome> outcomes = new ArrayList<>();
        for (HesControlCompleted r : results) {
            CommandStore.Queued c = known.get(r.correlationId());
            if (c == null) {
                // The acknowledgement of its send is not recorded yet (or it is not a command of this module): kept,
                // and applied by the dispatcher once the command is known by this correlation id (forgotten after a
                // day).
                store.keepEarlyOutcome(r.correlationId(), r.outcome(), r.reason(),
                        r.completedAt() == null ? clock.instant() : r.completedAt(), clock.instant());
            } else {
                outcomes.add(new Outcome(c, r.outcome(), r.reason(), r.completedAt()));
            }
        }
        applyAll(outcomes);
    }

    /** The HES's outcome of one command. */
    record Outcome(CommandStore.Queued command, String outcome, String reason, Instant completedAt) {
    }

    /** Moves an acknowledged (or timed-out) command to the HES's outcome; in the caller's transaction. */
    void apply(CommandStore.Queued c, String outcome, String reason, Instant completedAt) {
        applyAll(List.of(new Outcome(c, outcome, reason, completedAt)));
    }

    /**
     * Moves acknowledged (or timed-out) commands to the HES's outcomes, set-wise; then the meters' confirmed state and
     * the events, command by command. In the caller's transaction.
     */
    void applyAll(List<Outcome> outcomes) {
        Instant now = clock.instant();
        List<CommandStore.Transition> changes = new ArrayList<>();
        Map<Long, Outcome> byId = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            CommandStore.Queued c = o.command();
            CommandState to;
            try {
                to = CommandState.valueOf(o.outcome());
            } catch (IllegalArgumentException e) {
                log.warn("Unknown outcome {} for command {}", o.outcome(), c.id());
                continue;
            }
            CommandState from = c.state();
            String why;
            if (from == to || byId.containsKey(c.id())) {
                continue;
            } else if (from == CommandState.ACKNOWLEDGED || from == CommandState.SENT) {
                why = describe(to, o.reason());
            } else if (from == CommandState.TIMED_OUT && to != CommandState.TIMED_OUT) {
                why = "late outcome from the HES replaces the timeout: " + describe(to, o.reason());
            } else {
                log.info("Outcome {} for command {} in state {} ignored", o.outcome(), c.id(), from);
                continue;
            }
            changes.add(new CommandStore.Transition(c.id(), from, to, why, c.attempts(), c.hesCorrelationId()));
            byId.put(c.id(), o);
        }
        Set<Long> moved = store.transitionAll(changes, "hes", now);
        List<CommandStore.Confirmation> confirmations = new ArrayList<>();
        for (CommandStore.Transition t : changes) {
            if (moved.contains(t.id()) && t.to() == CommandState.SUCCEEDED) {
                Outcome o = byId.get(t.id());
                Instant at = o.completedAt() == null ? now : o.completedAt();
                confirmations.add(new CommandStore.Confirmation(o.command().meterSerialNo(),
                        confirmedProperties(o.command().type(), o.command().parameters(), at), at, t.id()));
            }
        }
        Map<Long, Map<String, String>> set = confirmations.isEmpty() ? Map.of() : store.confirmStates(confirmations);
        List<MeterDisconnected> disconnected = new ArrayList<>();
        List<MeterReconnected> reconnected = new ArrayList<>();
        for (CommandStore.Transition t : changes) {
            if (!moved.contains(t.id())) {
                continue;
            }
            CommandStore.Queued c = byId.get(t.id()).command();
            if (t.to() == CommandState.SUCCEEDED) {
                Instant at = byId.get(t.id()).completedAt() == null ? now : byId.get(t.id()).completedAt();
                confirmed(c, set.getOrDefault(c.id(), Map.of()), at, disconnected, reconnected);
            }
            events.publishEvent(new CommandCompleted(c.id(), c.groupId(), c.meterSerialNo(), c.type(), t.to(),
                    t.reason(), null, c.requesterKind(), c.requestedBy(), now));
        }
        notices.confirmed(disconnected, id -> byId.get(id).command().reason(), reconnected);
    }

    private static String describe(CommandState to, String reason) {
        return switch (to) {
            case SUCCEEDED -> "the HES confirmed the meter carried it out" + (reason == null ? "" : ": " + reason);
            case FAILED -> "the meter did not carry it out: " + (reason == null ? "no reason given" : reason);
            default -> reason == null ? "no answer from the meter" : reason;
        };
    }

    /** What one confirmation changed in the MDM's view of the meter, announced. */
    private void confirmed(CommandStore.Queued c, Map<String, String> set, Instant at,
                           List<MeterDisconnected> disconnected, List<MeterReconnected> reconnected) {
        Map<String, String> changed = new TreeMap<>(set);
        changed.remove(LAST_CONTACT);
        if (!changed.isEmpty()) {
            events.publishEvent(new MeterStateChanged(c.meterSerialNo(), c.id(), c.type(), changed, at));
        }
        String relay = set.get(MeterState.RELAY);
        if ("DISCONNECTED".equals(relay)) {
            MeterDisconnected e = new MeterDisconnected(c.meterSerialNo(), c.id(), c.groupId(), c.requestedBy(), at);
            disconnected.add(e);
            events.publishEvent(e);
        } else if ("CONNECTED".equals(relay)) {
            MeterReconnected e = new MeterReconnected(c.meterSerialNo(), c.id(), c.groupId(), c.requestedBy(), at);
            reconnected.add(e);
            events.publishEvent(e);
        }
    }

    /** The meter-state properties a SUCCEEDED command of this type confirms. */
    static Map<String, String> confirmedProperties(ControlType type, Map<String, String> p, Instant at) {
        Map<String, String> out = new LinkedHashMap<>();
        switch (type) {
            case CONNECT -> out.put(MeterState.RELAY, "CONNECTED");
            case DISCONNECT -> out.put(MeterState.RELAY, "DISCONNECTED");
            case SET_PAYMENT_MODE -> out.put("paymentMode", p.get("paymentMode"));
            case SET_LOAD_LIMIT -> out.put("loadLimitKw", new java.math.BigDecimal(p.get("loadLimitKw").trim())
                    .stripTrailingZeros().toPlainString());
            case SET_DEMAND_INTEGRATION_PERIOD -> out.put("demandIntegrationMinutes", p.get("minutes"));
            case SET_PROFILE_CAPTURE_PERIOD -> out.put("profileCaptureMinutes", p.get("minutes"));
            case FIRMWARE_UPGRADE -> out.put("firmwareVersion", p.get("firmwareVersion"));
            case UPDATE_CREDIT -> out.put("creditRupees", new java.math.BigDecimal(p.get("creditRupees").trim())
                    .setScale(2, java.math.RoundingMode.UNNECESSARY).toPlainString());
            case SET_EVENT_PRIORITY -> out.put("eventPriority." + p.get("eventCode"),
                    Boolean.parseBoolean(p.get("highPriority")) ? "HIGH" : "NORMAL");
            case TIME_SYNC -> out.put("lastTimeSync", at.toString());
            case RESET_MAX_DEMAND -> out.put("lastMaxDemandReset", at.toString());
            case RESET_TAMPER -> out.put("lastTamperReset", at.toString());
            case RESET_EVENT_STATUS_WORD -> out.put("lastEventStatusWordReset", at.toString());
            case PING -> {
            }
        }
        out.put(LAST_CONTACT, at.toString());
        return out;
    }
}

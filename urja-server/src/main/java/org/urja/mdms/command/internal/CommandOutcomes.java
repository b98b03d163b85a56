package org.urja.mdms.command.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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

    CommandOutcomes(CommandStore store, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /**
     * In the transaction that records the HES's outcome (the inbound message, or the MDM's own timeout sweep): the
     * command's outcome is stored with it or not at all, and costs no transaction of its own.
     */
    @EventListener
    void on(HesControlCompleted event) {
        outcome(event.correlationId(), event.outcome(), event.reason(), event.completedAt());
    }

    /** In the caller's transaction. */
    void outcome(String correlationId, String outcome, String reason, Instant completedAt) {
        Optional<CommandStore.Queued> command = store.byCorrelation(correlationId);
        if (command.isEmpty()) {
            // The acknowledgement of its send is not recorded yet (or it is not a command of this module): kept, and
            // applied by the dispatcher once the command is known by this correlation id (forgotten after a day).
            store.keepEarlyOutcome(correlationId, outcome, reason, completedAt == null ? clock.instant() : completedAt,
                    clock.instant());
            return;
        }
        apply(command.get(), outcome, reason, completedAt);
    }

    /** Moves an acknowledged (or timed-out) command to the HES's outcome; in the caller's transaction. */
    void apply(CommandStore.Queued c, String outcome, String reason, Instant completedAt) {
        CommandState to;
        try {
            to = CommandState.valueOf(outcome);
        } catch (IllegalArgumentException e) {
            log.warn("Unknown outcome {} for command {}", outcome, c.id());
            return;
        }
        CommandState from = c.state();
        String why;
        if (from == to) {
            return;
        } else if (from == CommandState.ACKNOWLEDGED || from == CommandState.SENT) {
            why = describe(to, reason);
        } else if (from == CommandState.TIMED_OUT && to != CommandState.TIMED_OUT) {
            why = "late outcome from the HES replaces the timeout: " + describe(to, reason);
        } else {
            log.info("Outcome {} for command {} in state {} ignored", outcome, c.id(), from);
            return;
        }
        Instant now = clock.instant();
        Instant at = completedAt == null ? now : completedAt;
        if (!store.transition(c.id(), from, to, "hes", why, null, c.attempts(), c.hesCorrelationId(), null, now)) {
            return;
        }
        if (to == CommandState.SUCCEEDED) {
            confirm(c, at);
        }
        events.publishEvent(new CommandCompleted(c.id(), c.groupId(), c.meterSerialNo(), c.type(), to, why, null,
                c.requesterKind(), c.requestedBy(), now));
    }

    private static String describe(CommandState to, String reason) {
        return switch (to) {
            case SUCCEEDED -> "the HES confirmed the meter carried it out" + (reason == null ? "" : ": " + reason);
            case FAILED -> "the meter did not carry it out: " + (reason == null ? "no reason given" : reason);
            default -> reason == null ? "no answer from the meter" : reason;
        };
    }

    /** The MDM's view of the meter, from this confirmation only. */
    private void confirm(CommandStore.Queued c, Instant at) {
        Map<String, String> set = store.confirmState(c.meterSerialNo(), confirmedProperties(c.type(), c.parameters(), at),
                at, c.id());
        Map<String, String> changed = new TreeMap<>(set);
        changed.remove(LAST_CONTACT);
        if (!changed.isEmpty()) {
            events.publishEvent(new MeterStateChanged(c.meterSerialNo(), c.id(), c.type(), changed, at));
        }
        String relay = set.get(MeterState.RELAY);
        if ("DISCONNECTED".equals(relay)) {
            events.publishEvent(new MeterDisconnected(c.meterSerialNo(), c.id(), c.groupId(), c.requestedBy(), at));
        } else if ("CONNECTED".equals(relay)) {
            events.publishEvent(new MeterReconnected(c.meterSerialNo(), c.id(), c.groupId(), c.requestedBy(), at));
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

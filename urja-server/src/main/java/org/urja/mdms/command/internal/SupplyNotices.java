package org.urja.mdms.command.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.urja.mdms.command.MeterDisconnected;
import org.urja.mdms.command.MeterReconnected;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.notification.ConsumerNotifications;

/**
 * The consumer is told when their supply was confirmed disconnected (UC3 — with the reason the command gave) or
 * reconnected (UC4), by SMS and email, once per command. The notices are queued in the transaction that records the
 * HES's outcome (the outbox is durable), not through the event publication registry: a group command confirms
 * thousands of meters at once. A failure to queue is logged and never fails the outcome.
 */
@Component
class SupplyNotices {

    private static final Logger log = LoggerFactory.getLogger(SupplyNotices.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm")
            .withZone(ZoneId.of("Asia/Kolkata"));

    private final NetworkRegistry network;
    private final ConsumerNotifications notifications;
    private final CommandStore store;

    SupplyNotices(NetworkRegistry network, ConsumerNotifications notifications, CommandStore store) {
        this.network = network;
        this.notifications = notifications;
        this.store = store;
    }

    @EventListener
    void on(MeterDisconnected e) {
        try {
            disconnected(e);
        } catch (RuntimeException ex) {
            log.warn("Disconnection notice for command {} not queued: {}", e.commandId(), ex.toString());
        }
    }

    @EventListener
    void on(MeterReconnected e) {
        try {
            reconnected(e);
        } catch (RuntimeException ex) {
            log.warn("Reconnection notice for command {} not queued: {}", e.commandId(), ex.toString());
        }
    }

    private void disconnected(MeterDisconnected e) {
        String consumer = consumerOf(e.meterSerialNo());
        if (consumer != null) {
            String reason = store.find(e.commandId(), false).map(c -> c.reason()).orElse("as instructed");
            notifications.notify(consumer, "DISCONNECTED", Map.of("time", TIME.format(e.at()), "reason", reason),
                    "disconnected:" + e.commandId(), "command");
        }
    }

    private void reconnected(MeterReconnected e) {
        String consumer = consumerOf(e.meterSerialNo());
        if (consumer != null) {
            notifications.notify(consumer, "RECONNECTED", Map.of("time", TIME.format(e.at())),
                    "reconnected:" + e.commandId(), "command");
        }
    }

    private String consumerOf(String meter) {
        NetworkRegistry.MeterSummary m = network.meterSummaries(List.of(meter)).get(meter);
        return m == null ? null : m.consumerNo();
    }
}

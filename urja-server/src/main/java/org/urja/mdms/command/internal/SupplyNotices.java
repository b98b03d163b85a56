package org.urja.mdms.command.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.urja.mdms.command.MeterDisconnected;
import org.urja.mdms.command.MeterReconnected;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.notification.ConsumerNotifications;

/**
 * The consumer is told when their supply was confirmed disconnected (UC3 — with the reason the command gave) or
 * reconnected (UC4), by SMS and email, once per command.
 */
@Component
class SupplyNotices {

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

    @ApplicationModuleListener
    void on(MeterDisconnected e) {
        String consumer = consumerOf(e.meterSerialNo());
        if (consumer != null) {
            String reason = store.find(e.commandId(), false).map(c -> c.reason()).orElse("as instructed");
            notifications.notify(consumer, "DISCONNECTED", Map.of("time", TIME.format(e.at()), "reason", reason),
                    "disconnected:" + e.commandId(), "command");
        }
    }

    @ApplicationModuleListener
    void on(MeterReconnected e) {
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

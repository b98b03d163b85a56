package org.urja.mdms.command.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.urja.mdms.command.MeterDisconnected;
import org.urja.mdms.command.MeterReconnected;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.notification.ConsumerNotifications;

/**
 * The consumer is told when their supply was confirmed disconnected (UC3 — with the reason the command gave) or
 * reconnected (UC4), by SMS and email, once per command. The notices are queued in the transaction that records the
 * HES's outcome (the outbox is durable), not through the event publication registry: a group command confirms
 * thousands of meters at once, so {@link CommandOutcomes} hands them over for all the outcomes of a HES message together.
 * A notice that cannot be queued (e.g. a consumer without a channel) is logged and never fails the outcome.
 */
@Component
class SupplyNotices {

    private static final Logger log = LoggerFactory.getLogger(SupplyNotices.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm")
            .withZone(ZoneId.of("Asia/Kolkata"));

    private final NetworkRegistry network;
    private final ConsumerNotifications notifications;

    SupplyNotices(NetworkRegistry network, ConsumerNotifications notifications) {
        this.network = network;
        this.notifications = notifications;
    }

    /**
     * Queues the notices of confirmed disconnections (with the reason the command gave) and reconnections, looking the
     * meters' consumers up at once; in the transaction recording the outcomes.
     */
    void confirmed(List<MeterDisconnected> disconnected, Function<Long, String> reasonOf,
                   List<MeterReconnected> reconnected) {
        if (disconnected.isEmpty() && reconnected.isEmpty()) {
            return;
        }
        Map<String, NetworkRegistry.MeterSummary> meters = network.meterSummaries(Stream.concat(
                disconnected.stream().map(MeterDisconnected::meterSerialNo),
                reconnected.stream().map(MeterReconnected::meterSerialNo)).distinct().toList());
        for (MeterDisconnected e : disconnected) {
            queue(meters, e.meterSerialNo(), e.commandId(), "DISCONNECTED", Map.of("time", TIME.format(e.at()),
                    "reason", reasonOf.apply(e.commandId()) == null ? "as instructed" : reasonOf.apply(e.commandId())));
        }
        for (MeterReconnected e : reconnected) {
            queue(meters, e.meterSerialNo(), e.commandId(), "RECONNECTED", Map.of("time", TIME.format(e.at())));
        }
    }

    private void queue(Map<String, NetworkRegistry.MeterSummary> meters, String meter, long commandId, String template,
                       Map<String, String> params) {
        NetworkRegistry.MeterSummary m = meters.get(meter);
        if (m == null || m.consumerNo() == null) {
            return;
        }
        try {
            notifications.notify(m.consumerNo(), template, params, template.toLowerCase(java.util.Locale.ROOT) + ":"
                    + commandId, "command");
        } catch (RuntimeException ex) {
            log.warn("{} notice for command {} not queued: {}", template, commandId, ex.toString());
        }
    }
}

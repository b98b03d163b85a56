package org.urja.hes.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.urja.hes.contract.EndDeviceEvent;
import org.urja.hes.contract.EndDeviceEventsMessage;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;

/**
 * Pushes the high-priority events meters raised in a period — tamper, last gasp / first breath, load-limit
 * violations — to the MDM as they happen (UC5.1–5.2, UC7.1–7.2, UC9.1). Message ids are derived from the period, so
 * pushing the same period again is harmless.
 */
public final class AlarmPusher {

    private final String hesId;
    private final Fleet fleet;
    private final MdmClient mdm;
    private final int batchSize;

    public AlarmPusher(String hesId, Fleet fleet, MdmClient mdm, int batchSize) {
        this.hesId = hesId;
        this.fleet = fleet;
        this.mdm = mdm;
        this.batchSize = batchSize;
    }

    /** Pushes the high-priority events that occurred in {@code [from, to)}; returns how many were pushed. */
    public int push(Instant from, Instant to) {
        List<EndDeviceEvent> alarms = new ArrayList<>();
        for (VirtualMeter meter : fleet.meters()) {
            meter.events(from, to).stream().filter(e -> e.highPriority()).forEach(e -> alarms.add(ContractMapping.event(e)));
        }
        alarms.sort(Comparator.comparing(EndDeviceEvent::createdDateTime).thenComparing(EndDeviceEvent::meterSerialNo));
        for (int i = 0; i < alarms.size(); i += batchSize) {
            mdm.send("/end-device-events", new EndDeviceEventsMessage(
                    hesId + "-alarms-" + from.getEpochSecond() + "-" + to.getEpochSecond() + "-" + (i / batchSize),
                    Instant.now(), null, alarms.subList(i, Math.min(alarms.size(), i + batchSize))));
        }
        return alarms.size();
    }
}

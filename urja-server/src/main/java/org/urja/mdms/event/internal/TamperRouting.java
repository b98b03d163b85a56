package org.urja.mdms.event.internal;

import java.util.List;
import java.util.Map;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.DeviceEvent.Kind;
import org.urja.mdms.event.DeviceEvent.Route;
import org.urja.mdms.event.DeviceEvent.Severity;
import org.urja.mdms.event.DeviceEvent.State;
import org.urja.mdms.event.DeviceEventsRecorded;
import org.urja.mdms.network.MeterLocation;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.workorder.TamperInspection;
import org.urja.mdms.workorder.WorkOrders;

/**
 * UC5.3: every tamper occurrence (the catalogue's INSPECTION route) raises a site inspection with the consumer number,
 * meter number, tamper code and premises address, or joins the one already open for that meter and code; the
 * tamper's restoration is recorded on it. Critical tampers are urgent.
 */
@Component
class TamperRouting {

    private final WorkOrders workOrders;
    private final NetworkRegistry network;

    TamperRouting(WorkOrders workOrders, NetworkRegistry network) {
        this.workOrders = workOrders;
        this.network = network;
    }

    @ApplicationModuleListener
    void on(DeviceEventsRecorded recorded) {
        List<DeviceEvent> tamper = recorded.events().stream().filter(e -> e.route() == Route.INSPECTION).toList();
        if (tamper.isEmpty()) {
            return;
        }
        Map<String, MeterLocation> where = network.locations(tamper.stream().map(DeviceEvent::meterSerialNo).toList());
        for (DeviceEvent e : tamper) {
            if (e.kind() == Kind.RESTORATION) {
                workOrders.tamperCleared(e.meterSerialNo(), e.family(), e.occurredAt(), e.id());
                continue;
            }
            MeterLocation at = where.get(e.meterSerialNo());
            workOrders.raiseTamperInspection(new TamperInspection(e.meterSerialNo(),
                    at == null ? null : at.consumerNo(), at == null ? null : at.servicePointCode(),
                    at == null ? null : at.address(), e.code(), e.description(), e.id(), e.occurredAt(),
                    e.severity() == Severity.CRITICAL, e.state() == State.RESTORED ? e.partnerAt() : null));
        }
    }
}

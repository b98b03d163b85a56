package org.urja.mdms.care.internal;

import java.util.List;

import org.springframework.stereotype.Component;
import org.urja.mdms.care.Complaint;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.ServicePoint;
import org.urja.mdms.workorder.WorkOrderPriority;
import org.urja.mdms.workorder.WorkOrderRequest;
import org.urja.mdms.workorder.WorkOrderType;
import org.urja.mdms.workorder.WorkOrders;

/** Where a consumer is supplied (service points, meters installed now) and the WFM visits complaints need. */
@Component
class FieldVisits {

    private final NetworkRegistry network;
    private final WorkOrders workOrders;

    FieldVisits(NetworkRegistry network, WorkOrders workOrders) {
        this.network = network;
        this.workOrders = workOrders;
    }

    /** The meters installed at the consumer's service points now. */
    List<String> metersOf(String consumerNo) {
        return network.servicePointsOf(consumerNo).stream()
                .flatMap(sp -> network.servicePointHistory(sp.code()).stream())
                .filter(i -> i.removedAt() == null).map(Installation::meterSerialNo).sorted().toList();
    }

    /**
     * UC20.4 → WFM: raises the complaint visit under {@code reference} (once per reference), at the consumer's service
     * point and meter, due when the complaint is; a safety complaint is an emergency, voltage one urgent.
     *
     * @param visitNote the care desk's note for a new visit (after one not carried out), added to the description
     */
    long raise(Complaint c, String reference, String visitNote) {
        List<ServicePoint> points = network.servicePointsOf(c.consumerNo());
        ServicePoint sp = points.isEmpty() ? null : points.get(0);
        String meter = c.meterSerialNo() != null ? c.meterSerialNo() : metersOf(c.consumerNo()).stream().findFirst()
                .orElse(null);
        WorkOrderPriority priority = switch (c.category()) {
            case SAFETY -> WorkOrderPriority.EMERGENCY;
            case VOLTAGE -> WorkOrderPriority.HIGH;
            default -> WorkOrderPriority.NORMAL;
        };
        return workOrders.raise(new WorkOrderRequest(WorkOrderType.COMPLAINT_VISIT, reference, c.consumerNo(),
                sp == null ? null : sp.code(), meter, sp == null ? null : sp.address(), priority, c.dueAt(),
                c.crn() + " " + c.category().label() + ": " + c.description()
                        + (visitNote == null ? "" : " | visit " + c.routeRound() + ": " + visitNote))).workOrderId();
    }

    /** Whether the work order a complaint is routed to ({@code work-order:<id>}) was cancelled. */
    boolean cancelled(String target) {
        return target != null && target.startsWith("work-order:") && workOrders.find(Long.parseLong(target
                .substring("work-order:".length()))).map(w -> w.status().equals("CANCELLED")).orElse(false);
    }
}

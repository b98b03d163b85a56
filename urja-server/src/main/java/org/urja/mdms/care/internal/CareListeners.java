package org.urja.mdms.care.internal;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.urja.mdms.migration.MigrationCompleted;
import org.urja.mdms.outage.OutageRestored;
import org.urja.mdms.outage.OutageStarted;
import org.urja.mdms.workorder.WorkOrderCompleted;
import org.urja.mdms.workorder.WorkOrderType;

/**
 * What the target systems report back (UC20.5) and the migration workflow's end (UC19.4), through the event
 * publication registry, so a completion is not lost in a crash; each is applied once (only cases still pending move).
 */
@Component
class CareListeners {

    private final ServiceRequestService requests;
    private final ComplaintService complaints;

    CareListeners(ServiceRequestService requests, ComplaintService complaints) {
        this.requests = requests;
        this.complaints = complaints;
    }

    @ApplicationModuleListener
    void on(MigrationCompleted e) {
        requests.migrationCompleted(e);
    }

    @ApplicationModuleListener
    void on(OutageStarted e) {
        complaints.outageStarted(e);
    }

    @ApplicationModuleListener
    void on(OutageRestored e) {
        complaints.outageRestored(e);
    }

    /**
     * A complaint visit raised under a complaint's reference ({@code complaint:<CRN>}) is completed: done, it resolves
     * the complaint; not carried out (NOT_DONE, NO_ACCESS), it sends the complaint back to the care desk.
     */
    @ApplicationModuleListener
    void on(WorkOrderCompleted e) {
        if (e.type() == WorkOrderType.COMPLAINT_VISIT && e.reference() != null
                && e.reference().startsWith(ComplaintService.REFERENCE_PREFIX)) {
            complaints.visitCompleted(e.workOrderId(), e.outcome(), e.findings(), e.completedBy(), e.completedAt());
        }
    }
}

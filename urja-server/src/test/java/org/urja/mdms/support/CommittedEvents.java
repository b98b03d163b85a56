package org.urja.mdms.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.urja.mdms.billing.BillingDeterminantsReady;
import org.urja.mdms.clock.MeterClockDrifted;
import org.urja.mdms.clock.MeterClockRecovered;
import org.urja.mdms.command.CommandCompleted;
import org.urja.mdms.command.DisconnectionAlert;
import org.urja.mdms.command.MeterDisconnected;
import org.urja.mdms.command.MeterReconnected;
import org.urja.mdms.command.MeterStateChanged;
import org.urja.mdms.event.DeviceEventsRecorded;
import org.urja.mdms.hes.ReadRequestCompleted;
import org.urja.mdms.connection.ConnectionActivated;
import org.urja.mdms.migration.MigrationCompleted;
import org.urja.mdms.outage.OutageRestored;
import org.urja.mdms.outage.OutageStarted;
import org.urja.mdms.payment.PaymentReceived;
import org.urja.mdms.prepaid.CreditExhausted;
import org.urja.mdms.prepaid.CreditRestored;
import org.urja.mdms.reading.BillingProfileReceived;
import org.urja.mdms.vee.DailyDataValidated;
import org.urja.mdms.vee.DaysValidated;
import org.urja.mdms.workorder.MeterInstallationReported;
import org.urja.mdms.workorder.TamperConfirmed;
import org.urja.mdms.workorder.TamperResolved;
import org.urja.mdms.workorder.WorkOrderCompleted;
import org.urja.mdms.workorder.WorkOrderCreated;

/**
 * Records published events once their transaction committed (as a listening module would see them), for tests to
 * await. A bean of the shared test context ({@link TestDatabase}); inject it with {@code @Autowired}.
 */
public class CommittedEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    @TransactionalEventListener
    void on(ReadRequestCompleted event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(DaysValidated event) {
        events.addAll(event.days());
    }

    @TransactionalEventListener
    void on(BillingProfileReceived event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(PaymentReceived event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(BillingDeterminantsReady event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(CreditExhausted event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(CreditRestored event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(DeviceEventsRecorded event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(WorkOrderCreated event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(WorkOrderCompleted event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(TamperConfirmed event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(TamperResolved event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(MeterInstallationReported event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(ConnectionActivated event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(MigrationCompleted event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(MeterClockDrifted event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(MeterClockRecovered event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(OutageStarted event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(OutageRestored event) {
        events.add(event);
    }

    /**
     * The command module's events come one per meter of a group command (thousands): recorded once their transaction
     * commits, by a plain listener, so the event publication registry does not book (and a test wait for) each one.
     */
    @EventListener({CommandCompleted.class, DisconnectionAlert.class, MeterDisconnected.class, MeterReconnected.class,
            MeterStateChanged.class})
    void onCommandEvent(Object event) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    events.add(event);
                }
            });
        } else {
            events.add(event);
        }
    }

    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** VEE's daily outcomes for a meter (first settlement and revisions), in publication order. */
    public List<DailyDataValidated> validated(String meterSerialNo) {
        return of(DailyDataValidated.class).stream().filter(e -> e.meterSerialNo().equals(meterSerialNo)).toList();
    }
}

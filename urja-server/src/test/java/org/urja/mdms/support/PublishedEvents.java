package org.urja.mdms.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.transaction.event.TransactionalEventListener;
import org.urja.mdms.reading.BillingProfileReceived;
import org.urja.mdms.vee.DailyDataValidated;

/**
 * Records the outputs the pipeline publishes for other modules (once committed), so tests can assert what a
 * downstream module (prepaid, billing) would receive.
 */
public class PublishedEvents {

    private final List<Object> events = new CopyOnWriteArrayList<>();

    @TransactionalEventListener
    void on(DailyDataValidated event) {
        events.add(event);
    }

    @TransactionalEventListener
    void on(BillingProfileReceived event) {
        events.add(event);
    }

    public <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<DailyDataValidated> validated(String meterSerialNo) {
        return of(DailyDataValidated.class).stream().filter(e -> e.meterSerialNo().equals(meterSerialNo)).toList();
    }
}

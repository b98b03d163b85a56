package org.urja.mdms.hes.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlResult;
import org.urja.hes.contract.EndDeviceControlResultsMessage;
import org.urja.hes.contract.EndDeviceEvent;
import org.urja.hes.contract.EndDeviceEventsMessage;
import org.urja.hes.contract.ControlOutcome;
import org.urja.mdms.hes.MeterReadingsBatch;
import org.urja.mdms.hes.ReadRequestCompleted;

/**
 * Follows every read request meter by meter to a final state (see V10): what arrives under its correlation id is
 * applied in the transaction that stores the message; meters nothing arrived for within {@code urja.hes.read-timeout}
 * are TIMED_OUT by a sweep that several nodes may run ({@link ReadRequestStore#timeOut}, SKIP LOCKED). When a request
 * becomes complete, {@link ReadRequestCompleted} is published in the same transaction (delivered after commit).
 * Messages without a correlation id (scheduled collection, alarms) cost nothing here.
 */
@Component
class ReadRequestTracker {

    private final ReadRequestStore store;
    private final HesProperties props;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReadRequestTracker(ReadRequestStore store, HesProperties props, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.props = props;
        this.events = events;
        this.clock = clock;
    }

    /** A read request was recorded: its meters are REQUESTED (caller's transaction). */
    void requested(String correlationId, List<String> meters) {
        store.insertMeters(correlationId, meters);
    }

    /** The request could not be sent or the HES refused it: nothing will arrive, its meters are FAILED at once. */
    void undelivered(String correlationId, String status, String reason) {
        if (store.lock(List.of(correlationId)).isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        store.undelivered(correlationId, "request " + status + (reason == null ? "" : ": " + reason), now);
        publish(store.completeIfDone(List.of(correlationId), now), false);
    }

    /**
     * A new (not re-sent) message from the HES, in the transaction that stores it: a MeterReadingsBatch, an
     * EndDeviceEventsMessage or an EndDeviceControlResultsMessage; anything else is ignored.
     */
    @Transactional
    public void arrived(Object message, Instant receivedAt) {
        if (message instanceof MeterReadingsBatch batch && batch.correlationId() != null) {
            received(batch.correlationId(), readings(batch), false, receivedAt);
        } else if (message instanceof EndDeviceEventsMessage m && m.correlationId() != null) {
            received(m.correlationId(), events(m), true, receivedAt);
        } else if (message instanceof EndDeviceControlResultsMessage m) {
            unreadable(m, receivedAt);
        }
    }

    private void received(String correlationId, Collection<ReadRequestStore.Arrival> arrivals, boolean events,
                          Instant at) {
        List<ReadRequestStore.Locked> locked = store.lock(List.of(correlationId));
        if (locked.isEmpty() || events && !locked.get(0).includeEvents()) {
            return;
        }
        settle(locked, store.received(correlationId, arrivals, at), at);
    }

    private void unreadable(EndDeviceControlResultsMessage m, Instant at) {
        List<ReadRequestStore.Unreadable> unreadable = new ArrayList<>();
        for (EndDeviceControlResult r : m.results()) {
            if (r.controlType() == ControlType.PING && r.outcome() != ControlOutcome.SUCCEEDED) {
                unreadable.add(new ReadRequestStore.Unreadable(r.correlationId(), r.meterSerialNo(), r.outcome().name(),
                        r.reason()));
            }
        }
        if (unreadable.isEmpty()) {
            return;
        }
        List<ReadRequestStore.Locked> locked = store.lock(new TreeSet<>(unreadable.stream()
                .map(ReadRequestStore.Unreadable::correlationId).toList()));
        if (!locked.isEmpty()) {
            settle(locked, store.failed(unreadable, at), at);
        }
    }

    /** Completes what is now complete; announces it, or announces again a complete request whose outcome changed. */
    private void settle(List<ReadRequestStore.Locked> locked, List<ReadRequestStore.Changed> changed, Instant at) {
        if (changed.isEmpty()) {
            return;
        }
        Set<String> touched = new LinkedHashSet<>();
        Set<String> revised = new TreeSet<>();
        for (ReadRequestStore.Changed c : changed) {
            touched.add(c.correlationId());
            boolean finalBefore = !"REQUESTED".equals(c.previousState()) && !"RECEIVED".equals(c.previousState());
            if (finalBefore && locked.stream().anyMatch(l -> l.correlationId().equals(c.correlationId()) && l.complete())) {
                revised.add(c.correlationId());
            }
        }
        publish(store.completeIfDone(touched, at), false);
        publish(revised, true);
    }

    /** Meters of read requests older than {@code urja.hes.read-timeout} that nothing arrived for become TIMED_OUT. */
    @Scheduled(fixedDelayString = "${urja.hes.timeout-check-interval:PT30S}")
    @Transactional
    public int expireOverdue() {
        Instant now = clock.instant();
        List<String> completed = store.timeOut(now.minus(props.readTimeout()), 500,
                "nothing arrived from the HES within " + props.readTimeout(), now);
        publish(completed, false);
        return completed.size();
    }

    private void publish(Collection<String> correlationIds, boolean revised) {
        if (!correlationIds.isEmpty()) {
            store.completions(correlationIds, revised).forEach(events::publishEvent);
        }
    }

    private static Collection<ReadRequestStore.Arrival> readings(MeterReadingsBatch batch) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Set<String>> profiles = new LinkedHashMap<>();
        for (int i = 0; i < batch.meterReadings(); i++) {
            int intervals = 0;
            for (int b = batch.firstBlock(i); b < batch.endBlock(i); b++) {
                intervals += batch.endInterval(b) - batch.firstInterval(b);
            }
            int[] c = counts.computeIfAbsent(batch.serialNo(i), s -> new int[2]);
            c[0] += intervals;
            c[1] += batch.registers(i).size();
            profiles.computeIfAbsent(batch.serialNo(i), s -> new TreeSet<>()).add(batch.profile(i).name());
        }
        List<ReadRequestStore.Arrival> arrivals = new ArrayList<>(counts.size());
        counts.forEach((serial, c) -> arrivals.add(new ReadRequestStore.Arrival(serial, c[0], c[1], 0,
                List.copyOf(profiles.get(serial)))));
        return arrivals;
    }

    private static Collection<ReadRequestStore.Arrival> events(EndDeviceEventsMessage m) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (EndDeviceEvent e : m.endDeviceEvents()) {
            counts.merge(e.meterSerialNo(), 1, Integer::sum);
        }
        List<ReadRequestStore.Arrival> arrivals = new ArrayList<>(counts.size());
        counts.forEach((serial, n) -> arrivals.add(new ReadRequestStore.Arrival(serial, 0, 0, n, List.of())));
        return arrivals;
    }
}

package org.urja.mdms.hes.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.hes.HesControlCompleted;
import org.urja.mdms.hes.HesDcuControlCompleted;
import org.urja.mdms.hes.HesControlsCompleted;

/**
 * Gives acknowledged commands (to meters and DCUs) whose outcome never arrived the outcome TIMED_OUT after
 * {@code urja.hes.control-timeout} (a real outcome arriving later still replaces it), and marks requests recorded but
 * never sent as UNDELIVERED.
 * Rows are claimed with SKIP LOCKED, so several application nodes can run it.
 */
@Component
class ControlTimeouts {

    private final OutboundRequestStore store;
    private final HesProperties props;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ControlTimeouts(OutboundRequestStore store, HesProperties props, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.props = props;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${urja.hes.timeout-check-interval:PT30S}")
    @Transactional
    public int expireOverdue() {
        Instant now = clock.instant();
        List<HesControlCompleted> expired = new ArrayList<>();
        int dcus = 0;
        for (var request : store.overdueControls(now.minus(props.controlTimeout()), 500)) {
            String reason = "no outcome from the HES within " + props.controlTimeout();
            if (!store.timeOut(request.correlationId(), reason, now)) {
                continue;
            }
            if ("DCU_CONTROL".equals(request.kind())) {
                events.publishEvent(new HesDcuControlCompleted(request.correlationId(), request.meterSerialNos().get(0),
                        request.controlType(), "TIMED_OUT", reason, now, null));
                dcus++;
            } else {
                expired.add(new HesControlCompleted(request.correlationId(), request.meterSerialNos().get(0),
                        request.controlType(), "TIMED_OUT", reason, now));
            }
        }
        if (!expired.isEmpty()) {
            events.publishEvent(new HesControlsCompleted(expired));
        }
        store.abandonUnsent(now.minus(props.requestTimeout().multipliedBy(10)));
        return expired.size() + dcus;
    }
}

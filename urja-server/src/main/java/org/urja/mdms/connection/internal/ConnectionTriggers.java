package org.urja.mdms.connection.internal;

import java.time.Clock;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.urja.mdms.hes.ReadRequestCompleted;
import org.urja.mdms.workorder.MeterInstallationReported;

/**
 * What moves connections on: the installation report of their work order and the outcome of their verification
 * read (both through the event publication registry, so delivered after a crash too), and a poll every
 * {@code urja.connection.poll} for a retry that is due or a step a crash left half-way.
 */
@Component
class ConnectionTriggers {

    private final ConnectionEngine engine;
    private final ConnectionStore store;
    private final Clock clock;

    ConnectionTriggers(ConnectionEngine engine, ConnectionStore store, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(MeterInstallationReported e) {
        ConnectionEngine.idOf(e.reference()).ifPresent(id -> engine.installationReported(id, e));
    }

    @ApplicationModuleListener
    void on(ReadRequestCompleted e) {
        ConnectionEngine.idOf(e.requestedBy()).ifPresent(id -> engine.readCompleted(id, e));
    }

    @Scheduled(fixedDelayString = "${urja.connection.poll:PT5S}")
    void poll() {
        for (long id : store.due(clock.instant(), 500)) {
            engine.advance(id, true);
        }
    }
}

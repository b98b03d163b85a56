package org.urja.mdms.migration.internal;

import java.time.Clock;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.urja.mdms.hes.ReadRequestCompleted;
import org.urja.mdms.workorder.MeterInstallationReported;

/**
 * What moves migrations on: the outcome of a read they asked for, the installation report of their work order (both
 * through the event publication registry, so delivered after a crash too), and a poll every
 * {@code urja.migration.poll} for the rest — a command's outcome (the command service publishes one
 * {@code CommandCompleted} per meter of a group command, so migrations look at their own few commands instead of
 * booking every completion), a retry that is due, a step left half-way by a crash.
 */
@Component
class MigrationTriggers {

    private final MigrationEngine engine;
    private final MigrationStore store;
    private final Clock clock;

    MigrationTriggers(MigrationEngine engine, MigrationStore store, Clock clock) {
        this.engine = engine;
        this.store = store;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(ReadRequestCompleted e) {
        MigrationEngine.idOf(e.requestedBy()).ifPresent(id -> engine.readCompleted(id, e));
    }

    @ApplicationModuleListener
    void on(MeterInstallationReported e) {
        MigrationEngine.idOf(e.reference()).ifPresent(id -> engine.installationReported(id, e));
    }

    @Scheduled(fixedDelayString = "${urja.migration.poll:PT5S}")
    void poll() {
        for (long id : store.due(clock.instant(), 500)) {
            engine.advance(id, true);
        }
    }
}

package org.urja.mdms.outage.internal;

import java.util.Objects;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.urja.mdms.outage.Outages;

/** {@link Outages} for other modules: consumers' reports of no supply, recorded by the tracker. */
@Service
class ConsumerReports implements Outages {

    private final OutageTracker tracker;

    ConsumerReports(OutageTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public Optional<Reported> reportedByConsumer(ConsumerReport report) {
        Objects.requireNonNull(report.reference(), "reference");
        Objects.requireNonNull(report.consumerNo(), "consumerNo");
        Objects.requireNonNull(report.meterSerialNo(), "meterSerialNo");
        Objects.requireNonNull(report.reportedAt(), "reportedAt");
        return tracker.reportedByConsumer(report);
    }
}

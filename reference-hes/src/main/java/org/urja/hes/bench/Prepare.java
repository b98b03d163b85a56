package org.urja.hes.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.SimClock;
import org.urja.hes.internal.Collector;

/**
 * Runs the daily collection {@code Main generate} runs, through the same {@link Collector}, but into a
 * {@link MessageDirectory} instead of the MDM: the same messages (ids, content, order) become files a load generator
 * can push later ({@link Push}), so generating them stays out of the timed window. Only {@code sentAt} differs.
 */
public final class Prepare {

    /** What was written. */
    public record Result(int messages, long readings, long bytes, double seconds) {
    }

    private Prepare() {
    }

    /** Daily collection of {@code days} IST days from {@code from} for {@code fleet}, written into {@code dir}. */
    public static Result run(HesConfig config, Fleet fleet, LocalDate from, int days, Path dir) throws IOException {
        long started = System.nanoTime();
        try (MessageDirectory out = MessageDirectory.create(dir, ReferenceHes.contractJson())) {
            // The HES's clock, as a ReferenceHes with this configuration runs it (it reads the meters' clocks by it).
            Collector collector = new Collector(config.hesId(), fleet, out, config.collectionAttempts(), config.batchSize(),
                    new SimClock(config.simStart(), config.simSpeed()));
            for (int d = 0; d < days; d++) {
                collector.collectDaily(from.plusDays(d));
            }
            out.close();
            return new Result(out.messages(), out.readings(), out.bytes(), (System.nanoTime() - started) / 1e9);
        }
    }
}

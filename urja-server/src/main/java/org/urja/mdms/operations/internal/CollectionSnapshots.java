package org.urja.mdms.operations.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.urja.mdms.network.MeterLocation;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.reading.CollectionHealth;
import org.urja.mdms.reading.CollectionHealth.GroupCounts;

/**
 * Collection completeness of a day per DT and feeder. Computing it walks every placed meter once, a page of
 * {@link #PAGE} meters at a time (three set-wise queries per page: the meters, their locations, their day's counts
 * summed per placement node), so at two million meters it is thousands of queries: it runs in the background, at
 * most once per {@code urja.operations.collection-refresh}, and the dashboard shows the latest snapshot with its
 * time. Requests for a day with no snapshot yet wait briefly for the first one.
 */
@Component
class CollectionSnapshots {

    static final int PAGE = 1000;
    private static final Logger log = LoggerFactory.getLogger(CollectionSnapshots.class);

    /** Completeness of one node (or of the whole network): meters and what arrived of them. */
    public record Row(String code, NetworkLevel level, String parentCode, int meters, int withBlockLoad, long slots,
               long expectedSlots, int withDailyProfile, int withBillingProfile, int heardFrom) {

        static Row empty(String code, NetworkLevel level, String parentCode) {
            return new Row(code, level, parentCode, 0, 0, 0, 0, 0, 0, 0);
        }

        Row plus(GroupCounts c, long expected) {
            return new Row(code, level, parentCode, meters + c.meters(), withBlockLoad + c.withBlockLoad(),
                    slots + c.blockLoadSlots(), expectedSlots + expected, withDailyProfile + c.withDailyProfile(),
                    withBillingProfile + c.withBillingProfile(), heardFrom + c.heardFrom());
        }

        Row plus(Row o) {
            return new Row(code, level, parentCode, meters + o.meters, withBlockLoad + o.withBlockLoad, slots + o.slots,
                    expectedSlots + o.expectedSlots, withDailyProfile + o.withDailyProfile,
                    withBillingProfile + o.withBillingProfile, heardFrom + o.heardFrom);
        }

        /** Block-load slots received of those due so far, in percent (one decimal), 0 when none were due. */
        public double intervalPercent() {
            return percent(slots, expectedSlots);
        }

        public double dailyPercent() {
            return percent(withDailyProfile, meters);
        }

        public double billingPercent() {
            return percent(withBillingProfile, meters);
        }

        public int notHeardFrom() {
            return meters - heardFrom;
        }

        private static double percent(long part, long whole) {
            return whole == 0 ? 0 : Math.round(part * 1000.0 / whole) / 10.0;
        }
    }

    /** One day's completeness as of {@code computedAt}: the whole network, each feeder, each DT. */
    public record Snapshot(LocalDate day, Instant computedAt, Duration took, Instant billingAt, Row total,
                    Map<String, Row> feeders, Map<String, Row> dts) {

        /** Feeders, least complete first. */
        public List<Row> worstFeeders(int limit) {
            return worst(feeders.values(), limit);
        }

        /** The DTs of a feeder (all DTs when {@code feeder} is null), least complete first. */
        public List<Row> worstDts(String feeder, int limit) {
            return worst(dts.values().stream().filter(r -> feeder == null || feeder.equals(r.parentCode())).toList(),
                    limit);
        }

        private static List<Row> worst(java.util.Collection<Row> rows, int limit) {
            return rows.stream().sorted(Comparator.comparingDouble(Row::intervalPercent).thenComparing(Row::code))
                    .limit(limit).toList();
        }
    }

    private final NetworkRegistry network;
    private final CollectionHealth health;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration refresh;
    private final Duration silentAfter;
    private final Map<LocalDate, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<LocalDate, CompletableFuture<Snapshot>> running = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "operations-collection");
        t.setDaemon(true);
        return t;
    });

    CollectionSnapshots(NetworkRegistry network, CollectionHealth health, Clock clock,
                        @Value("${urja.operations.zone:Asia/Kolkata}") String zone,
                        @Value("${urja.operations.collection-refresh:PT5M}") Duration refresh,
                        @Value("${urja.operations.silent-after:PT24H}") Duration silentAfter) {
        this.network = network;
        this.health = health;
        this.clock = clock;
        this.zone = ZoneId.of(zone);
        this.refresh = refresh;
        this.silentAfter = silentAfter;
    }

    ZoneId zone() {
        return zone;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /**
     * The latest snapshot of the day, starting a new computation in the background when it is older than the refresh
     * period; the first time for a day, waits up to {@code wait} for it. Null while none is ready.
     */
    Snapshot latest(LocalDate day, Duration wait) {
        Snapshot s = snapshots.get(day);
        if (s == null || s.computedAt().plus(refresh).isBefore(clock.instant())) {
            CompletableFuture<Snapshot> f = running.computeIfAbsent(day, d -> CompletableFuture
                    .supplyAsync(() -> compute(d), worker)
                    .whenComplete((done, failed) -> {
                        running.remove(d);
                        if (done != null) {
                            snapshots.put(d, done);
                            if (snapshots.size() > 7) {
                                snapshots.keySet().stream().filter(k -> !k.equals(d)).min(Comparator.naturalOrder())
                                        .ifPresent(snapshots::remove);
                            }
                        } else {
                            log.warn("Collection snapshot of {} failed", d, failed);
                        }
                    }));
            if (s == null) {
                try {
                    return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } catch (java.util.concurrent.ExecutionException e) {
                    return null;
                }
            }
        }
        return s;
    }

    /** Walks every placed meter once and sums its day's collection into its DT (or feeder) and feeder. */
    Snapshot compute(LocalDate day) {
        Instant started = clock.instant();
        Instant dayStart = day.atStartOfDay(zone).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
        // Slots due: the whole day once it is over, else those elapsed so far.
        long dueMinutes = started.isBefore(dayStart) ? 0
                : Math.min(Duration.between(dayStart, started).toMinutes(), Duration.between(dayStart, dayEnd).toMinutes());
        Instant billingAt = day.withDayOfMonth(1).atStartOfDay(zone).toInstant();
        Instant heardSince = (started.isBefore(dayEnd) ? started : dayEnd).minus(silentAfter);
        Map<String, Row> nodes = new HashMap<>();
        Row total = Row.empty(null, null, null);
        String after = null;
        while (true) {
            List<NetworkRegistry.PlacedMeter> page = network.placedMeters(after, PAGE);
            if (page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1).meter().serialNo();
            List<String> serials = page.stream().map(p -> p.meter().serialNo()).toList();
            Map<String, MeterLocation> locations = network.locations(serials);
            List<String> inGroup = new ArrayList<>(serials.size());
            List<String> groups = new ArrayList<>(serials.size());
            Map<String, Long> expected = new HashMap<>();
            for (NetworkRegistry.PlacedMeter p : page) {
                MeterLocation l = locations.get(p.meter().serialNo());
                if (l == null || l.nodeCode() == null) {
                    continue;
                }
                inGroup.add(p.meter().serialNo());
                groups.add(l.nodeCode());
                expected.merge(l.nodeCode(), dueMinutes / Math.max(1, p.meter().intervalMinutes()), Long::sum);
                nodes.computeIfAbsent(l.nodeCode(), c -> Row.empty(c, l.nodeLevel(), l.parentCode()));
            }
            Map<String, GroupCounts> counts = health.countsByGroup(inGroup, groups, day, dayStart, billingAt, heardSince);
            for (GroupCounts c : counts.values()) {
                long due = expected.getOrDefault(c.group(), 0L);
                nodes.computeIfPresent(c.group(), (k, r) -> r.plus(c, due));
                total = total.plus(c, due);
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        Map<String, Row> dts = new HashMap<>();
        Map<String, Row> feeders = new HashMap<>();
        for (Row r : nodes.values()) {
            if (r.level() == NetworkLevel.DT) {
                dts.put(r.code(), r);
                if (r.parentCode() != null) {
                    feeders.merge(r.parentCode(), new Row(r.parentCode(), NetworkLevel.FEEDER, null, r.meters(),
                            r.withBlockLoad(), r.slots(), r.expectedSlots(), r.withDailyProfile(),
                            r.withBillingProfile(), r.heardFrom()), Row::plus);
                }
            } else if (r.level() == NetworkLevel.FEEDER) {
                feeders.merge(r.code(), new Row(r.code(), NetworkLevel.FEEDER, null, r.meters(), r.withBlockLoad(),
                        r.slots(), r.expectedSlots(), r.withDailyProfile(), r.withBillingProfile(), r.heardFrom()),
                        Row::plus);
            }
        }
        Instant done = clock.instant();
        return new Snapshot(day, done, Duration.between(started, done), billingAt, total, Map.copyOf(feeders),
                Map.copyOf(dts));
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}

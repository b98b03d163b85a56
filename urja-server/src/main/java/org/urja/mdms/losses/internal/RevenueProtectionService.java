package org.urja.mdms.losses.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.urja.mdms.event.DeviceEvent;
import org.urja.mdms.event.TamperHistory;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.MeterLocation;
import org.urja.mdms.network.MeterRole;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.workorder.EventWorkOrders;

/**
 * Revenue protection lists: tamper occurrences with their inspection work orders, meters repeating tampers (≥ N in M
 * days), zero consumption while the meter shows load (a day whose measured kWh are all zero while the meter's block-load
 * average current shows load for at least an hour), and abnormal drops (the daily average of the last M days below a
 * share of the daily average of the days before). Consumption rules read the interval data of the consumer meters
 * under a node in one pass each.
 */
@Service
class RevenueProtectionService {

    static final int MAX_METERS = 50_000;
    static final int MAX_LIST = 1000;

    /** Where a meter serves: its DT and consumer, for the lists. */
    record Site(String meterSerialNo, String dtCode, String consumerNo, String servicePointCode, String address) {
    }

    record TamperRow(long eventId, Site site, int code, String description, DeviceEvent.Severity severity,
                     Instant occurredAt, DeviceEvent.State state, Instant clearedAt, EventWorkOrders.Ref workOrder) {
    }

    record RepeatRow(Site site, int occurrences, List<Integer> codes, Instant firstAt, Instant lastAt) {
    }

    /**
     * A meter-day with zero measured kWh while the average current was at least {@code minCurrentA} in
     * {@code loadIntervals} intervals (the highest {@code maxCurrentA}).
     */
    record ZeroWithLoadRow(Site site, LocalDate day, int measuredIntervals, int loadIntervals, BigDecimal maxCurrentA) {
    }

    /** Daily averages (kWh per day with data) of the recent and the baseline windows; {@code changePercent} < 0: drop. */
    record DropRow(Site site, BigDecimal recentKwhPerDay, int recentDays, BigDecimal baselineKwhPerDay,
                   int baselineDays, BigDecimal changePercent) {
    }

    private final NetworkRegistry network;
    private final IntervalData data;
    private final TamperHistory tampers;
    private final EventWorkOrders workOrders;
    private final Clock clock;

    RevenueProtectionService(NetworkRegistry network, IntervalData data, TamperHistory tampers,
                             EventWorkOrders workOrders, Clock clock) {
        this.network = network;
        this.data = data;
        this.tampers = tampers;
        this.workOrders = workOrders;
        this.clock = clock;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(EnergyAuditService.IST));
    }

    /** Tamper occurrences of the last {@code days} days (under {@code node}, or anywhere), each with its work order. */
    List<TamperRow> tampers(String node, int days, int limit) {
        checkRange("days", days, 1, 366);
        checkRange("limit", limit, 1, MAX_LIST);
        Instant to = clock.instant();
        List<DeviceEvent> events = tampers.tamperOccurrences(to.minus(days, ChronoUnit.DAYS), to, scope(node), limit);
        Map<Long, EventWorkOrders.Ref> orders = workOrders.forEvents(events.stream().map(DeviceEvent::id).toList());
        Map<String, Site> sites = sites(events.stream().map(DeviceEvent::meterSerialNo).distinct().toList());
        return events.stream().map(e -> new TamperRow(e.id(), sites.getOrDefault(e.meterSerialNo(),
                        unplaced(e.meterSerialNo())), e.code(), e.description(), e.severity(), e.occurredAt(), e.state(),
                        e.kind() == DeviceEvent.Kind.OCCURRENCE ? e.partnerAt() : null, orders.get(e.id())))
                .toList();
    }

    /** Meters with at least {@code min} tamper occurrences in the last {@code days} days. */
    List<RepeatRow> repeatedTampers(String node, int days, int min) {
        checkRange("days", days, 1, 366);
        checkRange("min", min, 2, 1000);
        Instant to = clock.instant();
        List<TamperHistory.RepeatedTamper> found = tampers.repeatedTampers(to.minus(days, ChronoUnit.DAYS), to, min,
                scope(node), MAX_LIST);
        Map<String, Site> sites = sites(found.stream().map(TamperHistory.RepeatedTamper::meterSerialNo).toList());
        return found.stream().map(r -> new RepeatRow(sites.getOrDefault(r.meterSerialNo(), unplaced(r.meterSerialNo())),
                r.occurrences(), r.codes(), r.firstAt(), r.lastAt())).toList();
    }

    /**
     * Consumer meter-days of {@code [from, to]} under {@code node} whose measured (actual) kWh intervals are all zero —
     * at least half the day measured — while the meter's average current was at least {@code minCurrentA} in at least
     * an hour's worth of intervals.
     */
    List<ZeroWithLoadRow> zeroConsumptionWithLoad(String node, LocalDate from, LocalDate to, BigDecimal minCurrentA) {
        // the same rules as a 31-day interval query of consumption: both days given, in order, at most 31 days
        new org.urja.mdms.reading.Consumption.Query(Channel.KWH_IMPORT,
                org.urja.mdms.reading.Consumption.Granularity.INTERVAL, from, to);
        if (minCurrentA == null || minCurrentA.signum() <= 0) {
            throw ApiProblem.badRequest("minCurrentA", "minCurrentA must be positive");
        }
        List<Meter> meters = consumers(node);
        long threshold = minCurrentA.multiply(BigDecimal.valueOf(Channel.CURRENT_AVG.scale()))
                .setScale(0, RoundingMode.CEILING).longValueExact();
        record Day(String meter, LocalDate day) {
        }
        final class State {
            int measured = -1; // -1: no import data; else measured intervals, all zero so far
            boolean nonZero;
            int load;
            long maxCurrent;
            int minutes;
        }
        Map<Day, State> days = new HashMap<>();
        data.forEachCurrent(serials(meters), EnumSet.of(Channel.KWH_IMPORT, Channel.CURRENT_AVG), from, to,
                (DaySeries d) -> {
                    State s = days.computeIfAbsent(new Day(d.meterSerialNo(), d.day()), k -> new State());
                    s.minutes = d.intervalMinutes();
                    short[] f = d.flags();
                    long[] v = d.values();
                    if (d.channel() == Channel.KWH_IMPORT) {
                        int measured = 0;
                        for (int i = 0; i < f.length; i++) {
                            if (IntervalFlags.actual(f[i])) {
                                measured++;
                                s.nonZero |= v[i] != 0;
                            }
                        }
                        s.measured = measured;
                    } else {
                        for (int i = 0; i < f.length; i++) {
                            if (IntervalFlags.has(f[i], IntervalFlags.PRESENT) && v[i] >= threshold) {
                                s.load++;
                                s.maxCurrent = Math.max(s.maxCurrent, v[i]);
                            }
                        }
                    }
                });
        List<String> flagged = new ArrayList<>();
        List<Map.Entry<Day, State>> hits = new ArrayList<>();
        for (Map.Entry<Day, State> e : days.entrySet()) {
            State s = e.getValue();
            int slots = 1440 / s.minutes;
            if (s.measured >= slots / 2 && !s.nonZero && s.load >= 60 / s.minutes) {
                hits.add(e);
                flagged.add(e.getKey().meter());
            }
        }
        Map<String, Site> sites = sites(flagged);
        return hits.stream()
                .sorted(Comparator.comparing((Map.Entry<Day, State> e) -> e.getKey().day()).reversed()
                        .thenComparing(e -> e.getKey().meter()))
                .limit(MAX_LIST)
                .map(e -> new ZeroWithLoadRow(sites.getOrDefault(e.getKey().meter(), unplaced(e.getKey().meter())),
                        e.getKey().day(), e.getValue().measured, e.getValue().load,
                        BigDecimal.valueOf(e.getValue().maxCurrent, 2)))
                .toList();
    }

    /**
     * Consumer meters under {@code node} whose daily average over the {@code days} days up to {@code asOf} is below
     * {@code thresholdPercent} % of their daily average over the {@code baselineDays} days before, both windows at
     * least half covered by data and the baseline at least {@code minBaselineKwhPerDay}; largest drop first.
     */
    List<DropRow> consumptionDrops(String node, LocalDate asOf, int days, int baselineDays, int thresholdPercent,
                                   BigDecimal minBaselineKwhPerDay) {
        checkRange("days", days, 7, 90);
        checkRange("baselineDays", baselineDays, 7, 365);
        checkRange("thresholdPercent", thresholdPercent, 1, 99);
        if (asOf == null) {
            throw ApiProblem.badRequest("asOf", "asOf is required");
        }
        if (asOf.isAfter(today())) {
            throw ApiProblem.badRequest("asOf", "asOf " + asOf + " is in the future");
        }
        if (minBaselineKwhPerDay == null || minBaselineKwhPerDay.signum() < 0) {
            throw ApiProblem.badRequest("minBaselineKwhPerDay", "minBaselineKwhPerDay must not be negative");
        }
        List<Meter> meters = consumers(node);
        LocalDate recentFrom = asOf.minusDays(days - 1L);
        LocalDate baselineFrom = recentFrom.minusDays(baselineDays);
        final class Sums {
            long recentWh;
            int recentDays;
            long baselineWh;
            int baselineDays;
        }
        Map<String, Sums> sums = new HashMap<>();
        data.forEachCurrent(serials(meters), EnumSet.of(Channel.KWH_IMPORT), baselineFrom, asOf, (DaySeries d) -> {
            if (d.presentCount() == 0) {
                return;
            }
            long wh = 0;
            for (int i = 0; i < d.slots(); i++) {
                if (d.present(i)) {
                    wh += d.values()[i];
                }
            }
            Sums s = sums.computeIfAbsent(d.meterSerialNo(), k -> new Sums());
            if (d.day().isBefore(recentFrom)) {
                s.baselineWh += wh;
                s.baselineDays++;
            } else {
                s.recentWh += wh;
                s.recentDays++;
            }
        });
        long minBaselineWh = minBaselineKwhPerDay.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
        Map<String, DropRow> rows = new HashMap<>();
        for (Map.Entry<String, Sums> e : sums.entrySet()) {
            Sums s = e.getValue();
            if (s.recentDays * 2 < days || s.baselineDays * 2 < baselineDays) {
                continue;
            }
            // recent / recentDays < threshold% × baseline / baselineDays, in integers
            BigDecimal recentPerDay = BigDecimal.valueOf(s.recentWh).divide(BigDecimal.valueOf(s.recentDays * 1000L), 3,
                    RoundingMode.HALF_UP);
            BigDecimal baselinePerDay = BigDecimal.valueOf(s.baselineWh)
                    .divide(BigDecimal.valueOf(s.baselineDays * 1000L), 3, RoundingMode.HALF_UP);
            boolean enough = s.baselineWh >= minBaselineWh * s.baselineDays && s.baselineWh > 0;
            boolean drop = (long) s.recentWh * s.baselineDays * 100 < (long) thresholdPercent * s.baselineWh * s.recentDays;
            if (enough && drop) {
                BigDecimal change = BigDecimal.valueOf(s.recentWh * s.baselineDays - s.baselineWh * s.recentDays)
                        .multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(s.baselineWh * s.recentDays), 1, RoundingMode.HALF_UP);
                rows.put(e.getKey(), new DropRow(null, recentPerDay, s.recentDays, baselinePerDay, s.baselineDays, change));
            }
        }
        Map<String, Site> sites = sites(rows.keySet());
        return rows.entrySet().stream()
                .map(e -> new DropRow(sites.getOrDefault(e.getKey(), unplaced(e.getKey())), e.getValue().recentKwhPerDay(),
                        e.getValue().recentDays(), e.getValue().baselineKwhPerDay(), e.getValue().baselineDays(),
                        e.getValue().changePercent()))
                .sorted(Comparator.comparing(DropRow::changePercent).thenComparing(r -> r.site().meterSerialNo()))
                .limit(MAX_LIST).toList();
    }

    /** The meters placed under the node (null/blank: every meter, no filter). */
    private Collection<String> scope(String node) {
        if (node == null || node.isBlank()) {
            return null;
        }
        return serials(placedUnder(node.trim()));
    }

    private List<Meter> consumers(String node) {
        if (node == null || node.isBlank()) {
            throw ApiProblem.badRequest("node", "node is required (the code of a network node)");
        }
        return placedUnder(node.trim()).stream().filter(m -> m.role() == MeterRole.CONSUMER).toList();
    }

    private List<Meter> placedUnder(String node) {
        network.node(node).orElseThrow(() -> ApiProblem.notFound("node", "No network node " + node));
        List<Meter> meters = network.metersUnder(node, MAX_METERS + 1, 0);
        if (meters.size() > MAX_METERS) {
            throw ApiProblem.invalid("node", node + " has more than " + MAX_METERS + " meters; choose a lower node");
        }
        return meters;
    }

    private Map<String, Site> sites(Collection<String> serials) {
        Map<String, Site> out = new HashMap<>();
        for (MeterLocation l : network.locations(serials).values()) {
            out.put(l.meterSerialNo(), new Site(l.meterSerialNo(), l.nodeCode(), l.consumerNo(), l.servicePointCode(),
                    l.address()));
        }
        return out;
    }

    private static Site unplaced(String serial) {
        return new Site(serial, null, null, null, null);
    }

    private static List<String> serials(List<Meter> meters) {
        return meters.stream().map(Meter::serialNo).toList();
    }

    private static void checkRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw ApiProblem.badRequest(field, field + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}

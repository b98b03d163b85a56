package org.urja.mdms.losses.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.urja.mdms.losses.EnergyAudit;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.MeterLocation;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.NetworkNode;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;

/**
 * The energy audit, set-wise: the meters under the node in one query, where each is placed in a second, and the
 * current version of every meter's import and export days in one pass over the interval data (summed as they stream
 * by, never more than a day in memory), then grouped per DT or feeder.
 */
@Service
class EnergyAuditService implements EnergyAudit {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    /** The most meters one audit reads (a circle of a large utility is audited feeder by feeder). */
    static final int MAX_METERS = 200_000;

    private static final Logger log = LoggerFactory.getLogger(EnergyAuditService.class);

    private final NetworkRegistry network;
    private final IntervalData data;
    private final Clock clock;

    EnergyAuditService(NetworkRegistry network, IntervalData data, Clock clock) {
        this.network = network;
        this.data = data;
        this.clock = clock;
    }

    /** Today in IST. */
    LocalDate today() {
        return LocalDate.now(clock.withZone(IST));
    }

    /**
     * The period of a request: exactly one of {@code day} (yyyy-MM-dd) or {@code month} (yyyy-MM), not in the future.
     */
    Period period(String day, String month) {
        boolean hasDay = day != null && !day.isBlank();
        boolean hasMonth = month != null && !month.isBlank();
        if (hasDay == hasMonth) {
            throw ApiProblem.badRequest(hasDay ? "month" : "day", "give either day (yyyy-MM-dd) or month (yyyy-MM)");
        }
        LocalDate today = today();
        if (hasDay) {
            LocalDate d;
            try {
                d = LocalDate.parse(day.trim());
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("day", "day must be a date yyyy-MM-dd, not " + day);
            }
            if (d.isAfter(today)) {
                throw ApiProblem.badRequest("day", "day " + d + " is in the future");
            }
            return new Period(d, d, d.toString());
        }
        YearMonth m;
        try {
            m = YearMonth.parse(month.trim());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("month", "month must be yyyy-MM, not " + month);
        }
        if (m.atDay(1).isAfter(today)) {
            throw ApiProblem.badRequest("month", "month " + m + " is in the future");
        }
        return new Period(m.atDay(1), m.atEndOfMonth(), m.toString());
    }

    @Override
    public Report audit(Level level, String nodeCode, Period period) {
        Objects.requireNonNull(period, "period");
        if (level == null) {
            throw ApiProblem.badRequest("level", "level is required (DT or FEEDER)");
        }
        if (nodeCode == null || nodeCode.isBlank()) {
            throw ApiProblem.badRequest("node", "node is required (the code of a network node)");
        }
        NetworkNode node = network.node(nodeCode.trim())
                .orElseThrow(() -> ApiProblem.notFound("node", "No network node " + nodeCode));
        if (level == Level.FEEDER && node.level() == NetworkLevel.DT) {
            throw ApiProblem.invalid("level", node.code() + " is a DT: it has no feeders under it; audit level DT");
        }
        long t0 = System.nanoTime();
        List<Meter> meters = network.metersUnder(node.code(), MAX_METERS + 1, 0);
        if (meters.size() > MAX_METERS) {
            throw ApiProblem.invalid("node", node.code() + " has more than " + MAX_METERS + " meters; audit a lower node");
        }
        long t1 = System.nanoTime();
        Map<String, MeterLocation> where = network.locations(meters.stream().map(Meter::serialNo).toList());
        long t2 = System.nanoTime();
        Map<String, Totals> totals = totals(meters, period);
        if (log.isDebugEnabled()) {
            log.debug("Energy audit {} {} {}: {} meters; metersUnder {} ms, locations {} ms, interval data {} ms", level,
                    node.code(), period.label(), meters.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
        }

        Map<String, Group> groups = new LinkedHashMap<>();
        for (Meter m : meters) {
            MeterLocation loc = where.get(m.serialNo());
            if (loc == null) {
                continue;
            }
            String key;
            String parent;
            if (level == Level.DT) {
                if (loc.nodeLevel() != NetworkLevel.DT) {
                    continue; // a feeder boundary meter is not part of a DT's audit
                }
                key = loc.nodeCode();
                parent = loc.parentCode();
            } else {
                key = loc.nodeLevel() == NetworkLevel.FEEDER ? loc.nodeCode() : loc.parentCode();
                parent = null;
            }
            Group g = groups.computeIfAbsent(key, k -> new Group(k, parent));
            Totals t = totals.get(m.serialNo());
            switch (m.role()) {
                case CONSUMER -> g.consumers.add(t);
                case DT_BOUNDARY -> {
                    if (level == Level.DT) {
                        g.boundary.add(t);
                    } else {
                        g.dtBoundary.add(t);
                    }
                }
                case FEEDER_BOUNDARY -> {
                    if (level == Level.FEEDER) {
                        g.boundary.add(t);
                    }
                }
            }
        }

        List<NodeAudit> nodes = new ArrayList<>();
        for (Group g : groups.values()) {
            nodes.add(g.audit(level));
        }
        Comparator<NodeAudit> byLoss = Comparator.comparing(NodeAudit::lossPercent,
                Comparator.nullsLast(Comparator.naturalOrder()));
        nodes.sort(byLoss.thenComparing(NodeAudit::nodeCode));
        List<NodeAudit> ok = nodes.stream().filter(n -> n.status() == Status.OK).toList();
        List<NodeAudit> best = ok.stream().limit(RANKED).toList();
        List<NodeAudit> worst = new ArrayList<>(ok);
        java.util.Collections.reverse(worst);
        worst = List.copyOf(worst.subList(0, Math.min(RANKED, worst.size())));

        long inputWh = 0;
        long consumptionWh = 0;
        boolean anyInput = false;
        for (Group g : groups.values()) {
            if (g.hasInput()) {
                anyInput = true;
                inputWh += g.inputWh();
                consumptionWh += g.consumptionWh();
            }
        }
        BigDecimal totalInput = anyInput ? kwh(inputWh) : null;
        BigDecimal totalConsumption = anyInput ? kwh(consumptionWh) : null;
        BigDecimal totalLoss = anyInput ? kwh(inputWh - consumptionWh) : null;
        return new Report(level, node.code(), period, nodes, best, worst, totalInput, totalConsumption, totalLoss,
                anyInput ? percent(inputWh - consumptionWh, inputWh) : null);
    }

    /** Per meter: its import and export over the period and the quality of its import intervals. */
    private Map<String, Totals> totals(List<Meter> meters, Period period) {
        Map<String, Totals> out = new HashMap<>();
        LocalDateTime now = LocalDateTime.now(clock.withZone(IST));
        for (Meter m : meters) {
            out.put(m.serialNo(), new Totals(m, expected(m.intervalMinutes(), period, now)));
        }
        LocalDate to = period.to().isAfter(now.toLocalDate()) ? now.toLocalDate() : period.to();
        if (!meters.isEmpty() && !to.isBefore(period.from())) {
            data.forEachCurrent(out.keySet(), EnumSet.of(Channel.KWH_IMPORT, Channel.KWH_EXPORT), period.from(), to,
                    day -> {
                        Totals t = out.get(day.meterSerialNo());
                        if (t != null) {
                            t.add(day);
                        }
                    });
        }
        return out;
    }

    /** Intervals a meter should have recorded in the period: whole past days, today's ended intervals. */
    static long expected(int intervalMinutes, Period period, LocalDateTime now) {
        long expected = 0;
        LocalDate today = now.toLocalDate();
        for (LocalDate d = period.from(); !d.isAfter(period.to()) && !d.isAfter(today); d = d.plusDays(1)) {
            expected += d.isBefore(today) ? 1440 / intervalMinutes
                    : (now.getHour() * 60L + now.getMinute()) / intervalMinutes;
        }
        return expected;
    }

    static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh, 3);
    }

    /** part ÷ whole × 100, 2 decimals; null when whole is not positive. */
    static BigDecimal percent(long part, long whole) {
        if (whole <= 0) {
            return null;
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 2,
                RoundingMode.HALF_UP);
    }

    /** One meter's period, in stored units (Wh). */
    static final class Totals {
        final Meter meter;
        final long expected;
        long importWh;
        long exportWh;
        int present;
        int actual;
        int estimated;
        int edited;
        int exportPresent;
        int estimatedDays;

        Totals(Meter meter, long expected) {
            this.meter = meter;
            this.expected = expected;
        }

        void add(DaySeries day) {
            long sum = 0;
            int p = 0;
            int a = 0;
            int e = 0;
            int ed = 0;
            short[] flags = day.flags();
            long[] values = day.values();
            for (int i = 0; i < flags.length; i++) {
                short f = flags[i];
                if (!IntervalFlags.has(f, IntervalFlags.PRESENT)) {
                    continue;
                }
                p++;
                sum += values[i];
                if (IntervalFlags.has(f, IntervalFlags.EDITED)) {
                    ed++;
                } else if (IntervalFlags.has(f, IntervalFlags.ESTIMATED)) {
                    e++;
                } else {
                    a++;
                }
            }
            if (day.channel() == Channel.KWH_EXPORT) {
                exportWh += sum;
                exportPresent += p;
                return;
            }
            importWh += sum;
            present += p;
            actual += a;
            estimated += e;
            edited += ed;
            if (e + ed > 0) {
                estimatedDays++;
            }
        }

        long missing() {
            return Math.max(0, expected - present);
        }

        long netWh() {
            return importWh - exportWh;
        }

        boolean hasData() {
            return present > 0 || exportPresent > 0;
        }
    }

    /** The meters of one audited node. */
    private static final class Group {
        final String code;
        final String parent;
        final List<Totals> boundary = new ArrayList<>();
        final List<Totals> consumers = new ArrayList<>();
        final List<Totals> dtBoundary = new ArrayList<>();

        Group(String code, String parent) {
            this.code = code;
            this.parent = parent;
        }

        boolean hasInput() {
            return boundary.stream().anyMatch(Totals::hasData);
        }

        long inputWh() {
            return boundary.stream().mapToLong(Totals::netWh).sum();
        }

        long consumptionWh() {
            return consumers.stream().mapToLong(Totals::netWh).sum();
        }

        NodeAudit audit(Level level) {
            long importWh = consumers.stream().mapToLong(t -> t.importWh).sum();
            long exportWh = consumers.stream().mapToLong(t -> t.exportWh).sum();
            long consumption = importWh - exportWh;
            boolean hasInput = hasInput();
            long input = inputWh();
            Status status = boundary.isEmpty() ? Status.NO_BOUNDARY_METER
                    : !hasInput ? Status.NO_BOUNDARY_DATA
                    : input - consumption < 0 ? Status.NEGATIVE_LOSS : Status.OK;
            List<BoundaryMeter> boundaryMeters = boundary.stream().map(t -> new BoundaryMeter(t.meter.serialNo(),
                    t.meter.multiplier(), kwh(t.importWh), kwh(t.exportWh), kwh(t.netWh()), t.actual,
                    t.estimated + t.edited, (int) t.missing())).toList();
            BigDecimal dtInput = null;
            BigDecimal htLoss = null;
            BigDecimal htPercent = null;
            if (level == Level.FEEDER && dtBoundary.stream().anyMatch(Totals::hasData)) {
                long dt = dtBoundary.stream().mapToLong(Totals::netWh).sum();
                dtInput = kwh(dt);
                if (hasInput) {
                    htLoss = kwh(input - dt);
                    htPercent = percent(input - dt, input);
                }
            }
            return new NodeAudit(level, code, parent, status, boundaryMeters, hasInput ? kwh(input) : null,
                    kwh(importWh), kwh(exportWh), kwh(consumption), hasInput ? kwh(input - consumption) : null,
                    hasInput ? percent(input - consumption, input) : null,
                    (int) consumers.stream().filter(t -> t.exportWh > 0).count(), dtInput, htLoss, htPercent,
                    completeness());
        }

        private Completeness completeness() {
            long expected = 0;
            long actual = 0;
            long estimated = 0;
            long edited = 0;
            long missing = 0;
            int withData = 0;
            int allActual = 0;
            int estimatedDays = 0;
            List<String> missingMeters = new ArrayList<>();
            int missingCount = 0;
            for (Totals t : consumers) {
                expected += t.expected;
                actual += t.actual;
                estimated += t.estimated;
                edited += t.edited;
                missing += t.missing();
                estimatedDays += t.estimatedDays;
                if (t.hasData()) {
                    withData++;
                } else {
                    missingCount++;
                    if (missingMeters.size() < MISSING_LISTED) {
                        missingMeters.add(t.meter.serialNo());
                    }
                }
                if (t.expected > 0 && t.actual >= t.expected) {
                    allActual++;
                }
            }
            missingMeters.sort(null);
            return new Completeness(consumers.size(), withData, allActual, missingCount, missingMeters, expected,
                    actual, estimated, edited, missing, estimatedDays, percent(actual, expected),
                    percent(allActual, consumers.size()));
        }
    }
}

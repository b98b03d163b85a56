package org.urja.mdms.billing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.billing.Determinants;
import org.urja.mdms.billing.Determinants.Demand;
import org.urja.mdms.billing.Determinants.Energy;
import org.urja.mdms.billing.Determinants.Intervals;
import org.urja.mdms.billing.Determinants.MeterPart;
import org.urja.mdms.billing.Determinants.Quality;
import org.urja.mdms.billing.Determinants.Source;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.tariff.Charging;
import org.urja.mdms.tariff.Tariff;

/**
 * Billing determinants from a service point's meters (a pure computation): each meter's interval days are added to
 * its {@link MeterTotals} as they are read, with integer arithmetic in the stored units (Wh, VAh); then
 * {@link #determinants} combines the meters and their billing profiles into the issued figures and a verdict.
 */
final class DeterminantCalculator {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    /** Half or more of the intervals not measured makes the period ESTIMATED. */
    static final double ESTIMATED_SHARE = 0.5;
    /** The profile's maximum demand and the intervals' disagree when they differ by more than this share. */
    static final BigDecimal DEMAND_TOLERANCE = new BigDecimal("0.02");
    /** The register's advance and the intervals' energy disagree beyond this share (or 0.01 kWh). */
    static final BigDecimal ENERGY_TOLERANCE = new BigDecimal("0.01");

    private DeterminantCalculator() {
    }

    /** A billing period of a bill group: [start, end), IST days {@code firstDay..lastDay}. */
    record Period(String groupCode, YearMonth period, Instant start, Instant end) {

        static Period of(String groupCode, YearMonth period, int readDay) {
            return new Period(groupCode, period, period.atDay(readDay).atStartOfDay(IST).toInstant(),
                    period.plusMonths(1).atDay(readDay).atStartOfDay(IST).toInstant());
        }

        LocalDate firstDay() {
            return LocalDate.ofInstant(start, IST);
        }

        LocalDate lastDay() {
            return LocalDate.ofInstant(end.minusSeconds(1), IST);
        }
    }

    /** The tariff's ToD zones: index 0 is NORMAL, then the tariff's zones in order; none without a tariff. */
    record Zones(String tariffCategory, List<String> names, List<Tariff.TodZone> zones, boolean tariffKnown) {

        static Zones of(String category, Tariff tariff) {
            List<String> names = new ArrayList<>();
            names.add(Charging.NORMAL);
            List<Tariff.TodZone> zones = tariff == null ? List.of() : tariff.todZones();
            zones.forEach(z -> names.add(z.name()));
            return new Zones(category, List.copyOf(names), zones, tariff != null);
        }

        /** Zone index of each slot of a day of {@code minutes}-intervals, by the interval's start. */
        int[] ofSlots(int minutes) {
            int[] out = new int[1440 / minutes];
            for (int i = 0; i < out.length; i++) {
                LocalTime start = LocalTime.MIN.plusMinutes((long) i * minutes);
                for (int z = 0; z < zones.size(); z++) {
                    if (zones.get(z).contains(start)) {
                        out[i] = z + 1;
                        break;
                    }
                }
            }
            return out;
        }
    }

    /** A meter's installation at the service point, cut to the period. */
    record MeterWindow(String meterSerialNo, Instant from, Instant to, int intervalMinutes, BigDecimal multiplier,
                       int demandIntegrationMinutes) {

        LocalDate firstDay() {
            return LocalDate.ofInstant(from, IST);
        }

        LocalDate lastDay() {
            return LocalDate.ofInstant(to.minusSeconds(1), IST);
        }

        /** Intervals overlapping the window (an interval cut by an installation or removal counts). */
        int expected() {
            long len = intervalMinutes * 60L;
            long a = Math.floorDiv(from.getEpochSecond(), len);
            long b = -Math.floorDiv(-to.getEpochSecond(), len);
            return (int) (b - a);
        }
    }

    /** Running totals of one meter window, fed one stored day at a time. */
    static final class MeterTotals {

        final MeterWindow window;
        private final Zones zones;

        Zones zones() {
            return zones;
        }

        final long[] kwhWh;
        final long[] kvahVah;
        long exportWh;
        long exportVah;
        boolean anyKvah;
        boolean anyExport;
        int actual;
        int estimated;
        int edited;
        int failed;
        /** Bit d: the window's day d had an estimated or edited interval (a period is at most 31 days). */
        long estimatedDays;
        long maxKwW = -1;
        long maxKwAt;
        long maxKvaW = -1;
        long maxKvaAt;

        private final long firstDay;

        MeterTotals(MeterWindow window, Zones zones) {
            this.window = window;
            this.zones = zones;
            this.firstDay = window.firstDay().toEpochDay();
            kwhWh = new long[zones.names().size()];
            kvahVah = new long[zones.names().size()];
        }

        void add(DaySeries s, int[] zoneOfSlot) {
            long len = s.intervalMinutes() * 60L;
            long dayStart = s.day().atStartOfDay(IST).toEpochSecond();
            int n = s.slots();
            long from = window.from().getEpochSecond();
            long to = window.to().getEpochSecond();
            int first = (int) Math.max(0, Math.floorDiv(from - dayStart, len));
            int end = (int) Math.min(n, -Math.floorDiv(-(to - dayStart), len));
            if (first >= end) {
                return;
            }
            long[] v = s.values();
            short[] f = s.flags();
            switch (s.channel()) {
                case KWH_IMPORT -> {
                    boolean estimatedDay = false;
                    for (int i = first; i < end; i++) {
                        short flags = f[i];
                        if ((flags & IntervalFlags.PRESENT) == 0) {
                            continue;
                        }
                        kwhWh[zoneOfSlot[i]] += v[i];
                        if ((flags & IntervalFlags.EDITED) != 0) {
                            edited++;
                            estimatedDay = true;
                        } else if ((flags & IntervalFlags.ESTIMATED) != 0) {
                            estimated++;
                            estimatedDay = true;
                        } else {
                            actual++;
                        }
                        if ((flags & IntervalFlags.FAILED_VALIDATION) != 0) {
                            failed++;
                        }
                    }
                    if (estimatedDay) {
                        estimatedDays |= 1L << (s.day().toEpochDay() - firstDay);
                    }
                    long w = maxDemand(v, f, first, end, s.intervalMinutes());
                    if (w > maxKwW || w == maxKwW && w >= 0 && dayStart + demandSlot * len < maxKwAt) {
                        maxKwW = w;
                        maxKwAt = dayStart + demandSlot * len;
                    }
                }
                case KVAH_IMPORT -> {
                    for (int i = first; i < end; i++) {
                        if ((f[i] & IntervalFlags.PRESENT) != 0) {
                            kvahVah[zoneOfSlot[i]] += v[i];
                            anyKvah = true;
                        }
                    }
                    long w = maxDemand(v, f, first, end, s.intervalMinutes());
                    if (w > maxKvaW || w == maxKvaW && w >= 0 && dayStart + demandSlot * len < maxKvaAt) {
                        maxKvaW = w;
                        maxKvaAt = dayStart + demandSlot * len;
                    }
                }
                case KWH_EXPORT -> {
                    anyExport = true;
                    exportWh += sum(v, f, first, end);
                }
                case KVAH_EXPORT -> {
                    anyExport = true;
                    exportVah += sum(v, f, first, end);
                }
                default -> {
                }
            }
        }

        /** First slot of the demand integration period {@link #maxDemand} found. */
        private int demandSlot;

        /**
         * The highest average demand (W, i.e. milli-kW) over the demand integration periods of the day, aligned to
         * IST midnight, counting the slots in {@code [first, end)} (-1 if none has a value); its first slot is left in
         * {@link #demandSlot}. Truncated to the watt, as meters do.
         */
        private long maxDemand(long[] v, short[] f, int first, int end, int minutes) {
            int dip = Math.max(window.demandIntegrationMinutes(), minutes);
            int perBlock = Math.max(1, dip / minutes);
            long best = -1;
            for (int block = first / perBlock * perBlock; block < end; block += perBlock) {
                long energy = 0;
                boolean any = false;
                for (int i = Math.max(block, first); i < Math.min(block + perBlock, end); i++) {
                    if ((f[i] & IntervalFlags.PRESENT) != 0) {
                        energy += v[i];
                        any = true;
                    }
                }
                long watts = energy * 60 / dip;
                if (any && watts > best) {
                    best = watts;
                    demandSlot = block;
                }
            }
            return best;
        }

        private static long sum(long[] v, short[] f, int first, int end) {
            long total = 0;
            for (int i = first; i < end; i++) {
                if ((f[i] & IntervalFlags.PRESENT) != 0) {
                    total += v[i];
                }
            }
            return total;
        }

        long kwhTotal() {
            long t = 0;
            for (long x : kwhWh) {
                t += x;
            }
            return t;
        }

        long kvahTotal() {
            long t = 0;
            for (long x : kvahVah) {
                t += x;
            }
            return t;
        }

        Demand intervalMaxDemandKw() {
            return maxKwW < 0 ? null : new Demand(BigDecimal.valueOf(maxKwW, 3), Instant.ofEpochSecond(maxKwAt),
                    Source.INTERVALS);
        }

        Demand intervalMaxDemandKva() {
            return maxKvaW < 0 ? null : new Demand(BigDecimal.valueOf(maxKvaW, 3), Instant.ofEpochSecond(maxKvaAt),
                    Source.INTERVALS);
        }
    }

    /** What a service point is made of: its consumer, tariff zones and meters in installation order. */
    record ServicePointInput(String servicePointCode, String consumerNo, Zones zones, List<MeterTotals> meters) {
    }

    /**
     * The determinants of a service point from its meters' totals and the registers each meter's billing profile froze
     * at the period end ({@code profiles}: reading type → reading) and its registers at the period start.
     */
    static Determinants determinants(Period p, ServicePointInput in, Map<String, Map<String, Reading>> profiles,
                                     Map<String, Map<String, Reading>> atStart, Instant computedAt) {
        int zoneCount = in.zones().names().size();
        long[] kwh = new long[zoneCount];
        long[] kvah = new long[zoneCount];
        long exportWh = 0;
        long exportVah = 0;
        boolean netMetered = false;
        boolean allKvah = !in.meters().isEmpty();
        int expected = 0;
        int actual = 0;
        int estimated = 0;
        int edited = 0;
        int failed = 0;
        long estimatedDays = 0;
        Demand md = null;
        Demand mdKva = null;
        Demand intervalMd = null;
        Demand intervalMdKva = null;
        BigDecimal profilePf = null;
        List<MeterPart> parts = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<String> checks = new ArrayList<>();
        long periodFirstDay = p.firstDay().toEpochDay();
        for (MeterTotals m : in.meters()) {
            MeterWindow w = m.window;
            for (int z = 0; z < zoneCount; z++) {
                kwh[z] += m.kwhWh[z];
                kvah[z] += m.kvahVah[z];
            }
            exportWh += m.exportWh;
            exportVah += m.exportVah;
            netMetered |= m.anyExport;
            allKvah &= m.anyKvah;
            expected += w.expected();
            actual += m.actual;
            estimated += m.estimated;
            edited += m.edited;
            failed += m.failed;
            estimatedDays |= m.estimatedDays << (w.firstDay().toEpochDay() - periodFirstDay);
            Demand meterMd = m.intervalMaxDemandKw();
            Demand meterMdKva = m.intervalMaxDemandKva();
            intervalMd = higher(intervalMd, meterMd);
            intervalMdKva = higher(intervalMdKva, meterMdKva);

            Determinants.BillingProfile profile = null;
            Map<String, Reading> registers = w.to().equals(p.end()) ? profiles.get(w.meterSerialNo()) : null;
            if (registers != null && isBillingProfile(registers)) {
                Map<String, Reading> start = w.from().equals(p.start()) ? atStart.get(w.meterSerialNo()) : null;
                profile = profile(p.end(), registers, start);
                if (profile.maxDemandKw() != null) {
                    meterMd = profile.maxDemandKw();
                    compareDemand(checks, w.meterSerialNo(), "kW", profile.maxDemandKw(), m.intervalMaxDemandKw());
                }
                if (profile.maxDemandKva() != null) {
                    meterMdKva = profile.maxDemandKva();
                    compareDemand(checks, w.meterSerialNo(), "kVA", profile.maxDemandKva(), m.intervalMaxDemandKva());
                }
                profilePf = profile.averagePowerFactor();
                compareEnergy(checks, w.meterSerialNo(), profile, m.kwhTotal());
            } else if (w.to().equals(p.end())) {
                reasons.add("maximum demand of meter " + w.meterSerialNo() + " from its intervals: no billing profile at "
                        + p.end().atOffset(IST).toLocalDateTime());
            }
            md = higher(md, meterMd);
            mdKva = higher(mdKva, meterMdKva);
            parts.add(new MeterPart(w.meterSerialNo(), w.from(), w.to(), w.intervalMinutes(),
                    Math.max(w.demandIntegrationMinutes(), w.intervalMinutes()), w.multiplier(), kwh(m.kwhTotal()),
                    m.anyKvah ? kwh(m.kvahTotal()) : null, m.anyExport ? kwh(m.exportWh) : null,
                    m.intervalMaxDemandKw(), profile));
        }
        if (in.meters().size() > 1) {
            StringBuilder b = new StringBuilder("meters summed, each over its installation:");
            for (MeterTotals m : in.meters()) {
                b.append(' ').append(m.window.meterSerialNo()).append(" (").append(local(m.window.from())).append(" to ")
                        .append(local(m.window.to())).append(')');
            }
            reasons.add(b.toString());
        }
        long kwhTotal = 0;
        long kvahTotal = 0;
        Map<String, BigDecimal> kwhByZone = new LinkedHashMap<>();
        Map<String, BigDecimal> kvahByZone = new LinkedHashMap<>();
        for (int z = 0; z < zoneCount; z++) {
            kwhTotal += kwh[z];
            kvahTotal += kvah[z];
            kwhByZone.put(in.zones().names().get(z), kwh(kwh[z]));
            kvahByZone.put(in.zones().names().get(z), kwh(kvah[z]));
        }
        BigDecimal pf = kvahTotal > 0 && allKvah
                ? BigDecimal.valueOf(kwhTotal).divide(BigDecimal.valueOf(kvahTotal), 3, RoundingMode.HALF_UP)
                : in.meters().size() == 1 ? profilePf : null;
        if (!allKvah && !in.meters().isEmpty()) {
            reasons.add("no kVAh interval data from every meter: kVAh and power factor incomplete");
        }

        int missing = Math.max(0, expected - actual - estimated - edited);
        Quality quality;
        if (expected == 0) {
            quality = Quality.INCOMPLETE;
            reasons.add(0, "no meter installed at the service point during the period");
        } else if (missing > 0) {
            quality = Quality.INCOMPLETE;
            reasons.add(0, missing + " of " + expected + " intervals have no value");
        } else if (estimated + edited >= ESTIMATED_SHARE * expected) {
            quality = Quality.ESTIMATED;
        } else if (estimated + edited > 0) {
            quality = Quality.PARTLY_ESTIMATED;
        } else {
            quality = Quality.ACTUAL;
        }
        if (estimated > 0) {
            reasons.add(estimated + " intervals estimated by VEE");
        }
        if (edited > 0) {
            reasons.add(edited + " intervals edited by staff");
        }
        if (Long.bitCount(estimatedDays) > 0) {
            reasons.add(Long.bitCount(estimatedDays) + " days with estimated or edited intervals");
        }
        if (failed > 0) {
            reasons.add(failed + " intervals failed validation (see the VEE findings)");
        }
        if (!in.zones().tariffKnown()) {
            checks.add("no tariff of category " + in.zones().tariffCategory() + " in force on " + p.firstDay()
                    + ": ToD zones unknown, all energy counted as " + Charging.NORMAL);
        }
        BigDecimal multiplier = in.meters().isEmpty() ? null
                : in.meters().get(in.meters().size() - 1).window.multiplier();
        return new Determinants(in.servicePointCode(), in.consumerNo(), p.groupCode(), p.period(), p.start(), p.end(),
                0, false, computedAt, in.zones().tariffCategory(), new Energy(kwh(kwhTotal), kwhByZone),
                new Energy(kwh(kvahTotal), kvahByZone), kwh(exportWh), kwh(exportVah), netMetered, md, mdKva,
                intervalMd, intervalMdKva, pf, new Intervals(expected, actual, estimated, edited, missing, failed),
                Long.bitCount(estimatedDays), multiplier, parts, quality, reasons, checks);
    }

    /** Registers that only a billing profile carries (a midnight snapshot has the cumulative ones too). */
    static boolean isBillingProfile(Map<String, Reading> registers) {
        return registers.containsKey(ReadingTypes.REGISTER_KW_MAX_DEMAND)
                || registers.containsKey(ReadingTypes.REGISTER_KVA_MAX_DEMAND)
                || registers.containsKey(ReadingTypes.REGISTER_PF_AVERAGE)
                || registers.containsKey(ReadingTypes.registerKWhImportTod(1));
    }

    private static Determinants.BillingProfile profile(Instant at, Map<String, Reading> r, Map<String, Reading> start) {
        Map<String, BigDecimal> tod = new LinkedHashMap<>();
        for (int z = 1; z <= 8; z++) {
            Reading t = r.get(ReadingTypes.registerKWhImportTod(z));
            if (t != null) {
                tod.put("tz" + z, t.value());
            }
        }
        return new Determinants.BillingProfile(at, value(r, ReadingTypes.REGISTER_KWH_IMPORT),
                value(r, ReadingTypes.REGISTER_KVAH_IMPORT), value(r, ReadingTypes.REGISTER_KWH_EXPORT),
                value(r, ReadingTypes.REGISTER_KVAH_EXPORT),
                start == null ? null : value(start, ReadingTypes.REGISTER_KWH_IMPORT), tod,
                demand(r.get(ReadingTypes.REGISTER_KW_MAX_DEMAND)), demand(r.get(ReadingTypes.REGISTER_KVA_MAX_DEMAND)),
                value(r, ReadingTypes.REGISTER_PF_AVERAGE));
    }

    private static BigDecimal value(Map<String, Reading> r, String type) {
        Reading reading = r.get(type);
        return reading == null ? null : reading.value().stripTrailingZeros();
    }

    private static Demand demand(Reading r) {
        return r == null ? null : new Demand(r.value().stripTrailingZeros(), r.occurredAt(), Source.BILLING_PROFILE);
    }

    private static void compareDemand(List<String> checks, String meter, String unit, Demand profile, Demand intervals) {
        if (intervals == null) {
            return;
        }
        BigDecimal diff = profile.value().subtract(intervals.value()).abs();
        if (diff.compareTo(profile.value().abs().multiply(DEMAND_TOLERANCE)) > 0) {
            checks.add("maximum demand of meter " + meter + ": billing profile " + profile.value().toPlainString() + " "
                    + unit + (profile.at() == null ? "" : " at " + local(profile.at())) + ", intervals "
                    + intervals.value().toPlainString() + " " + unit + " at " + local(intervals.at()));
        }
    }

    private static void compareEnergy(List<String> checks, String meter, Determinants.BillingProfile profile, long wh) {
        if (profile.kwhImport() == null || profile.kwhImportAtPeriodStart() == null) {
            return;
        }
        BigDecimal advance = profile.kwhImport().subtract(profile.kwhImportAtPeriodStart());
        BigDecimal intervals = kwh(wh);
        BigDecimal tolerance = advance.abs().multiply(ENERGY_TOLERANCE).max(new BigDecimal("0.01"));
        if (advance.subtract(intervals).abs().compareTo(tolerance) > 0) {
            checks.add("energy of meter " + meter + ": register.kWh.import advanced " + advance.toPlainString()
                    + " kWh over the period, its intervals hold " + intervals.toPlainString() + " kWh");
        }
    }

    private static Demand higher(Demand a, Demand b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.value().compareTo(a.value()) > 0 ? b : a;
    }

    static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh, 3);
    }

    private static String local(Instant t) {
        return t.atOffset(IST).toLocalDateTime().toString();
    }
}

package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The physical model of one meter: constants drawn once from (seed, serial), the plan of each IST day (level,
 * anomalies, outage, tamper and voltage episodes) and the block-load intervals of a day in integer milli-units.
 * It holds no mutable state: the command-driven relay state and capture period come in as timelines.
 */
final class MeterModel {

    /** Length of the model's base slot; 30-minute intervals are made of two slots. */
    private static final int SLOT_SECONDS = 900;
    /** Share of intervals a miss-group meter leaves out of its first read. */
    private static final double MISSED_INTERVAL_SHARE = 0.03;
    private static final int SLOTS_PER_DAY = 96;
    private static final double SPIKE_DAY_SHARE = 1.0 / 200;
    private static final double ZERO_DAY_SHARE = 1.0 / 300;
    private static final double NET_METERED_SHARE = 0.05;
    private static final double TAMPER_DAY_SHARE = 0.15;
    private static final double OVER_VOLTAGE_DAY_SHARE = 0.01;
    private static final double LOW_VOLTAGE_DAY_SHARE = 0.02;
    private static final double EXPORT_POWER_FACTOR = 0.99;
    private static final double NOMINAL_VOLTS = 230;
    /** Solar plant output (per kWp, per 15-minute slot, at the midday peak) after inverter and soiling losses. */
    private static final double SOLAR_KWH_PER_KWP_SLOT = 0.8 * 0.25;
    private static final int COVER_OPEN = 251;
    private static final int VERY_LOW_PF = 205;

    final MeterSpec spec;
    /** First epoch second at or after commissioning. */
    final long commissionedSecond;
    final LocalDate commissioningDay;
    /** Mean daily energy in kWh before season, day type and noise. */
    final double dailyBaseKwh;
    /** Typical power factor of the installation. */
    final double powerFactor;
    /** Installed solar capacity in kWp; zero unless net metered. */
    final double solarKwp;
    /** Clock drift in seconds per day; zero unless in the drift or faulty-RTC group. */
    final double driftSecondsPerDay;
    final boolean silent;
    final boolean missesIntervals;
    final boolean sendsDuplicates;
    final boolean tamperProne;
    /** Registers at commissioning. */
    final Totals opening;
    final String initialFirmware;
    /** Balance at commissioning in rupees (zero for postpaid meters). */
    final BigDecimal initialCredit;

    private final ConsumerClass consumerClass;
    private final int phases;
    private final double nominalVolts;
    private final double multiplier;
    /** The multiplier as a long when it is integral, else 0. */
    private final long integralMultiplier;
    private final double outageShare;
    private final double lateShare;
    private final double commandFailureRate;
    private final long noiseKey;
    private final long pfKey;
    private final long voltKey;
    private final long instantVoltKey;
    private final long frequencyKey;
    private final long currentKey;
    private final long dayKey;
    private final long spikeKey;
    private final long zeroKey;
    private final long outageKey;
    private final long outageDetailKey;
    private final long tamperKey;
    private final long tamperDetailKey;
    private final long voltageEventKey;
    private final long lateKey;
    private final long missKey;
    private final long commandKey;

    MeterModel(long seed, MeterSpec spec, FaultProfile faults) {
        this.spec = spec;
        String serial = spec.serialNo();
        long key = Hashing.meterKey(seed, serial);
        commissionedSecond = Ist.ceilSecond(spec.commissionedAt());
        commissioningDay = Ist.dayOf(spec.commissionedAt());
        consumerClass = spec.consumerClass();
        phases = spec.category().phases();
        multiplier = spec.multiplier().doubleValue();
        integralMultiplier = spec.multiplier().stripTrailingZeros().scale() <= 0
                ? spec.multiplier().longValueExact() : 0;
        dailyBaseKwh = dailyBaseKwh(seed, serial, spec.category(), consumerClass);

        SplittableRandom r = Hashing.random(key, Hashing.of("constants"));
        double minPf = LoadShape.minPowerFactor(consumerClass);
        powerFactor = minPf + (LoadShape.maxPowerFactor(consumerClass) - minPf) * r.nextDouble();
        nominalVolts = NOMINAL_VOLTS * (0.975 + 0.05 * r.nextDouble());
        boolean netMetered = consumerClass == ConsumerClass.RESIDENTIAL && r.nextDouble() < NET_METERED_SHARE;
        double kwp = 1 + 4 * r.nextDouble();
        solarKwp = netMetered ? kwp : 0;
        double drift = 2 + 6 * r.nextDouble();
        driftSecondsPerDay = FaultProfile.inGroup(seed, serial, "faulty-rtc", faults.faultyRtcShare()) ? 20 * drift
                : FaultProfile.inGroup(seed, serial, "clock-drift", faults.clockDriftShare()) ? drift : 0;
        double daysInService = 200 + 1300 * r.nextDouble();
        initialFirmware = "1." + (2 + r.nextInt(3)) + "." + r.nextInt(10);
        BigDecimal credit = BigDecimal.valueOf(20_000 + r.nextInt(180_001), 2);
        initialCredit = spec.paymentMode() == PaymentMode.PREPAID ? credit : BigDecimal.ZERO.setScale(2);

        silent = FaultProfile.inGroup(seed, serial, "silent", faults.silentShare());
        missesIntervals = FaultProfile.inGroup(seed, serial, "miss-interval", faults.missIntervalShare());
        sendsDuplicates = FaultProfile.inGroup(seed, serial, "duplicates", faults.duplicateShare());
        tamperProne = FaultProfile.inGroup(seed, serial, "tamper", faults.tamperShare());
        outageShare = faults.outageShare();
        lateShare = faults.lateShare();
        commandFailureRate = faults.commandFailureRate();

        long kWhSecondary = Math.round(dailyBaseKwh * daysInService * 1000 / multiplier);
        long exported = Math.round(solarKwp * 1.5 * daysInService * 1000);
        opening = new Totals(primary(kWhSecondary), primary(Math.round(kWhSecondary / powerFactor)), exported,
                Math.round(exported / EXPORT_POWER_FACTOR));

        noiseKey = Hashing.combine(key, Hashing.of("noise"));
        pfKey = Hashing.combine(key, Hashing.of("power-factor"));
        voltKey = Hashing.combine(key, Hashing.of("voltage"));
        instantVoltKey = Hashing.combine(key, Hashing.of("instant-voltage"));
        frequencyKey = Hashing.combine(key, Hashing.of("frequency"));
        currentKey = Hashing.combine(key, Hashing.of("phase-current"));
        dayKey = Hashing.combine(key, Hashing.of("day"));
        spikeKey = Hashing.combine(key, Hashing.of("spike"));
        zeroKey = Hashing.combine(key, Hashing.of("zero-day"));
        outageKey = Hashing.combine(key, Hashing.of("outage"));
        outageDetailKey = Hashing.combine(key, Hashing.of("outage-window"));
        tamperKey = Hashing.combine(key, Hashing.of("tamper-day"));
        tamperDetailKey = Hashing.combine(key, Hashing.of("tamper-episode"));
        voltageEventKey = Hashing.combine(key, Hashing.of("voltage-event"));
        lateKey = Hashing.combine(key, Hashing.of("late"));
        missKey = Hashing.combine(key, Hashing.of("missed-interval"));
        commandKey = Hashing.combine(key, Hashing.of("command"));
    }

    /** The mean daily energy the model gives a meter; {@link Fleet#generate} sizes sanctioned loads from it. */
    static double dailyBaseKwh(long seed, String serialNo, MeterCategory category, ConsumerClass consumerClass) {
        return LoadShape.dailyBaseKwh(consumerClass, category, Hashing.unit(seed, serialNo, "daily-base"));
    }

    /** Whether the meter answers late on the day. */
    boolean answersLate(LocalDate day) {
        return Hashing.unit(lateKey, day.toEpochDay()) < lateShare;
    }

    /** Whether the interval starting at the epoch second is left out of a first read. */
    boolean missesInterval(long intervalStart) {
        return missesIntervals && Hashing.unit(missKey, intervalStart) < MISSED_INTERVAL_SHARE;
    }

    /** Whether the meter leaves the named command sent at {@code at} unanswered. */
    boolean dropsCommand(String command, Instant at) {
        return silent || Hashing.unit(Hashing.combine(commandKey, Hashing.of(command)), at.toEpochMilli())
                < commandFailureRate;
    }

    /** The plan of an IST day. */
    DayPlan plan(LocalDate day) {
        long d = day.toEpochDay();
        SplittableRandom r = Hashing.random(dayKey, d);
        double dayFactor = 0.9 + 0.2 * r.nextDouble();
        double solarFactor = 0.5 + 0.5 * r.nextDouble();
        int spikeSlot = r.nextInt(SLOTS_PER_DAY);
        double spikeFactor = 8 + 2 * r.nextDouble();
        boolean spike = Hashing.unit(spikeKey, d) < SPIKE_DAY_SHARE;
        boolean zeroDay = Hashing.unit(zeroKey, d) < ZERO_DAY_SHARE;
        double dayKwh = zeroDay ? 0 : dailyBaseKwh * LoadShape.season(consumerClass, day.getMonth())
                * LoadShape.dayType(consumerClass, day.getDayOfWeek()) * dayFactor;
        double solarPeakKwh = solarKwp * SOLAR_KWH_PER_KWP_SLOT * solarFactor * LoadShape.solarSeason(day.getMonth());
        Window outage = outage(day);
        return new DayPlan(Ist.startSecond(day), dayKwh, spike ? spikeSlot : -1, spikeFactor, solarPeakKwh, outage,
                tamper(day, outage), voltageEvent(day, outage));
    }

    /** The supply outage of the day, if any (never before commissioning). */
    Window outage(LocalDate day) {
        long d = day.toEpochDay();
        if (!(Hashing.unit(outageKey, d) < outageShare)) {
            return null;
        }
        Window w = Window.random(Hashing.random(outageDetailKey, d), Ist.startSecond(day), 30, 360);
        return w.start() >= commissionedSecond ? w : null;
    }

    /** The tamper episode of the day, if any. */
    Episode tamper(LocalDate day) {
        return tamper(day, outage(day));
    }

    /** The block-load intervals of an IST day from commissioning on, under the given relay and capture timelines. */
    List<RawInterval> intervals(LocalDate day, Timeline<Boolean> relay, Timeline<Integer> capture) {
        List<RawInterval> out = new ArrayList<>(SLOTS_PER_DAY);
        forEachInterval(day, relay, capture, (plan, e) -> out.add(raw(plan, e)));
        return out;
    }

    /**
     * Visits the energy of each interval of the day from commissioning on, in time order, without building
     * intervals. The {@link Energy} passed is a scratch, valid only during the call.
     */
    void forEachEnergy(LocalDate day, Timeline<Boolean> relay, Timeline<Integer> capture, Consumer<Energy> visitor) {
        forEachInterval(day, relay, capture, (plan, e) -> visitor.accept(e));
    }

    /** Sum of the day's intervals that end at or before the epoch second, without building the intervals. */
    Totals totals(LocalDate day, Timeline<Boolean> relay, Timeline<Integer> capture, long endingBy) {
        long[] sum = new long[4];
        forEachEnergy(day, relay, capture, e -> {
            if (e.start + e.minutes * 60L <= endingBy) {
                sum[0] += e.kWh;
                sum[1] += e.kVAh;
                sum[2] += e.kWhExport;
                sum[3] += e.kVAhExport;
            }
        });
        return new Totals(sum[0], sum[1], sum[2], sum[3]);
    }

    /** Voltage of a phase (0 = R) at an epoch second: 230 V ±6 % normally, the episode level, or 0 in an outage. */
    double volts(long second, int phase, DayPlan plan) {
        if (plan.outage() != null && plan.outage().contains(second)) {
            return 0;
        }
        double u = Hashing.unit(instantVoltKey, Hashing.combine(second / 60, phase));
        Episode e = plan.voltage();
        if (e != null && e.window().contains(second)) {
            return e.level() * (1 + (u - 0.5) * 0.01);
        }
        return nominalVolts * (1 - LoadShape.voltageDip(Ist.hourOf(second))) * (1 + (u - 0.5) * 0.03);
    }

    /** Current of a phase in A for an active power drawn at a voltage; three-phase loads are ±5 % unbalanced. */
    double amps(long second, int phase, double kw, double pf, double volts) {
        if (kw == 0 || volts == 0) {
            return 0;
        }
        double share = phases == 1 ? 1
                : (1 + (Hashing.unit(currentKey, Hashing.combine(second / 60, phase)) - 0.5) * 0.1) / phases;
        return kw * 1000 * share / (volts * pf);
    }

    /** Grid frequency at an epoch second, 49.90–50.05 Hz. */
    double frequencyHz(long second) {
        return 49.90 + 0.15 * Hashing.unit(frequencyKey, second / 60);
    }

    /** The day's power-failure, tamper and voltage events. */
    void addEvents(DayPlan plan, List<MeterEvent> out) {
        String serial = spec.serialNo();
        if (plan.outage() != null) {
            out.add(MeterEvent.of(serial, Instant.ofEpochSecond(plan.outage().start()), 101));
            out.add(MeterEvent.of(serial, Instant.ofEpochSecond(plan.outage().end()), 102));
        }
        for (Episode e : new Episode[] {plan.tamper(), plan.voltage()}) {
            if (e != null) {
                out.add(MeterEvent.of(serial, Instant.ofEpochSecond(e.window().start()), e.code()));
                if (e.code() != COVER_OPEN) {
                    out.add(MeterEvent.of(serial, Instant.ofEpochSecond(e.window().end()), e.code() + 1));
                }
            }
        }
    }

    private Episode tamper(LocalDate day, Window outage) {
        long d = day.toEpochDay();
        if (!tamperProne || !(Hashing.unit(tamperKey, d) < TAMPER_DAY_SHARE)) {
            return null;
        }
        SplittableRandom r = Hashing.random(tamperDetailKey, d);
        double kind = r.nextDouble();
        int code = kind < 0.4 ? 201 : kind < 0.7 ? 203 : kind < 0.95 ? VERY_LOW_PF : COVER_OPEN;
        Window w = Window.random(r, Ist.startSecond(day), 15, 240);
        if (code == COVER_OPEN) {
            w = new Window(w.start(), w.start() + 1);
        }
        return admissible(w, outage) ? new Episode(code, w, 0.35 + 0.15 * r.nextDouble()) : null;
    }

    private Episode voltageEvent(LocalDate day, Window outage) {
        SplittableRandom r = Hashing.random(voltageEventKey, day.toEpochDay());
        double u = r.nextDouble();
        if (u >= OVER_VOLTAGE_DAY_SHARE + LOW_VOLTAGE_DAY_SHARE) {
            return null;
        }
        boolean over = u < OVER_VOLTAGE_DAY_SHARE;
        Window w = Window.random(r, Ist.startSecond(day), 5, 90);
        double level = over ? 256 + 6 * r.nextDouble() : 188 + 8 * r.nextDouble();
        return admissible(w, outage) ? new Episode(over ? 7 : 9, w, level) : null;
    }

    /** An episode counts if it starts after commissioning and does not meet the day's outage. */
    private boolean admissible(Window w, Window outage) {
        return w.start() >= commissionedSecond && (outage == null || outage.overlap(w.start(), w.end()) == 0);
    }

    /** Computes each interval of the day from commissioning on into one scratch and visits it with the plan. */
    private void forEachInterval(LocalDate day, Timeline<Boolean> relay, Timeline<Integer> capture,
                                 BiConsumer<DayPlan, Energy> visitor) {
        long dayStart = Ist.startSecond(day);
        long dayEnd = dayStart + Ist.DAY_SECONDS;
        if (dayEnd <= commissionedSecond) {
            return;
        }
        DayPlan plan = plan(day);
        Energy e = new Energy();
        long start = dayStart;
        while (start < dayEnd) {
            int minutes = capture.isConstant() ? capture.latest() : capture.at(Instant.ofEpochSecond(start));
            if (start >= commissionedSecond) {
                energy(start, minutes, plan, relay, e);
                visitor.accept(plan, e);
            }
            start += minutes * 60L;
        }
    }

    private void energy(long start, int minutes, DayPlan plan, Timeline<Boolean> relay, Energy e) {
        int firstSlot = (int) ((start - plan.dayStart()) / SLOT_SECONDS);
        int slots = minutes * 60 / SLOT_SECONDS;
        boolean spike = plan.spikeSlot() >= firstSlot && plan.spikeSlot() < firstSlot + slots;
        double loadFactor = spike ? plan.spikeFactor() : 1;
        double imported = 0;
        double exported = 0;
        long outageSeconds = 0;
        for (int i = 0; i < slots; i++) {
            long from = start + (long) i * SLOT_SECONDS;
            int slot = firstSlot + i;
            double load = plan.dayKwh() * LoadShape.slotShare(consumerClass, slot)
                    * (0.85 + 0.30 * Hashing.unit(noiseKey, from / SLOT_SECONDS)) * loadFactor;
            double solar = plan.solarPeakKwh() == 0 ? 0
                    : plan.solarPeakKwh() * LoadShape.solarShape(slot / 4.0 + 0.125);
            long out = plan.outage() == null ? 0 : plan.outage().overlap(from, from + SLOT_SECONDS);
            outageSeconds += out;
            double available = (1 - (double) out / SLOT_SECONDS) * connectedShare(relay, from, from + SLOT_SECONDS);
            imported += Math.max(load - solar, 0) * available;
            exported += Math.max(solar - load, 0) * available;
        }
        double pf = intervalPowerFactor(start, start + minutes * 60L, plan);
        // The meter counts on the secondary side; the register times the multiplier is the primary energy.
        long kWhSecondary = Math.round(imported * 1000 / multiplier);
        long exportSecondary = Math.round(exported * 1000 / multiplier);
        e.start = start;
        e.minutes = minutes;
        e.kWh = primary(kWhSecondary);
        e.kVAh = primary(Math.round(kWhSecondary / pf));
        e.kWhExport = primary(exportSecondary);
        e.kVAhExport = primary(Math.round(exportSecondary / EXPORT_POWER_FACTOR));
        e.powerFactor = pf;
        e.outageSeconds = outageSeconds;
    }

    /** The interval in the scratch, with average voltage, current and flags. */
    private RawInterval raw(DayPlan plan, Energy e) {
        long end = e.start + e.minutes * 60L;
        double volts = e.outageSeconds == end - e.start ? 0 : intervalVolts(e.start, end, plan);
        double amps = volts == 0 ? 0
                : (e.kWh + e.kWhExport) * 3600.0 / (end - e.start) / (volts * e.powerFactor * phases);
        boolean tamper = plan.tamper() != null && plan.tamper().window().overlap(e.start, end) > 0;
        return new RawInterval(e.start, e.minutes, e.kWh, e.kVAh, e.kWhExport, e.kVAhExport, volts, amps,
                e.outageSeconds > 0, tamper);
    }

    private static double connectedShare(Timeline<Boolean> relay, long from, long to) {
        if (relay.isConstant()) {
            return relay.latest() ? 1 : 0;
        }
        return relay.share(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), Boolean::booleanValue);
    }

    private double intervalPowerFactor(long start, long end, DayPlan plan) {
        double pf = powerFactor + (Hashing.unit(pfKey, start / SLOT_SECONDS) - 0.5) * 0.04;
        pf = Math.max(LoadShape.minPowerFactor(consumerClass), Math.min(LoadShape.maxPowerFactor(consumerClass), pf));
        Episode t = plan.tamper();
        if (t != null && t.code() == VERY_LOW_PF) {
            double f = (double) t.window().overlap(start, end) / (end - start);
            pf = pf * (1 - f) + t.level() * f;
        }
        return pf;
    }

    private double intervalVolts(long start, long end, DayPlan plan) {
        double v = nominalVolts * (1 - LoadShape.voltageDip(Ist.hourOf(start)))
                * (1 + (Hashing.unit(voltKey, start / SLOT_SECONDS) - 0.5) * 0.02);
        Episode e = plan.voltage();
        if (e != null) {
            double f = (double) e.window().overlap(start, end) / (end - start);
            v = v * (1 - f) + e.level() * f;
        }
        return v;
    }

    /** Primary milli-units from secondary milli-units: times the multiplier, rounded HALF_UP. */
    private long primary(long secondaryMilli) {
        if (integralMultiplier > 0) {
            return secondaryMilli * integralMultiplier;
        }
        return BigDecimal.valueOf(secondaryMilli).multiply(spec.multiplier())
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** A span [start, end) of epoch seconds. */
    record Window(long start, long end) {

        /** A window of {@code minMinutes}–{@code maxMinutes} inside the IST day starting at {@code dayStart}. */
        static Window random(SplittableRandom r, long dayStart, int minMinutes, int maxMinutes) {
            long length = (minMinutes + r.nextInt(maxMinutes - minMinutes + 1)) * 60L;
            long start = dayStart + r.nextLong(Ist.DAY_SECONDS - length);
            return new Window(start, start + length);
        }

        /** Seconds of [from, to) inside the window. */
        long overlap(long from, long to) {
            return Math.max(0, Math.min(end, to) - Math.max(start, from));
        }

        boolean contains(long second) {
            return second >= start && second < end;
        }
    }

    /**
     * A tamper or voltage condition with its occurrence code (restoration is code + 1, except cover open).
     *
     * @param level the voltage of a voltage episode, or the power factor of a very-low-PF tamper
     */
    record Episode(int code, Window window, double level) {
    }

    /**
     * What happens on one IST day.
     *
     * @param dayKwh       the day's energy before slot noise (zero on a zero-consumption day)
     * @param spikeSlot    15-minute slot whose interval's load is multiplied by {@code spikeFactor}, or -1
     * @param solarPeakKwh solar energy per slot at the midday peak (zero unless net metered)
     */
    record DayPlan(long dayStart, double dayKwh, int spikeSlot, double spikeFactor, double solarPeakKwh,
                   Window outage, Episode tamper, Episode voltage) {
    }

    /** One block-load interval in integer milli-units (Wh, VAh) after the multiplier. */
    record RawInterval(long start, int minutes, long kWh, long kVAh, long kWhExport, long kVAhExport, double volts,
                       double amps, boolean powerFail, boolean tamper) {

        long end() {
            return start + minutes * 60L;
        }
    }

    /** Scratch for computing one interval's energy (milli-units after the multiplier); reused across a day. */
    static final class Energy {
        long start;
        int minutes;
        long kWh;
        long kVAh;
        long kWhExport;
        long kVAhExport;
        double powerFactor;
        long outageSeconds;
    }

    /** Register values in integer milli-units (Wh, VAh). */
    record Totals(long kWh, long kVAh, long kWhExport, long kVAhExport) {

        Totals plus(Totals t) {
            return new Totals(kWh + t.kWh, kVAh + t.kVAh, kWhExport + t.kWhExport, kVAhExport + t.kVAhExport);
        }

        CumulativeRegisters registers(Instant at) {
            return new CumulativeRegisters(at, BigDecimal.valueOf(kWh, 3), BigDecimal.valueOf(kVAh, 3),
                    BigDecimal.valueOf(kWhExport, 3), BigDecimal.valueOf(kVAhExport, 3));
        }
    }
}

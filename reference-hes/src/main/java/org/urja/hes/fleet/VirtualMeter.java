package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.urja.hes.fleet.MeterModel.DayPlan;
import org.urja.hes.fleet.MeterModel.RawInterval;
import org.urja.hes.fleet.MeterModel.Totals;

/**
 * One simulated IS 16444 smart meter.
 *
 * <p>Readings are a pure function of the fleet seed, the serial, the period asked about and the commands the
 * meter has accepted before it (relay switching stops consumption; a capture-period change alters the intervals
 * after it). Reading a period twice gives identical values. Registers only move at interval boundaries, so the
 * sum of the block-load intervals always equals the register difference exactly.
 *
 * <p>Commands are thread-safe. Each accepted command that changes the device appends an event to the meter's
 * log; a command the meter leaves unanswered ("meter did not respond", decided by a hash of seed, serial, command
 * and timestamp, or always for silent meters) changes nothing.
 */
public final class VirtualMeter {

    /** Clock offset (seconds) from which the meter flags block-load intervals {@link IntervalFlag#SUSPECT}. */
    public static final long SUSPECT_CLOCK_OFFSET_SECONDS = 300;

    private static final String NO_RESPONSE = "meter did not respond";
    private static final String NO_RELAY = "no relay";
    private static final String NOT_PREPAID = "meter is not in prepaid mode";
    private static final long ALIGNMENT_SECONDS = 1800;
    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1000};

    private final MeterModel model;
    private final MeterSpec spec;

    // Device state, guarded by this. Every value is immutable and replaced on change.
    private Ledger ledger;
    private Timeline<Integer> demandPeriod;
    private List<Instant> clockSyncs = List.of();
    private List<Instant> maxDemandResets = List.of();
    private List<Instant> tamperResets = List.of();
    private List<Instant> statusWordResets = List.of();
    private boolean ignoresConfigurationWrites;
    private PaymentMode paymentMode;
    private BigDecimal credit;
    private double loadLimitKw;
    private String firmwareVersion;
    private final List<MeterEvent> commandEvents = new ArrayList<>();

    VirtualMeter(long seed, MeterSpec spec, FaultProfile faults) {
        this.spec = spec;
        this.model = new MeterModel(seed, spec, faults);
        ledger = new Ledger(Timeline.constant(true), Timeline.constant(spec.intervalMinutes()), new long[0]);
        demandPeriod = Timeline.constant(spec.intervalMinutes());
        paymentMode = spec.paymentMode();
        credit = model.initialCredit;
        loadLimitKw = spec.sanctionedLoadKw();
        firmwareVersion = model.initialFirmware;
    }

    /** Name-plate and installation data. */
    public MeterSpec spec() {
        return spec;
    }

    /** The meter model a firmware image must be built for: the simulated fleet has one model per meter category. */
    public String model() {
        return spec.category().name();
    }

    // ---------------------------------------------------------------- profiles

    /**
     * Block-load profile: every interval with start ≥ {@code from} and end ≤ {@code to}, from commissioning on,
     * aligned to the capture period in force (UTC epoch alignment, which also aligns with IST days).
     */
    public List<IntervalRecord> blockLoadProfile(Instant from, Instant to) {
        return readIntervals(from, to, false);
    }

    /** The block-load profile as the first read returns it: without the intervals {@link #missesInterval} drops. */
    public List<IntervalRecord> firstReadBlockLoad(Instant from, Instant to) {
        return readIntervals(from, to, true);
    }

    /**
     * Cumulative registers at {@code t}: the opening reading plus every block-load interval ending at or before
     * {@code t}. Start-of-day values are cached per IST day, so each day is computed once.
     */
    public CumulativeRegisters registersAt(Instant t) {
        return registersAt(t, ledger());
    }

    /** Daily load profile entry: the registers at 00:00 IST at the start of the day. */
    public DailySnapshot dailyProfile(LocalDate istDay) {
        Instant at = Ist.startOf(istDay);
        return new DailySnapshot(istDay, at, registersAt(at));
    }

    /**
     * Billing profile of a month, reset at 00:00 IST on the 1st of the following month. Maximum demand is taken
     * over windows of the demand integration period (or the capture period if longer) from the later of the month
     * start and the last MD reset.
     */
    public BillingProfile billingProfile(YearMonth month) {
        Ledger l;
        Timeline<Integer> dip;
        List<Instant> resets;
        synchronized (this) {
            l = ledger;
            dip = demandPeriod;
            resets = maxDemandResets;
        }
        LocalDate first = month.atDay(1);
        LocalDate next = month.plusMonths(1).atDay(1);
        Instant billingDate = Ist.startOf(next);
        Instant lastReset = lastAtOrBefore(resets, billingDate.minusNanos(1));
        long mdFrom = Ist.startSecond(first);
        if (lastReset != null) {
            mdFrom = Math.max(mdFrom, Ist.ceilSecond(lastReset));
        }
        MonthTotals totals = new MonthTotals(mdFrom, dip);
        for (LocalDate d = first; d.isBefore(next); d = d.plusDays(1)) {
            model.forEachEnergy(d, l.relay(), l.capture(), totals::add);
        }
        totals.closeWindow();
        Map<TodZone, BigDecimal> todKWh = new EnumMap<>(TodZone.class);
        for (TodZone zone : TodZone.values()) {
            todKWh.put(zone, BigDecimal.valueOf(totals.tod[zone.ordinal()], 3));
        }
        BigDecimal pf = totals.kVAh == 0 ? BigDecimal.ZERO.setScale(3)
                : BigDecimal.valueOf(totals.kWh).divide(BigDecimal.valueOf(totals.kVAh), 3, RoundingMode.HALF_UP);
        boolean anyDemand = totals.maxKw >= 0;
        return new BillingProfile(month, billingDate, registersAt(billingDate, l), todKWh,
                demand(Math.max(0, totals.maxKw)), anyDemand ? Instant.ofEpochSecond(totals.maxKwAt) : null,
                demand(Math.max(0, totals.maxKva)), anyDemand ? Instant.ofEpochSecond(totals.maxKvaAt) : null, pf);
    }

    /** Instantaneous profile at {@code t} (true time). */
    public InstantaneousProfile instantaneous(Instant t) {
        Ledger l;
        List<Instant> syncs;
        PaymentMode mode;
        BigDecimal balance;
        double limit;
        String firmware;
        int integrationPeriod;
        synchronized (this) {
            l = ledger;
            syncs = clockSyncs;
            mode = paymentMode;
            balance = credit;
            limit = loadLimitKw;
            firmware = firmwareVersion;
            integrationPeriod = demandPeriod.latest();
        }
        long second = t.getEpochSecond();
        LocalDate day = Ist.dayOf(t);
        DayPlan plan = model.plan(day);
        boolean connected = l.relay().at(t);
        int phases = spec.category().phases();
        double[] volts = new double[phases];
        for (int p = 0; p < phases; p++) {
            volts[p] = model.volts(second, p, plan);
        }
        RawInterval current = null;
        for (RawInterval i : model.intervals(day, l.relay(), l.capture())) {
            if (i.start() <= second && second < i.end()) {
                current = i;
                break;
            }
        }
        long kwMilli = 0;
        long kvaMilli = 0;
        if (current != null && connected && volts[0] > 0) {
            kwMilli = current.kWh() * 60 / current.minutes();
            kvaMilli = current.kVAh() * 60 / current.minutes();
        }
        double pf = kvaMilli > 0 ? (double) kwMilli / kvaMilli : model.powerFactor;
        BigDecimal[] v = new BigDecimal[3];
        BigDecimal[] a = new BigDecimal[3];
        for (int p = 0; p < phases; p++) {
            v[p] = scaled(volts[p], 1);
            a[p] = scaled(model.amps(second, p, kwMilli / 1000.0, pf, volts[p]), 2);
        }
        int[] counts = powerCounts(second);
        return new InstantaneousProfile(spec.serialNo(), t, t.plus(clockOffset(t, syncs)), v[0], v[1], v[2],
                a[0], a[1], a[2], scaled(pf, 3), scaled(volts[0] > 0 ? model.frequencyHz(second) : 0, 2),
                demand(kwMilli), demand(kvaMilli), registersAt(t, l), counts[1], counts[0], connected, mode,
                mode == PaymentMode.PREPAID ? balance : null, limit, integrationPeriod, l.capture().latest(), firmware,
                tamperLatched(t));
    }

    /**
     * Event-log entries with {@code from ≤ occurredAt < to}, in time order (ties keep the order of logging): power
     * failures (101/102), tamper episodes, voltage excursions (7/8, 9/10) and the events of accepted commands.
     */
    public List<MeterEvent> events(Instant from, Instant to) {
        List<MeterEvent> all = new ArrayList<>();
        if (!from.isBefore(to)) {
            return all;
        }
        LocalDate last = Ist.dayOf(to);
        for (LocalDate d = max(Ist.dayOf(from), model.commissioningDay); !d.isAfter(last); d = d.plusDays(1)) {
            model.addEvents(model.plan(d), all);
        }
        synchronized (this) {
            all.addAll(commandEvents);
        }
        List<MeterEvent> out = new ArrayList<>();
        for (MeterEvent e : all) {
            if (!e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(MeterEvent::occurredAt));
        return out;
    }

    /** Supply failures (event 101) from commissioning up to and including {@code t}. */
    public int powerOffCount(Instant t) {
        return powerCounts(t.getEpochSecond())[0];
    }

    /** Supply restorations (event 102) from commissioning up to and including {@code t}. */
    public int powerOnCount(Instant t) {
        return powerCounts(t.getEpochSecond())[1];
    }

    // ---------------------------------------------------------------- device state

    /** Whether the load switch is (finally) connected; always true for CT meters. */
    public synchronized boolean relayConnected() {
        return ledger.relay().latest();
    }

    public synchronized PaymentMode paymentMode() {
        return paymentMode;
    }

    /** The balance held by the meter in rupees, scale 2 (zero for a meter never in prepaid mode). */
    public synchronized BigDecimal credit() {
        return credit;
    }

    /** The load-limiter threshold in kW (the sanctioned load until set). */
    public synchronized double loadLimitKw() {
        return loadLimitKw;
    }

    public synchronized String firmwareVersion() {
        return firmwareVersion;
    }

    /** The demand integration period in minutes, as last set. */
    public synchronized int demandIntegrationPeriod() {
        return demandPeriod.latest();
    }

    /** The block-load capture period in minutes, as last set. */
    public synchronized int profileCapturePeriod() {
        return ledger.capture().latest();
    }

    // ---------------------------------------------------------------- commands

    /** Check that the meter answers; changes nothing and logs no event. */
    public CommandResult ping(Instant at) {
        return execute("ping", at, () -> { });
    }

    /** Close the load switch (event 302). CT meters refuse: "no relay". */
    public CommandResult connect(Instant at) {
        return switchRelay(true, at);
    }

    /** Open the load switch (event 301); consumption stops from {@code at}. CT meters refuse: "no relay". */
    public CommandResult disconnect(Instant at) {
        return switchRelay(false, at);
    }

    /**
     * Switch payment mode. Logged as event 211 (to prepaid) or 212 (to postpaid), the "payment mode changed" pair
     * of the domain reference; setting the current mode succeeds without an event.
     */
    public CommandResult setPaymentMode(PaymentMode mode, Instant at) {
        Objects.requireNonNull(mode, "mode");
        return execute("payment-mode", at, () -> {
            if (paymentMode != mode) {
                paymentMode = mode;
                log(mode == PaymentMode.PREPAID ? 211 : 212, at, null);
            }
        });
    }

    /** Set the load-limiter threshold (event 158). */
    public CommandResult setLoadLimitKw(double kw, Instant at) {
        if (!(kw > 0) || Double.isInfinite(kw)) {
            throw new IllegalArgumentException("load limit must be a positive number of kW: " + kw);
        }
        return execute("load-limit", at, () -> {
            if (!ignoresConfigurationWrites) {
                loadLimitKw = kw;
            }
            log(158, at, kw + " kW");
        });
    }

    /** Set the demand integration period, 15 or 30 minutes (event 152); applies from the next half hour. */
    public CommandResult setDemandIntegrationPeriod(int minutes, Instant at) {
        checkPeriod(minutes);
        return execute("demand-integration-period", at, () -> {
            if (!ignoresConfigurationWrites) {
                demandPeriod = demandPeriod.with(nextHalfHour(at), minutes);
            }
            log(152, at, minutes + " min");
        });
    }

    /**
     * Set the block-load capture period, 15 or 30 minutes (event 153). It applies to intervals starting at or after
     * the next half-hour boundary (a boundary of both periods), so intervals never overlap or leave gaps.
     */
    public CommandResult setProfileCapturePeriod(int minutes, Instant at) {
        checkPeriod(minutes);
        return execute("profile-capture-period", at, () -> {
            if (!ignoresConfigurationWrites) {
                Instant effective = nextHalfHour(at);
                ledger = ledger.change(ledger.relay(), ledger.capture().with(effective, minutes), Ist.dayOf(effective));
            }
            log(153, at, minutes + " min");
        });
    }

    /** Reset maximum demand (event 166): billing MD counts only intervals starting at or after {@code at}. */
    public CommandResult resetMaxDemand(Instant at) {
        return execute("md-reset", at, () -> {
            maxDemandResets = insert(maxDemandResets, at);
            log(166, at, null);
        });
    }

    /**
     * Clear the latched tamper indication of the instantaneous profile. The domain reference lists no event code
     * for it, so none is logged.
     */
    public CommandResult resetTamper(Instant at) {
        return execute("tamper-reset", at, () -> tamperResets = insert(tamperResets, at));
    }

    /**
     * Clear the latched event status word (0.0.94.91.18.255): {@link #eventStatusWord} counts only events after
     * {@code at}. No event code is logged for it.
     */
    public CommandResult resetEventStatusWord(Instant at) {
        return execute("status-word-reset", at, () -> statusWordResets = insert(statusWordResets, at));
    }

    /**
     * The event status word at {@code t}: bit 81 magnet, 82 neutral disturbance, 83 cover open, 84 load switch
     * changed, 85 last gasp, 86 first breath, latched by events since commissioning or the last reset.
     */
    public BigInteger eventStatusWord(Instant t) {
        List<Instant> resets;
        synchronized (this) {
            resets = statusWordResets;
        }
        Instant reset = lastAtOrBefore(resets, t);
        Instant since = reset == null ? spec.commissionedAt() : reset.plusNanos(1);
        BigInteger word = BigInteger.ZERO;
        for (MeterEvent e : events(since, t.plusNanos(1))) {
            int bit = switch (e.code()) {
                case 201 -> 81;
                case 203 -> 82;
                case 251 -> 83;
                case 301, 302 -> 84;
                case 101 -> 85;
                case 102 -> 86;
                default -> -1;
            };
            if (bit >= 0) {
                word = word.setBit(bit);
            }
        }
        return word;
    }

    /**
     * Fault injection: from now on the meter acknowledges load-limit and period writes (and logs their events) but
     * keeps its old values, as a meter with a configuration defect does; only reading the values back reveals it.
     */
    public synchronized void ignoreConfigurationWrites(boolean ignore) {
        this.ignoresConfigurationWrites = ignore;
    }

    /** Activate a new firmware image (event 157). */
    public CommandResult upgradeFirmware(String version, Instant at) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("firmware version is blank");
        }
        return execute("firmware", at, () -> {
            firmwareVersion = version;
            log(157, at, version);
        });
    }

    /** Set the meter clock to {@code trueTime} (event 151); drift starts again from zero. */
    public CommandResult syncClock(Instant trueTime) {
        return execute("clock-sync", trueTime, () -> {
            clockSyncs = insert(clockSyncs, trueTime);
            log(151, trueTime, null);
        });
    }

    /**
     * Write the current balance (rupees, rounded HALF_UP to scale 2; may be negative) computed by the MDM, as
     * smart-prepaid meters display it (0.0.94.96.24.255). Prepaid meters only. No event code exists for it.
     */
    public CommandResult updateCredit(BigDecimal amount, Instant at) {
        Objects.requireNonNull(amount, "amount");
        synchronized (this) {
            if (paymentMode != PaymentMode.PREPAID) {
                return CommandResult.failed(NOT_PREPAID);
            }
            return execute("credit", at, () -> credit = amount.setScale(2, RoundingMode.HALF_UP));
        }
    }

    // ---------------------------------------------------------------- clock and collection behaviour

    /** How far the meter clock is ahead of true time at {@code trueTime} (zero unless in the drift group). */
    public Duration clockOffset(Instant trueTime) {
        List<Instant> syncs;
        synchronized (this) {
            syncs = clockSyncs;
        }
        return clockOffset(trueTime, syncs);
    }

    /** How many seconds a day the meter's clock gains (zero unless its clock drifts or is faulty). */
    public double clockDriftSecondsPerDay() {
        return model.driftSecondsPerDay;
    }

    /** The meter's clock reading at {@code trueTime}. */
    public Instant meterTime(Instant trueTime) {
        return trueTime.plus(clockOffset(trueTime));
    }

    /** Whether the meter never answers. */
    public boolean silent() {
        return model.silent;
    }

    /** Whether the meter answers late on the IST day. */
    public boolean answersLate(LocalDate day) {
        return model.answersLate(day);
    }

    /** Whether the interval starting at {@code intervalStart} is missing from the first read (present on re-read). */
    public boolean missesInterval(Instant intervalStart) {
        return model.missesInterval(intervalStart.getEpochSecond());
    }

    /** Whether the meter re-sends data it has already sent. */
    public boolean sendsDuplicates() {
        return model.sendsDuplicates;
    }

    // ---------------------------------------------------------------- internals

    private synchronized Ledger ledger() {
        return ledger;
    }

    private List<IntervalRecord> readIntervals(Instant from, Instant to, boolean firstRead) {
        Ledger l;
        List<Instant> syncs;
        synchronized (this) {
            l = ledger;
            syncs = clockSyncs;
        }
        long fromSecond = Ist.ceilSecond(from);
        long toSecond = to.getEpochSecond();
        List<IntervalRecord> out = new ArrayList<>();
        if (fromSecond >= toSecond) {
            return out;
        }
        LocalDate last = Ist.dayOf(Instant.ofEpochSecond(toSecond - 1));
        for (LocalDate d = max(Ist.dayOf(from), model.commissioningDay); !d.isAfter(last); d = d.plusDays(1)) {
            for (RawInterval i : model.intervals(d, l.relay(), l.capture())) {
                if (i.start() >= fromSecond && i.end() <= toSecond
                        && !(firstRead && model.missesInterval(i.start()))) {
                    out.add(toRecord(i, syncs));
                }
            }
        }
        return out;
    }

    private IntervalRecord toRecord(RawInterval i, List<Instant> syncs) {
        Instant start = Instant.ofEpochSecond(i.start());
        Instant end = Instant.ofEpochSecond(i.end());
        Set<IntervalFlag> flags = EnumSet.noneOf(IntervalFlag.class);
        if (i.powerFail()) {
            flags.add(IntervalFlag.POWER_FAIL);
        }
        if (i.tamper()) {
            flags.add(IntervalFlag.TAMPER);
        }
        Instant sync = lastAtOrBefore(syncs, end.minusNanos(1));
        if (sync != null && !sync.isBefore(start)) {
            flags.add(IntervalFlag.CLOCK_ADJUSTED);
        }
        if (Math.abs(clockOffset(start, syncs).getSeconds()) >= SUSPECT_CLOCK_OFFSET_SECONDS) {
            flags.add(IntervalFlag.SUSPECT);
        }
        int perHour = 60 / i.minutes();
        return new IntervalRecord(start, end, BigDecimal.valueOf(i.kWh(), 3), BigDecimal.valueOf(i.kVAh(), 3),
                BigDecimal.valueOf(i.kWhExport(), 3), BigDecimal.valueOf(i.kVAhExport(), 3), scaled(i.volts(), 1),
                scaled(i.amps(), 2), demand(i.kWh() * perHour), demand(i.kVAh() * perHour), flags);
    }

    private CumulativeRegisters registersAt(Instant t, Ledger l) {
        LocalDate day = Ist.dayOf(t);
        Totals totals = l.startOfDay(day);
        long second = t.getEpochSecond();
        if (second > Ist.startSecond(day)) {
            totals = totals.plus(model.totals(day, l.relay(), l.capture(), second));
        }
        return totals.registers(t);
    }

    /** {failures, restorations} from commissioning up to the epoch second. */
    private int[] powerCounts(long second) {
        int[] counts = new int[2];
        LocalDate last = Ist.dayOf(Instant.ofEpochSecond(second));
        for (LocalDate d = model.commissioningDay; !d.isAfter(last); d = d.plusDays(1)) {
            MeterModel.Window w = model.outage(d);
            if (w != null && w.start() <= second) {
                counts[0]++;
                if (w.end() <= second) {
                    counts[1]++;
                }
            }
        }
        return counts;
    }

    private boolean tamperLatched(Instant t) {
        if (!model.tamperProne) {
            return false;
        }
        List<Instant> resets;
        synchronized (this) {
            resets = tamperResets;
        }
        Instant reset = lastAtOrBefore(resets, t);
        long since = reset == null ? model.commissionedSecond : Ist.ceilSecond(reset);
        long second = t.getEpochSecond();
        LocalDate last = Ist.dayOf(t);
        for (LocalDate d = max(Ist.dayOf(Instant.ofEpochSecond(since)), model.commissioningDay);
             !d.isAfter(last); d = d.plusDays(1)) {
            MeterModel.Episode e = model.tamper(d);
            if (e != null && e.window().start() >= since && e.window().start() <= second) {
                return true;
            }
        }
        return false;
    }

    private Duration clockOffset(Instant t, List<Instant> syncs) {
        Instant commissioned = spec.commissionedAt();
        if (model.driftSecondsPerDay == 0 || t.isBefore(commissioned)) {
            return Duration.ZERO;
        }
        Instant sync = lastAtOrBefore(syncs, t);
        Instant anchor = sync == null || sync.isBefore(commissioned) ? commissioned : sync;
        long elapsedMillis = Duration.between(anchor, t).toMillis();
        return Duration.ofMillis(Math.round(elapsedMillis * model.driftSecondsPerDay / Ist.DAY_SECONDS));
    }

    private synchronized CommandResult switchRelay(boolean connect, Instant at) {
        Objects.requireNonNull(at, "at");
        if (!spec.category().hasRelay()) {
            return CommandResult.failed(NO_RELAY);
        }
        return execute(connect ? "connect" : "disconnect", at, () -> {
            if (ledger.relay().at(at) != connect) {
                ledger = ledger.change(ledger.relay().with(at, connect), ledger.capture(), Ist.dayOf(at));
                log(connect ? 302 : 301, at, null);
            }
        });
    }

    /** Runs {@code change} under the lock unless the meter leaves the command unanswered. */
    private synchronized CommandResult execute(String command, Instant at, Runnable change) {
        Objects.requireNonNull(at, "at");
        if (model.dropsCommand(command, at)) {
            return CommandResult.failed(NO_RESPONSE);
        }
        change.run();
        return CommandResult.ok();
    }

    private void log(int code, Instant at, String detail) {
        commandEvents.add(detail == null ? MeterEvent.of(spec.serialNo(), at, code)
                : MeterEvent.of(spec.serialNo(), at, code, detail));
    }

    private static void checkPeriod(int minutes) {
        if (minutes != 15 && minutes != 30) {
            throw new IllegalArgumentException("period must be 15 or 30 minutes: " + minutes);
        }
    }

    /** The first half-hour boundary at or after {@code at}. */
    private static Instant nextHalfHour(Instant at) {
        long s = Ist.ceilSecond(at);
        return Instant.ofEpochSecond(Math.floorDiv(s + ALIGNMENT_SECONDS - 1, ALIGNMENT_SECONDS) * ALIGNMENT_SECONDS);
    }

    private static List<Instant> insert(List<Instant> sorted, Instant at) {
        List<Instant> copy = new ArrayList<>(sorted);
        int i = Collections.binarySearch(copy, at);
        copy.add(i >= 0 ? i : -i - 1, at);
        return List.copyOf(copy);
    }

    private static Instant lastAtOrBefore(List<Instant> sorted, Instant t) {
        int i = Collections.binarySearch(sorted, t);
        int index = i >= 0 ? i : -i - 2;
        return index < 0 ? null : sorted.get(index);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static BigDecimal demand(long milliUnitsPerHour) {
        return BigDecimal.valueOf(milliUnitsPerHour, 3).setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal scaled(double value, int scale) {
        return BigDecimal.valueOf(Math.round(value * POWERS_OF_TEN[scale]), scale);
    }

    /**
     * Running ToD sums and maximum demand of a month. Intervals arrive in time order; demand is taken per window of
     * the demand integration period (or the interval, if longer), aligned to the epoch.
     */
    private static final class MonthTotals {

        final long[] tod = new long[TodZone.values().length];
        long kWh;
        long kVAh;
        /** Highest window demand in milli-kW, or -1 if no window counted. */
        long maxKw = -1;
        long maxKwAt;
        long maxKva = -1;
        long maxKvaAt;
        private final long demandFrom;
        private final Timeline<Integer> demandPeriod;
        private long windowStart = Long.MIN_VALUE;
        private long windowSeconds;
        private long windowKWh;
        private long windowKVAh;

        MonthTotals(long demandFrom, Timeline<Integer> demandPeriod) {
            this.demandFrom = demandFrom;
            this.demandPeriod = demandPeriod;
        }

        void add(MeterModel.Energy e) {
            tod[TodZone.of(Ist.hourOf(e.start)).ordinal()] += e.kWh;
            kWh += e.kWh;
            kVAh += e.kVAh;
            if (e.start < demandFrom) {
                return;
            }
            int period = demandPeriod.isConstant() ? demandPeriod.latest()
                    : demandPeriod.at(Instant.ofEpochSecond(e.start));
            long seconds = Math.max(period, e.minutes) * 60L;
            long start = Math.floorDiv(e.start, seconds) * seconds;
            if (start != windowStart) {
                closeWindow();
                windowStart = start;
                windowSeconds = seconds;
                windowKWh = 0;
                windowKVAh = 0;
            }
            windowKWh += e.kWh;
            windowKVAh += e.kVAh;
        }

        /** Counts the window in progress towards the maximum demand. */
        void closeWindow() {
            if (windowStart == Long.MIN_VALUE) {
                return;
            }
            long kw = windowKWh * 3600 / windowSeconds;
            long kva = windowKVAh * 3600 / windowSeconds;
            if (kw > maxKw) {
                maxKw = kw;
                maxKwAt = windowStart;
            }
            if (kva > maxKva) {
                maxKva = kva;
                maxKvaAt = windowStart;
            }
        }
    }

    /**
     * The energy-relevant command history (relay and capture-period timelines) with the registers at 00:00 IST of
     * each day from commissioning on, computed once in day order and kept as a compact prefix (4 longs a day).
     */
    private final class Ledger {

        private static final int VALUES = 4;

        private final Timeline<Boolean> relay;
        private final Timeline<Integer> capture;
        /** Start-of-day registers of the commissioning day + i at [4i, 4i + 4); guarded by this. */
        private long[] prefix;
        private int days;

        Ledger(Timeline<Boolean> relay, Timeline<Integer> capture, long[] prefix) {
            this.relay = relay;
            this.capture = capture;
            this.prefix = prefix;
            this.days = prefix.length / VALUES;
        }

        Timeline<Boolean> relay() {
            return relay;
        }

        Timeline<Integer> capture() {
            return capture;
        }

        /** Registers at 00:00 IST of the day (the opening reading up to the commissioning day). */
        synchronized Totals startOfDay(LocalDate day) {
            long index = day.toEpochDay() - model.commissioningDay.toEpochDay();
            if (index <= 0) {
                return model.opening;
            }
            if (days == 0) {
                append(model.opening);
            }
            while (days <= index) {
                LocalDate previous = model.commissioningDay.plusDays(days - 1L);
                append(get(days - 1).plus(model.totals(previous, relay, capture, Long.MAX_VALUE)));
            }
            return get((int) index);
        }

        /** A ledger for new timelines, keeping the registers of days up to and including {@code lastValidDay}. */
        synchronized Ledger change(Timeline<Boolean> newRelay, Timeline<Integer> newCapture, LocalDate lastValidDay) {
            long validDays = lastValidDay.toEpochDay() - model.commissioningDay.toEpochDay() + 1;
            long keep = Math.max(0, Math.min(days, validDays));
            return new Ledger(newRelay, newCapture, Arrays.copyOf(prefix, (int) keep * VALUES));
        }

        private Totals get(int i) {
            int at = i * VALUES;
            return new Totals(prefix[at], prefix[at + 1], prefix[at + 2], prefix[at + 3]);
        }

        private void append(Totals t) {
            if (prefix.length < (days + 1) * VALUES) {
                prefix = Arrays.copyOf(prefix, Math.max(64, prefix.length * 2));
            }
            int at = days * VALUES;
            prefix[at] = t.kWh();
            prefix[at + 1] = t.kVAh();
            prefix[at + 2] = t.kWhExport();
            prefix[at + 3] = t.kVAhExport();
            days++;
        }
    }
}

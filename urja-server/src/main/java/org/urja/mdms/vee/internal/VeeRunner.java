package org.urja.mdms.vee.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.network.ServiceHistory;
import org.urja.mdms.network.ServiceHistory.OnDay;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.vee.DailyDataValidated;
import org.urja.mdms.vee.DaysValidated;
import org.urja.mdms.vee.DayInput;
import org.urja.mdms.vee.Finding;
import org.urja.mdms.vee.MeterContext;
import org.urja.mdms.vee.RegisterDelta;
import org.urja.mdms.vee.Severity;
import org.urja.mdms.vee.Vee;
import org.urja.mdms.vee.VeeProfile;
import org.urja.mdms.vee.VeeResult;

/**
 * Runs VEE over stored kWh-import data, a batch of meters of one day at a time, with every input loaded set-wise
 * (what the meters sent, the last 28 days, kVAh, the midnight registers, meter and consumer context: a handful of
 * queries per batch, not per meter). For each meter it validates what the meter sent (version 0, so a late actual
 * always wins over an earlier estimate), estimates the gaps it can, keeps a person's edits, stores the result as a
 * new version where it differs from the current one, replaces the day's open findings (a finding someone resolved
 * stays resolved), and records the day's outcome; when that outcome is new or changed it publishes
 * {@link DailyDataValidated}. Disconnection and outage periods are not known yet (commands and outage modules) and
 * are passed empty.
 */
@Service
class VeeRunner {

    record DayRun(LocalDate day, int meters, int estimatedSlots, int remainingGaps, int newVersions,
                  Map<Severity, Integer> findings) {

        DayRun plus(DayRun o) {
            Map<Severity, Integer> f = new EnumMap<>(Severity.class);
            f.putAll(findings);
            o.findings.forEach((k, v) -> f.merge(k, v, Integer::sum));
            return new DayRun(day, meters + o.meters, estimatedSlots + o.estimatedSlots, remainingGaps + o.remainingGaps,
                    newVersions + o.newVersions, f);
        }

        static DayRun none(LocalDate day) {
            return new DayRun(day, 0, 0, 0, 0, new EnumMap<>(Severity.class));
        }
    }

    static final String RUN_BY = "vee";
    static final int BATCH = 500;
    private static final int HISTORY_DAYS = 28;

    private final IntervalData data;
    private final ServiceHistory network;
    private final ConsumerAccounts consumers;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final VeeParameters parameters;
    private final Vee vee = Vee.standard();

    VeeRunner(IntervalData data, ServiceHistory network, ConsumerAccounts consumers, JdbcClient jdbc,
              JdbcTemplate jdbcTemplate, TransactionTemplate tx, ApplicationEventPublisher events,
              VeeParameters parameters) {
        this.parameters = parameters;
        this.data = data;
        this.network = network;
        this.consumers = consumers;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = tx;
        this.events = events;
    }

    /** VEE for a day: the given meters (those without any data too), or every meter with data; one transaction per batch. */
    DayRun runDay(LocalDate day, List<String> onlyMeters) {
        boolean explicit = onlyMeters != null && !onlyMeters.isEmpty();
        List<String> meters = explicit ? onlyMeters : data.metersWithData(Channel.KWH_IMPORT, day);
        DayRun total = DayRun.none(day);
        for (int i = 0; i < meters.size(); i += BATCH) {
            List<String> batch = meters.subList(i, Math.min(meters.size(), i + BATCH));
            total = total.plus(tx.execute(s -> runBatch(day, batch, explicit)));
        }
        return total;
    }

    /**
     * VEE for a batch of meters of one day, in the caller's transaction. A meter that sent nothing for the day is
     * validated (and estimated from its history) only when {@code includeSilent}: after re-acquisition gave up.
     */
    DayRun runBatch(LocalDate day, Collection<String> serials, boolean includeSilent) {
        // One VEE at a time per meter-day (on-arrival worker, operator re-run, another node): transaction-scoped
        // advisory locks, taken in a fixed order so two batches cannot deadlock.
        jdbc.sql("""
                        SELECT count(pg_advisory_xact_lock(k)) FROM (
                            SELECT DISTINCT hashtextextended(s || '|' || ?, 7) AS k FROM unnest(?::text[]) s ORDER BY 1) x""")
                .params(day.toString(), serials.toArray(String[]::new)).query(Long.class).single();
        Map<String, DaySeries> received = data.asReceived(serials, Channel.KWH_IMPORT, day);
        Map<String, List<DaySeries>> recent = data.currentRange(serials, Channel.KWH_IMPORT, day.minusDays(HISTORY_DAYS), day);
        Map<String, DaySeries> kvah = data.asReceived(received.keySet(), Channel.KVAH_IMPORT, day);
        Instant from = day.atStartOfDay(MeterContext.IST).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(MeterContext.IST).toInstant();
        Map<String, BigDecimal> registerStart = data.registers(serials, ReadingTypes.REGISTER_KWH_IMPORT, from);
        Map<String, BigDecimal> registerEnd = data.registers(serials, ReadingTypes.REGISTER_KWH_IMPORT, to);
        // The meter as it was on the day (in the network or not, whose it was), not as it is now: late data and
        // re-runs of a day before a meter change or installation are judged by that day (one query per batch).
        Map<String, OnDay> meters = network.onDay(serials, day);
        Map<String, ConsumerAccount> accounts = consumers.findAll(meters.values().stream()
                .map(OnDay::consumerNo).filter(c -> c != null).distinct().toList());

        // The parameters as an administrator set them now (one small query per batch), applied per meter category.
        Map<String, BigDecimal> params = parameters.current();
        Map<String, VeeProfile> profiles = new HashMap<>();

        record Outcome(String serial, DaySeries series, VeeResult result) {
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<IntervalData.NewVersion> versions = new ArrayList<>();
        List<Integer> storedAt = new ArrayList<>();
        for (String serial : serials) {
            List<DaySeries> days = recent.getOrDefault(serial, List.of());
            DaySeries current = days.stream().filter(d -> d.day().equals(day)).findFirst().orElse(null);
            DaySeries series = received.get(serial);
            if (series == null) {
                OnDay m = meters.get(serial);
                if (!includeSilent || m == null) {
                    continue;
                }
                series = DaySeries.empty(serial, Channel.KWH_IMPORT, day, m.meter().intervalMinutes());
            }
            int minutes = series.intervalMinutes();
            List<DaySeries> history = days.stream().filter(d -> d.day().isBefore(day) && d.intervalMinutes() == minutes)
                    .toList();
            DaySeries sameDayKvah = kvah.get(serial);
            if (sameDayKvah != null && sameDayKvah.intervalMinutes() != minutes) {
                sameDayKvah = null;
            }
            MeterContext context = context(serial, meters.get(serial), accounts);
            VeeResult result = vee.run(new DayInput(series, context, history, sameDayKvah,
                    registerDelta(registerStart.get(serial), registerEnd.get(serial), from, to)),
                    profiles.computeIfAbsent(context.category(),
                            c -> VeeParameters.apply(VeeProfile.defaults(c), params)));
            DaySeries outcome = keepEdits(result.estimated(), current);
            outcomes.add(new Outcome(serial, outcome, result));
            if (outcome.presentCount() > 0 || current != null) { // an empty day with nothing estimated is not stored
                storedAt.add(outcomes.size() - 1);
                versions.add(new IntervalData.NewVersion(outcome, RUN_BY,
                        "VEE: " + result.estimatedSlots() + " estimated, " + result.findings().size() + " findings"));
            }
        }
        int[] stored = new int[outcomes.size()];
        int[] versionsStored = data.storeVersions(versions);
        for (int i = 0; i < versionsStored.length; i++) {
            stored[storedAt.get(i)] = versionsStored[i];
        }
        replaceFindings(day, outcomes.stream().map(Outcome::serial).toList(),
                outcomes.stream().map(o -> o.result().findings()).toList());

        int estimated = 0;
        int gaps = 0;
        int newVersions = 0;
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        List<DailyDataValidated> validated = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            newVersions += stored[i] > 0 ? 1 : 0;
            estimated += o.result().estimatedSlots();
            gaps += o.result().remainingGaps();
            o.result().findings().forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
            validated.add(summary(o.series(), o.result()));
        }
        recordOutcomes(validated, currentVersions(outcomes.stream().map(Outcome::serial).toList(), day, stored));
        return new DayRun(day, outcomes.size(), estimated, gaps, newVersions, counts);
    }

    /** The version number now current for each meter: the one just stored, else whatever was current (0 = as received). */
    private Map<String, Integer> currentVersions(List<String> serials, LocalDate day, int[] stored) {
        Map<String, Integer> versions = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < serials.size(); i++) {
            if (stored[i] > 0) {
                versions.put(serials.get(i), stored[i]);
            } else {
                unknown.add(serials.get(i));
            }
        }
        if (!unknown.isEmpty()) {
            data.currentVersions(unknown, Channel.KWH_IMPORT, day).forEach(versions::put);
        }
        return versions;
    }

    private static DailyDataValidated summary(DaySeries s, VeeResult result) {
        long wh = 0;
        int actual = 0;
        int estimated = 0;
        int edited = 0;
        int missing = 0;
        for (int i = 0; i < s.slots(); i++) {
            short f = s.flags()[i];
            if (!IntervalFlags.has(f, IntervalFlags.PRESENT)) {
                missing++;
                continue;
            }
            wh += s.values()[i];
            if (IntervalFlags.has(f, IntervalFlags.EDITED)) {
                edited++;
            } else if (IntervalFlags.has(f, IntervalFlags.ESTIMATED)) {
                estimated++;
            } else {
                actual++;
            }
        }
        int errors = (int) result.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
        return new DailyDataValidated(s.meterSerialNo(), s.day(), 0,
                BigDecimal.valueOf(wh).divide(BigDecimal.valueOf(Channel.KWH_IMPORT.scale()), 3, RoundingMode.UNNECESSARY),
                actual, estimated, edited, missing, errors, false);
    }

    /**
     * Upserts each meter-day's outcome into vee_day and publishes the new or changed ones (a revision when the day
     * had been settled before) as one {@link DaysValidated}. One statement for the batch.
     */
    private void recordOutcomes(List<DailyDataValidated> outcomes, Map<String, Integer> versions) {
        if (outcomes.isEmpty()) {
            return;
        }
        int n = outcomes.size();
        String[] serials = new String[n];
        java.sql.Date[] days = new java.sql.Date[n];
        Integer[] version = new Integer[n];
        Long[] wh = new Long[n];
        Integer[] actual = new Integer[n];
        Integer[] estimated = new Integer[n];
        Integer[] edited = new Integer[n];
        Integer[] missing = new Integer[n];
        Integer[] errors = new Integer[n];
        for (int i = 0; i < n; i++) {
            DailyDataValidated o = outcomes.get(i);
            serials[i] = o.meterSerialNo();
            days[i] = java.sql.Date.valueOf(o.day());
            version[i] = versions.getOrDefault(o.meterSerialNo(), 0);
            wh[i] = o.kWh().movePointRight(3).longValueExact();
            actual[i] = o.actual();
            estimated[i] = o.estimated();
            edited[i] = o.edited();
            missing[i] = o.missing();
            errors[i] = o.errors();
        }
        // Returns the rows inserted or changed, and whether they existed before (a revision).
        List<Object[]> changed = jdbc.sql("""
                        INSERT INTO vee_day AS v (meter_serial, day, version, kwh_wh, actual, estimated, edited, missing, errors)
                        SELECT * FROM unnest(?::text[], ?::date[], ?::int[], ?::bigint[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[])
                        ON CONFLICT (meter_serial, day) DO UPDATE
                        SET version = EXCLUDED.version, kwh_wh = EXCLUDED.kwh_wh, actual = EXCLUDED.actual,
                            estimated = EXCLUDED.estimated, edited = EXCLUDED.edited, missing = EXCLUDED.missing,
                            errors = EXCLUDED.errors, revisions = v.revisions + 1, validated_at = now()
                        WHERE (v.version, v.kwh_wh, v.actual, v.estimated, v.edited, v.missing, v.errors)
                              IS DISTINCT FROM (EXCLUDED.version, EXCLUDED.kwh_wh, EXCLUDED.actual, EXCLUDED.estimated,
                                                EXCLUDED.edited, EXCLUDED.missing, EXCLUDED.errors)
                        RETURNING meter_serial, revisions > 0""")
                .params(serials, days, version, wh, actual, estimated, edited, missing, errors)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getBoolean(2)}).list();
        Map<String, Boolean> revision = new HashMap<>();
        changed.forEach(r -> revision.put((String) r[0], (Boolean) r[1]));
        List<DailyDataValidated> changedDays = new ArrayList<>();
        for (DailyDataValidated o : outcomes) {
            Boolean isRevision = revision.get(o.meterSerialNo());
            if (isRevision != null) {
                changedDays.add(new DailyDataValidated(o.meterSerialNo(), o.day(),
                        versions.getOrDefault(o.meterSerialNo(), 0), o.kWh(), o.actual(), o.estimated(), o.edited(),
                        o.missing(), o.errors(), isRevision));
            }
        }
        if (!changedDays.isEmpty()) {
            events.publishEvent(new DaysValidated(changedDays));
        }
    }

    /** A person's edit outlives a re-run: edited slots of the current version are carried into the new one. */
    static DaySeries keepEdits(DaySeries estimated, DaySeries current) {
        if (current == null || current.intervalMinutes() != estimated.intervalMinutes()) {
            return estimated;
        }
        long[] values = estimated.values().clone();
        short[] flags = estimated.flags().clone();
        for (int i = 0; i < values.length; i++) {
            if (IntervalFlags.has(current.flags()[i], IntervalFlags.EDITED)) {
                values[i] = current.values()[i];
                flags[i] = current.flags()[i];
            }
        }
        return new DaySeries(estimated.meterSerialNo(), estimated.channel(), estimated.day(), estimated.intervalMinutes(),
                values, flags);
    }

    /** The day's change of the cumulative kWh import register, from the two midnight snapshots, in Wh. */
    private static RegisterDelta registerDelta(BigDecimal start, BigDecimal end, Instant from, Instant to) {
        if (start == null || end == null) {
            return null;
        }
        long wh = end.subtract(start).multiply(BigDecimal.valueOf(Channel.KWH_IMPORT.scale()))
                .setScale(0, RoundingMode.HALF_UP).longValueExact();
        return new RegisterDelta(from, to, wh);
    }

    private static MeterContext context(String serial, OnDay m, Map<String, ConsumerAccount> accounts) {
        if (m == null) {
            // Data from a meter the registry does not know: validated as an uninstalled whole-current meter.
            return new MeterContext(serial, MeterContext.SINGLE_PHASE_WC, BigDecimal.ONE, null, false, false, List.of(),
                    List.of());
        }
        ConsumerAccount account = m.consumerNo() == null ? null : accounts.get(m.consumerNo());
        return new MeterContext(serial, m.meter().category().name(), m.meter().multiplier(),
                account == null ? null : account.sanctionedLoadKw(), false, m.inNetwork(), List.of(), List.of());
    }

    /**
     * Replaces the open findings of the meters' day with the new ones, in two statements. A finding identical to one a
     * person already resolved (same rule and slots) is not opened again.
     */
    private void replaceFindings(LocalDate day, List<String> serials, List<List<Finding>> findings) {
        if (serials.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM vee_finding WHERE meter_serial = ANY(?) AND channel = ? AND day = ? AND status = 'OPEN'")
                .params(serials.toArray(String[]::new), Channel.KWH_IMPORT.code(), day).update();
        Set<String> resolved = new HashSet<>(jdbc.sql("""
                        SELECT meter_serial || '|' || rule || '|' || from_slot || '|' || to_slot FROM vee_finding
                        WHERE meter_serial = ANY(?) AND channel = ? AND day = ? AND status = 'RESOLVED'""")
                .params(serials.toArray(String[]::new), Channel.KWH_IMPORT.code(), day).query(String.class).list());
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < serials.size(); i++) {
            for (Finding f : findings.get(i)) {
                if (!resolved.contains(serials.get(i) + "|" + f.rule() + "|" + f.fromSlot() + "|" + f.toSlot())) {
                    rows.add(new Object[] {serials.get(i), Channel.KWH_IMPORT.code(), day, f.rule(), f.severity().name(),
                            f.fromSlot(), f.toSlot(), f.reason()});
                }
            }
        }
        if (!rows.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    INSERT INTO vee_finding (meter_serial, channel, day, rule, severity, from_slot, to_slot, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        }
    }
}

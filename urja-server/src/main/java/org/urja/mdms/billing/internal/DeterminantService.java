package org.urja.mdms.billing.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.Reading;
import org.urja.mdms.billing.BillingDeterminants;
import org.urja.mdms.billing.BillingDeterminantsReady;
import org.urja.mdms.billing.Determinants;
import org.urja.mdms.billing.internal.DeterminantCalculator.MeterTotals;
import org.urja.mdms.billing.internal.DeterminantCalculator.MeterWindow;
import org.urja.mdms.billing.internal.DeterminantCalculator.Period;
import org.urja.mdms.billing.internal.DeterminantCalculator.ServicePointInput;
import org.urja.mdms.billing.internal.DeterminantCalculator.Zones;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.ServicePoint;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.tariff.Tariffs;
import tools.jackson.databind.json.JsonMapper;

/**
 * Computes and issues determinants for a chunk of service points of one period, set-wise: the chunk's installations,
 * meters, consumers and tariffs in a few queries, every meter's interval days in one pass
 * ({@link IntervalData#forEachCurrent}), the billing profiles in two queries, and the new versions in one statement.
 * A service point without determinants gets version 1; one whose figures changed gets the next version, flagged
 * restated, and the earlier version stays; unchanged ones are left alone. Runs in the caller's transaction.
 */
@Service
class DeterminantService implements BillingDeterminants, org.springframework.beans.factory.DisposableBean {

    record Outcome(int issued, int restated, int unchanged) {
    }

    private static final EnumSet<Channel> CHANNELS = EnumSet.of(Channel.KWH_IMPORT, Channel.KVAH_IMPORT,
            Channel.KWH_EXPORT, Channel.KVAH_EXPORT);

    private final JdbcClient jdbc;
    private final NetworkRegistry network;
    private final ConsumerAccounts consumers;
    private final Tariffs tariffs;
    private final IntervalData data;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final BillingProperties props;
    private final Clock clock;
    private final java.util.concurrent.ExecutorService workers;

    DeterminantService(JdbcClient jdbc, NetworkRegistry network, ConsumerAccounts consumers, Tariffs tariffs,
                       IntervalData data, JsonMapper json, ApplicationEventPublisher events, BillingProperties props,
                       Clock clock) {
        this.jdbc = jdbc;
        this.network = network;
        this.consumers = consumers;
        this.tariffs = tariffs;
        this.data = data;
        this.json = json;
        this.events = events;
        this.props = props;
        this.clock = clock;
        this.workers = java.util.concurrent.Executors.newFixedThreadPool(props.threads(), r -> {
            Thread t = new Thread(r, "billing-determinants");
            t.setDaemon(true);
            return t;
        });
    }

    /** Issues or restates the determinants of these service points for the period (caller's transaction). */
    Outcome issue(Period p, List<String> servicePointCodes) {
        if (servicePointCodes.isEmpty()) {
            return new Outcome(0, 0, 0);
        }
        record Current(int version, String fingerprint) {
        }
        // One writer per service point and period (a cycle's run, a restatement), in a fixed order: the current
        // versions read next are then the latest.
        jdbc.sql("""
                        SELECT count(pg_advisory_xact_lock(hashtextextended(sp || '|' || ?, 0)))
                        FROM (SELECT unnest(?::text[]) AS sp ORDER BY 1) s""")
                .params(p.period().toString(), servicePointCodes.toArray(String[]::new)).query(Long.class).single();
        Map<String, Current> current = new HashMap<>();
        jdbc.sql("""
                        SELECT service_point_code, version, fingerprint FROM billing_determinant
                        WHERE period = ? AND service_point_code = ANY(?) AND current""")
                .params(p.period().atDay(1), servicePointCodes.toArray(String[]::new))
                .query(rs -> {
                    current.put(rs.getString(1), new Current(rs.getInt(2), rs.getString(3)));
                });
        List<Determinants> computed = computeInParallel(p, servicePointCodes);
        Instant now = clock.instant();
        List<Determinants> toStore = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        List<String> superseded = new ArrayList<>();
        int unchanged = 0;
        for (Determinants d : computed) {
            String fingerprint = fingerprint(d);
            Current c = current.get(d.servicePointCode());
            if (c != null && c.fingerprint().equals(fingerprint)) {
                unchanged++;
                continue;
            }
            if (c != null) {
                superseded.add(d.servicePointCode());
            }
            toStore.add(as(d, c == null ? 1 : c.version() + 1, c != null, now));
            fingerprints.add(fingerprint);
        }
        store(p, toStore, fingerprints, superseded);
        if (!toStore.isEmpty()) {
            events.publishEvent(new BillingDeterminantsReady(p.groupCode(), p.period(), toStore.stream()
                    .map(d -> new BillingDeterminantsReady.Item(d.servicePointCode(), d.consumerNo(), d.version(),
                            d.restated(), d.quality())).toList()));
        }
        return new Outcome(toStore.size() - superseded.size(), superseded.size(), unchanged);
    }

    /**
     * {@link #compute} of the service points split over {@code urja.billing.threads} threads, each reading its meters'
     * data on a connection of its own (reads only; what is written stays in the caller's transaction), so the database
     * and the JVM both work on a chunk.
     */
    List<Determinants> computeInParallel(Period p, List<String> servicePointCodes) {
        int parts = Math.min(props.threads(), Math.max(1, servicePointCodes.size() / 100));
        if (parts <= 1) {
            return compute(p, servicePointCodes);
        }
        int size = (servicePointCodes.size() + parts - 1) / parts;
        List<java.util.concurrent.Future<List<Determinants>>> futures = new ArrayList<>();
        for (int i = 0; i < servicePointCodes.size(); i += size) {
            List<String> part = servicePointCodes.subList(i, Math.min(servicePointCodes.size(), i + size));
            futures.add(workers.submit(() -> compute(p, part)));
        }
        List<Determinants> out = new ArrayList<>(servicePointCodes.size());
        try {
            for (var f : futures) {
                out.addAll(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing determinants", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return out;
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }

    /** The determinants of the service points as the data stands now (version 0, not stored). */
    List<Determinants> compute(Period p, List<String> servicePointCodes) {
        Map<String, ServicePoint> points = network.servicePoints(servicePointCodes);
        Map<String, List<Installation>> histories = network.servicePointHistories(servicePointCodes);
        List<Installation> inPeriod = new ArrayList<>();
        histories.values().forEach(h -> h.stream().filter(i -> i.installedAt().toInstant().isBefore(p.end())
                && (i.removedAt() == null || i.removedAt().toInstant().isAfter(p.start()))).forEach(inPeriod::add));
        Map<String, NetworkRegistry.MeterSummary> meters = network.meterSummaries(
                inPeriod.stream().map(Installation::meterSerialNo).distinct().toList());
        Map<String, ConsumerAccount> accounts = consumers.findAll(points.values().stream()
                .map(ServicePoint::consumerNo).distinct().toList());
        Map<String, Zones> zonesByCategory = new HashMap<>();
        LocalDate firstDay = p.firstDay();

        Map<String, List<MeterTotals>> totalsByMeter = new HashMap<>();
        List<ServicePointInput> inputs = new ArrayList<>();
        for (String code : servicePointCodes) {
            ServicePoint sp = points.get(code);
            if (sp == null) {
                continue; // no longer in the registry: nothing to issue
            }
            ConsumerAccount account = accounts.get(sp.consumerNo());
            String category = account == null ? null : account.tariffCategory();
            Zones zones = zonesByCategory.computeIfAbsent(category == null ? "" : category,
                    c -> Zones.of(category, c.isEmpty() ? null : tariffs.effective(c, firstDay).orElse(null)));
            List<MeterTotals> meterTotals = new ArrayList<>();
            for (Installation i : histories.getOrDefault(code, List.of())) {
                Instant from = max(i.installedAt().toInstant(), p.start());
                Instant to = i.removedAt() == null ? p.end() : min(i.removedAt().toInstant(), p.end());
                if (!from.isBefore(to)) {
                    continue;
                }
                NetworkRegistry.MeterSummary m = meters.get(i.meterSerialNo());
                int minutes = m == null ? 15 : m.meter().intervalMinutes();
                MeterTotals t = new MeterTotals(new MeterWindow(i.meterSerialNo(), from, to, minutes,
                        m == null ? java.math.BigDecimal.ONE : m.meter().multiplier(), props.demandIntegrationMinutes()),
                        zones);
                meterTotals.add(t);
                totalsByMeter.computeIfAbsent(i.meterSerialNo(), k -> new ArrayList<>(1)).add(t);
            }
            inputs.add(new ServicePointInput(code, sp.consumerNo(), zones, meterTotals));
        }

        Map<Zones, Map<Integer, int[]>> slotZones = new HashMap<>();
        data.forEachCurrent(totalsByMeter.keySet(), CHANNELS, firstDay, p.lastDay(), day -> {
            List<MeterTotals> list = totalsByMeter.get(day.meterSerialNo());
            if (list == null) {
                return;
            }
            for (MeterTotals t : list) {
                int[] zoneOfSlot = slotZones.computeIfAbsent(t.zones(), z -> new HashMap<>())
                        .computeIfAbsent(day.intervalMinutes(), t.zones()::ofSlots);
                t.add(day, zoneOfSlot);
            }
        });
        List<String> atEnd = new ArrayList<>();
        List<String> atStart = new ArrayList<>();
        for (List<MeterTotals> list : totalsByMeter.values()) {
            for (MeterTotals t : list) {
                if (t.window.to().equals(p.end())) {
                    atEnd.add(t.window.meterSerialNo());
                }
                if (t.window.from().equals(p.start())) {
                    atStart.add(t.window.meterSerialNo());
                }
            }
        }
        Map<String, Map<String, Reading>> profiles = byType(data.registersAt(atEnd, p.end()));
        Map<String, Map<String, Reading>> starts = byType(data.registersAt(atStart, p.start()));
        Instant now = clock.instant();
        List<Determinants> out = new ArrayList<>(inputs.size());
        for (ServicePointInput in : inputs) {
            out.add(DeterminantCalculator.determinants(p, in, profiles, starts, now));
        }
        return out;
    }

    private void store(Period p, List<Determinants> rows, List<String> fingerprints, List<String> superseded) {
        if (!superseded.isEmpty()) {
            jdbc.sql("""
                            UPDATE billing_determinant SET current = FALSE
                            WHERE period = ? AND service_point_code = ANY(?) AND current""")
                    .params(p.period().atDay(1), superseded.toArray(String[]::new)).update();
        }
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] codes = new String[n];
        Integer[] versions = new Integer[n];
        String[] consumerNos = new String[n];
        Boolean[] restated = new Boolean[n];
        String[] quality = new String[n];
        String[] bodies = new String[n];
        List<String[]> meters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Determinants d = rows.get(i);
            codes[i] = d.servicePointCode();
            versions[i] = d.version();
            consumerNos[i] = d.consumerNo();
            restated[i] = d.restated();
            quality[i] = d.quality().name();
            bodies[i] = json.writeValueAsString(d);
            for (Determinants.MeterPart m : d.meters()) {
                meters.add(new String[] {m.meterSerialNo(), d.servicePointCode(),
                        LocalDate.ofInstant(m.from(), DeterminantCalculator.IST).toString(),
                        LocalDate.ofInstant(m.to().minusSeconds(1), DeterminantCalculator.IST).toString()});
            }
        }
        jdbc.sql("""
                        INSERT INTO billing_determinant (service_point_code, period, version, group_code, consumer_no,
                                                         current, restated, quality, computed_at, fingerprint, body)
                        SELECT sp, ?, v, ?, c, TRUE, r, q, ?, f, b::json
                        FROM unnest(?::text[], ?::int[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[])
                             AS u(sp, v, c, r, q, f, b)""")
                .params(p.period().atDay(1), p.groupCode(), Timestamp.from(rows.get(0).computedAt()), codes, versions,
                        consumerNos, restated, quality, fingerprints.toArray(String[]::new), bodies)
                .update();
        if (!meters.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO billing_determinant_meter (meter_serial_no, period, service_point_code, first_day, last_day)
                            SELECT m, ?, sp, f::date, l::date FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
                                 AS u(m, sp, f, l)
                            ON CONFLICT (meter_serial_no, period, service_point_code) DO UPDATE
                            SET first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day""")
                    .params(p.period().atDay(1), meters.stream().map(m -> m[0]).toArray(String[]::new),
                            meters.stream().map(m -> m[1]).toArray(String[]::new),
                            meters.stream().map(m -> m[2]).toArray(String[]::new),
                            meters.stream().map(m -> m[3]).toArray(String[]::new))
                    .update();
        }
    }

    @Override
    public Optional<Determinants> current(String servicePointCode, YearMonth period) {
        return jdbc.sql("""
                        SELECT body FROM billing_determinant WHERE service_point_code = ? AND period = ? AND current""")
                .params(servicePointCode, period.atDay(1)).query(String.class).optional().map(this::read);
    }

    /** The current determinants of these service points for the period, by service point. */
    Map<String, Determinants> currentOf(YearMonth period, java.util.Collection<String> servicePointCodes) {
        Map<String, Determinants> out = new HashMap<>();
        jdbc.sql("SELECT body FROM billing_determinant WHERE period = ? AND service_point_code = ANY(?) AND current")
                .params(period.atDay(1), servicePointCodes.toArray(String[]::new)).query(String.class).list()
                .forEach(b -> {
                    Determinants d = read(b);
                    out.put(d.servicePointCode(), d);
                });
        return out;
    }

    @Override
    public List<Determinants> versions(String servicePointCode, YearMonth period) {
        return jdbc.sql("""
                        SELECT body FROM billing_determinant WHERE service_point_code = ? AND period = ?
                        ORDER BY version""")
                .params(servicePointCode, period.atDay(1)).query(String.class).list().stream().map(this::read).toList();
    }

    /** Current determinants of a cycle in service point order after {@code after}, optionally of one quality. */
    List<Determinants> ofCycle(String group, YearMonth period, Determinants.Quality quality, String after, int limit) {
        return jdbc.sql("""
                        SELECT body FROM billing_determinant
                        WHERE group_code = ? AND period = ? AND current AND service_point_code > ?
                          AND (?::text IS NULL OR quality = ?)
                        ORDER BY service_point_code LIMIT ?""")
                .params(group, period.atDay(1), after == null ? "" : after, quality == null ? null : quality.name(),
                        quality == null ? null : quality.name(), limit)
                .query(String.class).list().stream().map(this::read).toList();
    }

    /** Current determinants of a cycle per quality. */
    Map<String, Integer> qualityCounts(String group, YearMonth period) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT quality, count(*) FROM billing_determinant WHERE group_code = ? AND period = ? AND current
                        GROUP BY quality ORDER BY quality""")
                .params(group, period.atDay(1))
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                });
        return counts;
    }

    private Determinants read(String body) {
        return json.readValue(body, Determinants.class);
    }

    /** A hash of the figures: everything but the version, the restated flag and when it was computed. */
    private String fingerprint(Determinants d) {
        return HesSignature.sha256Hex(json.writeValueAsString(as(d, 0, false, null)).getBytes(StandardCharsets.UTF_8));
    }

    static Determinants as(Determinants d, int version, boolean restated, Instant computedAt) {
        return new Determinants(d.servicePointCode(), d.consumerNo(), d.groupCode(), d.period(), d.periodStart(),
                d.periodEnd(), version, restated, computedAt, d.tariffCategory(), d.importKwh(), d.importKvah(),
                d.exportKwh(), d.exportKvah(), d.netMetered(), d.maxDemandKw(), d.maxDemandKva(),
                d.intervalMaxDemandKw(), d.intervalMaxDemandKva(), d.averagePowerFactor(), d.intervals(),
                d.estimatedDays(), d.multiplier(), d.meters(), d.quality(), d.reasons(), d.checks());
    }

    private static Map<String, Map<String, Reading>> byType(Map<String, List<Reading>> registers) {
        Map<String, Map<String, Reading>> out = new HashMap<>();
        registers.forEach((serial, list) -> {
            Map<String, Reading> m = new HashMap<>();
            list.forEach(r -> m.put(r.readingType(), r));
            out.put(serial, m);
        });
        return out;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

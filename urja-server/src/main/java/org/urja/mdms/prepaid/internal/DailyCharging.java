package org.urja.mdms.prepaid.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.ServiceHistory;
import org.urja.mdms.network.ServiceHistory.MeterDay;
import org.urja.mdms.network.ServiceHistory.OnDay;
import org.urja.mdms.prepaid.Wallet;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.tariff.Charging;
import org.urja.mdms.tariff.DailyCharge;
import org.urja.mdms.tariff.Tariff;
import org.urja.mdms.tariff.Tariffs;
import org.urja.mdms.vee.DailyDataValidated;
import org.urja.mdms.vee.DaysValidated;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * UC1.4: the day's charge of a prepaid consumer, from VEE's validated day (estimates included and counted), under
 * the consumer's tariff in force that day, posted to the wallet once: the first outcome of a day is a DAILY_CHARGE
 * (reference {@code day:<date>}); a revised day (late actual, re-acquisition, edit) posts the difference as an
 * ADJUSTMENT (reference {@code day:<date>:v<version>}), never a silent rewrite. The listener runs after VEE's commit
 * through the event publication registry, and a day already charged on the same outcome is not charged again, so
 * redelivery never charges twice. The month's slab position is the units charged on the month's earlier days.
 *
 * <p>Set-wise: a batch of days (one VEE batch, or a chunk of a charging run) is charged in one transaction with a
 * fixed number of statements — the accounts locked in consumer order, the days already charged and the month's
 * units read at once, the entries inserted, balances, days, balance-policy states and meter credits written at once.
 * Within the batch a consumer's days are charged in date order, exactly as one posting after another would be.
 *
 * <p>Whose day it is and whether it is prepaid are judged as on that day ({@link ServiceHistory}, one query per batch),
 * not now: a day that arrives after a migration (UC13, UC14) or a meter change is charged by the mode and consumer of
 * its own day; a prepaid day of a consumer whose wallet has since been closed is reported as not chargeable.
 */
@Component
class DailyCharging {

    private static final Logger log = LoggerFactory.getLogger(DailyCharging.class);
    static final String BY = "prepaid-daily-charge";

    /** One meter-day to charge: its data version and estimated intervals as VEE reported them. */
    record Day(String meterSerialNo, LocalDate day, int version, int estimated) {
    }

    /** What a batch did: entries posted (new daily charges, adjustments), days unchanged, days not charged (and why). */
    record Outcome(int charged, int adjusted, int unchanged, int skipped, List<Wallet.Entry> entries,
                   List<NotCharged> notCharged) {
    }

    /** A prepaid meter-day that was not charged, and why. */
    record NotCharged(String consumerNo, String meterSerialNo, LocalDate day, String reason) {
    }

    /** How many {@link NotCharged} a run reports (the count of skipped days is complete). */
    static final int NOT_CHARGED_LISTED = 100;

    private final ServiceHistory network;
    private final ConsumerAccounts consumers;
    private final Tariffs tariffs;
    private final IntervalData data;
    private final JdbcClient jdbc;
    private final ObjectWriter detailWriter;
    private final BalancePolicy policy;
    private final CreditPush credit;
    private final TransactionTemplate tx;
    private final int chunk;
    private final int runThreads;

    DailyCharging(ServiceHistory network, ConsumerAccounts consumers, Tariffs tariffs, IntervalData data,
                  JdbcClient jdbc, JsonMapper json, BalancePolicy policy, CreditPush credit, TransactionTemplate tx,
                  @Value("${urja.prepaid.run.chunk:1000}") int chunk, @Value("${urja.prepaid.run.threads:2}") int runThreads) {
        this.tx = tx;
        this.chunk = chunk;
        this.runThreads = runThreads;
        this.network = network;
        this.consumers = consumers;
        this.tariffs = tariffs;
        this.data = data;
        this.jdbc = jdbc;
        this.detailWriter = json.writerFor(Detail.class);
        this.policy = policy;
        this.credit = credit;
    }

    /** What a charging run did over one day. */
    record Run(LocalDate day, int metersWithData, int prepaidDays, int charged, int adjusted, int unchanged, int skipped,
               double seconds, List<NotCharged> notCharged) {
    }

    /**
     * Charges every prepaid consumer's {@code day} from its current data, in chunks of {@code urja.prepaid.run.chunk}
     * (1,000) meters, one transaction each, {@code urja.prepaid.run.threads} (2) chunks at a time: days not charged
     * yet (validated before the consumer's tariff or account existed) are charged, changed days adjusted, the rest
     * left alone — so a run after a run changes nothing. Meant for a day VEE has settled (it charges the day as it
     * stands).
     */
    Run run(LocalDate day) {
        long started = System.nanoTime();
        List<String> serials = data.metersWithData(Channel.KWH_IMPORT, day);
        List<Callable<Outcome>> chunks = new ArrayList<>();
        for (int from = 0; from < serials.size(); from += chunk) {
            List<String> part = serials.subList(from, Math.min(serials.size(), from + chunk));
            chunks.add(() -> {
                Map<MeterDay, OnDay> meters = network.onDays(part.stream().map(serial -> new MeterDay(serial, day)).toList());
                List<String> prepaid = part.stream().filter(serial -> isPrepaid(meters.get(new MeterDay(serial, day)))).toList();
                if (prepaid.isEmpty()) {
                    return new Outcome(0, 0, 0, 0, List.of(), List.of());
                }
                Map<String, Integer> versions = data.currentVersions(prepaid, Channel.KWH_IMPORT, day);
                List<Day> days = prepaid.stream().filter(versions::containsKey)
                        .map(serial -> new Day(serial, day, versions.get(serial), -1)).toList();
                return tx.execute(status -> charge(days, meters));
            });
        }
        int prepaidDays = 0;
        int charged = 0;
        int adjusted = 0;
        int unchanged = 0;
        int skipped = 0;
        List<NotCharged> notCharged = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(runThreads);
        try {
            for (Future<Outcome> f : pool.invokeAll(chunks)) {
                Outcome o = f.get();
                prepaidDays += o.charged() + o.adjusted() + o.unchanged() + o.skipped();
                charged += o.charged();
                adjusted += o.adjusted();
                unchanged += o.unchanged();
                skipped += o.skipped();
                o.notCharged().stream().limit(NOT_CHARGED_LISTED - notCharged.size()).forEach(notCharged::add);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("charging run interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
        return new Run(day, serials.size(), prepaidDays, charged, adjusted, unchanged, skipped,
                (System.nanoTime() - started) / 1e9, notCharged);
    }

    /** One VEE batch, charged in this listener's transaction. */
    @ApplicationModuleListener
    void on(DaysValidated batch) {
        charge(batch.days().stream().map(d -> new Day(d.meterSerialNo(), d.day(), d.version(), d.estimated())).toList());
    }

    private record Work(String consumerNo, String serial, Day day, ConsumerAccount account, Tariff tariff,
                        Map<String, BigDecimal> zones, BigDecimal units, boolean keepsBalance) {
    }

    private record Charged(int version, long paise, BigDecimal units, String meter, int estimated, String tariff) {
    }

    /** The entry's detail: what was charged on what (a statement line by line). */
    private record Detail(String meter, int dataVersion, BigDecimal units, int estimatedIntervals, String tariff,
                          List<DailyCharge.Line> lines) {
    }

    private record Posting(String consumerNo, Wallet.Kind kind, long amount, long balanceAfter, String reference,
                           LocalDate day, String detail, String meter, long before) {
    }

    /** Charges (or adjusts) the days of prepaid consumers among {@code days}; other meters are left out. */
    @Transactional
    Outcome charge(List<Day> days) {
        return charge(days, network.onDays(days.stream().map(d -> new MeterDay(d.meterSerialNo(), d.day())).distinct()
                .toList()));
    }

    /** Prepaid on its day: serving a consumer then, in prepaid mode then. */
    private static boolean isPrepaid(OnDay m) {
        return m != null && m.consumerNo() != null && m.paymentMode() == PaymentMode.PREPAID;
    }

    /** {@link #charge(List)} with the meters as on their days at hand (a day's {@code estimated} < 0: counted here). */
    private Outcome charge(List<Day> days, Map<MeterDay, OnDay> onDays) {
        Map<Day, OnDay> meters = new HashMap<>();
        days.forEach(d -> meters.put(d, onDays.get(new MeterDay(d.meterSerialNo(), d.day()))));
        List<Day> prepaid = days.stream().filter(d -> isPrepaid(meters.get(d))).toList();
        if (prepaid.isEmpty()) {
            return new Outcome(0, 0, 0, 0, List.of(), List.of());
        }
        List<NotCharged> notCharged = new ArrayList<>();
        Map<String, ConsumerAccount> accounts = consumers.findAll(prepaid.stream()
                .map(d -> meters.get(d).consumerNo()).collect(Collectors.toSet()));
        Map<LocalDate, List<String>> serialsByDay = prepaid.stream().collect(Collectors.groupingBy(Day::day,
                Collectors.mapping(Day::meterSerialNo, Collectors.toList())));
        Map<LocalDate, Map<String, List<DaySeries>>> series = new HashMap<>();
        serialsByDay.forEach((day, serials) -> series.put(day, data.currentRange(serials, Channel.KWH_IMPORT, day, day)));
        Map<String, Optional<Tariff>> tariffCache = new HashMap<>();
        Map<ZoneKey, String[]> zoneSlots = new HashMap<>();

        List<Work> work = new ArrayList<>();
        int skipped = 0;
        for (Day d : prepaid) {
            OnDay meter = meters.get(d);
            ConsumerAccount account = accounts.get(meter.consumerNo());
            Tariff tariff = account == null ? null : tariffCache.computeIfAbsent(account.tariffCategory() + "@" + d.day(),
                    k -> tariffs.effective(account.tariffCategory(), d.day())).orElse(null);
            if (tariff == null) {
                skipped++;
                notCharged.add(new NotCharged(meter.consumerNo(), d.meterSerialNo(), d.day(), account == null
                        ? "consumer " + meter.consumerNo() + " is not registered"
                        : "no tariff " + account.tariffCategory() + " in force on " + d.day()));
                continue;
            }
            List<DaySeries> found = series.get(d.day()).getOrDefault(d.meterSerialNo(), List.of());
            DaySeries s = found.isEmpty() ? null : found.get(0);
            Map<String, BigDecimal> zones = s == null ? Map.of() : unitsByZone(zoneSlots.computeIfAbsent(
                    new ZoneKey(tariff, s.intervalMinutes()), DailyCharging::zoneOfSlot), s);
            Day counted = d.estimated() >= 0 ? d : new Day(d.meterSerialNo(), d.day(), d.version(), s == null ? 0
                    : (int) IntStream.range(0, s.slots()).filter(i -> IntervalFlags.has(s.flags()[i], IntervalFlags.ESTIMATED))
                            .count());
            work.add(new Work(meter.consumerNo(), d.meterSerialNo(), counted, account, tariff, zones,
                    zones.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add), credit.keepsBalance(meter.meter())));
        }
        if (work.isEmpty()) {
            return notCharged(new Outcome(0, 0, 0, skipped, List.of(), notCharged));
        }
        work.sort(Comparator.comparing(Work::consumerNo).thenComparing(w -> w.day().day()));
        String[] lockNos = work.stream().map(Work::consumerNo).distinct().toArray(String[]::new);

        // Serialise with every other posting of these consumers: their account rows, locked in a fixed order.
        jdbc.sql("INSERT INTO prepaid_account (consumer_no) SELECT unnest(?::text[]) ORDER BY 1 ON CONFLICT DO NOTHING")
                .param(lockNos).update();
        Map<String, Long> balances = new HashMap<>();
        Map<String, OffsetDateTime> closed = new HashMap<>();
        jdbc.sql("""
                        SELECT consumer_no, balance_paise, closed_at FROM prepaid_account WHERE consumer_no = ANY(?)
                        ORDER BY consumer_no FOR UPDATE""")
                .param(lockNos).query((rs, i) -> {
                    OffsetDateTime closedAt = rs.getObject(3, OffsetDateTime.class);
                    if (closedAt != null) {
                        closed.put(rs.getString(1), closedAt);
                    }
                    return balances.put(rs.getString(1), rs.getLong(2));
                }).list();
        if (!closed.isEmpty()) {
            // A prepaid day of a consumer who has left prepaid since (UC14): the wallet is closed, the day is for the bill.
            for (Work w : work) {
                OffsetDateTime at = closed.get(w.consumerNo());
                if (at != null) {
                    skipped++;
                    notCharged.add(new NotCharged(w.consumerNo(), w.serial(), w.day().day(), "prepaid wallet closed on "
                            + at.atZoneSameInstant(java.time.ZoneId.of("Asia/Kolkata")).toLocalDate()
                            + ": the day was prepaid, but the consumer has left prepaid since; settle it in their bill"));
                }
            }
            work.removeIf(w -> closed.containsKey(w.consumerNo()));
            if (work.isEmpty()) {
                return notCharged(new Outcome(0, 0, 0, skipped, List.of(), notCharged));
            }
        }
        String[] consumerNos = work.stream().map(Work::consumerNo).distinct().toArray(String[]::new);

        String[] keyConsumers = work.stream().map(Work::consumerNo).toArray(String[]::new);
        String[] keyDays = work.stream().map(w -> w.day().day().toString()).toArray(String[]::new);
        Map<String, Charged> charged = new HashMap<>();
        jdbc.sql("""
                        SELECT p.consumer_no, p.day, p.data_version, p.charged_paise, p.units, p.meter_serial, p.estimated, p.tariff
                        FROM prepaid_day p JOIN unnest(?::text[], ?::date[]) AS t(c, d) ON p.consumer_no = t.c AND p.day = t.d""")
                .params(keyConsumers, keyDays)
                .query((rs, i) -> charged.put(key(rs.getString(1), rs.getObject(2, LocalDate.class)), new Charged(rs.getInt(3),
                        rs.getLong(4), rs.getBigDecimal(5), rs.getString(6), rs.getInt(7), rs.getString(8)))).list();
        Map<String, BigDecimal> monthBefore = new HashMap<>();
        jdbc.sql("""
                        SELECT t.c, t.d, coalesce(sum(p.units), 0) FROM unnest(?::text[], ?::date[]) AS t(c, d)
                        LEFT JOIN prepaid_day p ON p.consumer_no = t.c AND p.day >= date_trunc('month', t.d)::date AND p.day < t.d
                        GROUP BY t.c, t.d""")
                .params(keyConsumers, keyDays)
                .query((rs, i) -> monthBefore.put(key(rs.getString(1), rs.getObject(2, LocalDate.class)), rs.getBigDecimal(3)))
                .list();
        Set<String> references = new HashSet<>(); // adjustments already posted (only revised days have any)
        if (!charged.isEmpty()) {
            jdbc.sql("""
                            SELECT consumer_no || '|' || reference FROM wallet_entry
                            WHERE consumer_no = ANY(?) AND kind = 'ADJUSTMENT' AND day = ANY(?::date[])""")
                    .params(consumerNos, work.stream().map(w -> w.day().day().toString()).distinct().toArray(String[]::new))
                    .query((rs, i) -> references.add(rs.getString(1))).list();
        }

        // In date order per consumer: each day's charge from the month's units before it (earlier days of this batch
        // included), the difference from what the day was charged before, the running balance.
        List<Posting> postings = new ArrayList<>();
        Map<String, Charged> written = new LinkedHashMap<>();
        Map<String, List<Map.Entry<LocalDate, BigDecimal>>> unitChanges = new HashMap<>(); // per consumer, this batch
        Map<String, String> creditMeters = new HashMap<>();
        int unchanged = 0;
        for (Work w : work) {
            LocalDate day = w.day().day();
            String k = key(w.consumerNo(), day);
            BigDecimal before = monthBefore.get(k);
            for (Map.Entry<LocalDate, BigDecimal> change : unitChanges.getOrDefault(w.consumerNo(), List.of())) {
                if (change.getKey().isBefore(day) && change.getKey().withDayOfMonth(1).equals(day.withDayOfMonth(1))) {
                    before = before.add(change.getValue());
                }
            }
            DailyCharge charge;
            try {
                charge = Charging.daily(w.tariff(), day, w.zones(), before, w.account().sanctionedLoadKw());
            } catch (IllegalArgumentException e) {
                skipped++;
                notCharged.add(new NotCharged(w.consumerNo(), w.serial(), day, e.getMessage()));
                continue;
            }
            String tariff = w.tariff().category() + "@" + w.tariff().effectiveFrom();
            Charged previous = written.containsKey(k) ? written.get(k) : charged.get(k);
            long total = charge.totalPaise();
            Wallet.Kind kind;
            long amount;
            String reference;
            if (previous == null) {
                kind = Wallet.Kind.DAILY_CHARGE;
                amount = -total;
                reference = "day:" + day;
            } else {
                long difference = total - previous.paise();
                if (previous.version() == w.day().version() && difference == 0) {
                    unchanged++; // the same outcome again (a redelivery, or a re-run that changed nothing)
                    continue;
                }
                kind = Wallet.Kind.ADJUSTMENT;
                amount = -difference;
                reference = "day:" + day + ":v" + w.day().version();
                if (references.contains(w.consumerNo() + "|" + reference)) {
                    reference = reference + ":" + total; // the same version charged anew (e.g. another tariff in force)
                }
            }
            written.put(k, new Charged(w.day().version(), total, w.units(), w.serial(), w.day().estimated(), tariff));
            unitChanges.computeIfAbsent(w.consumerNo(), c -> new ArrayList<>()).add(Map.entry(day,
                    w.units().subtract(previous == null ? BigDecimal.ZERO : previous.units())));
            if (amount == 0 && kind == Wallet.Kind.ADJUSTMENT) {
                continue; // another version with the same charge: recorded, nothing to post
            }
            references.add(w.consumerNo() + "|" + reference);
            long balance = balances.get(w.consumerNo());
            long after = Math.addExact(balance, amount);
            balances.put(w.consumerNo(), after);
            String detail = detailWriter.writeValueAsString(new Detail(w.serial(), w.day().version(), w.units(),
                    w.day().estimated(), tariff, charge.lines()));
            postings.add(new Posting(w.consumerNo(), kind, amount, after, reference, day, detail, w.serial(), balance));
            if (w.keepsBalance()) {
                creditMeters.put(w.consumerNo(), w.serial());
            }
        }

        List<Wallet.Entry> entries = insert(postings);
        if (!postings.isEmpty()) {
            Map<String, Integer> counts = postings.stream().collect(Collectors.toMap(Posting::consumerNo, p -> 1, Integer::sum));
            jdbc.sql("""
                            UPDATE prepaid_account a SET balance_paise = t.b, entries = a.entries + t.n, updated_at = now()
                            FROM unnest(?::text[], ?::bigint[], ?::int[]) AS t(c, b, n) WHERE a.consumer_no = t.c""")
                    .params(counts.keySet().toArray(String[]::new),
                            counts.keySet().stream().map(balances::get).toArray(Long[]::new),
                            counts.values().toArray(Integer[]::new))
                    .update();
        }
        if (!written.isEmpty()) {
            List<String> keys = List.copyOf(written.keySet());
            jdbc.sql("""
                            INSERT INTO prepaid_day AS p (consumer_no, day, meter_serial, data_version, units, estimated, charged_paise, tariff)
                            SELECT * FROM unnest(?::text[], ?::date[], ?::text[], ?::int[], ?::numeric[], ?::int[], ?::bigint[], ?::text[])
                            ON CONFLICT (consumer_no, day) DO UPDATE SET data_version = EXCLUDED.data_version, units = EXCLUDED.units,
                                estimated = EXCLUDED.estimated, charged_paise = EXCLUDED.charged_paise, charged_at = now()""")
                    .param(keys.stream().map(k -> k.substring(0, k.lastIndexOf('|'))).toArray(String[]::new))
                    .param(keys.stream().map(k -> k.substring(k.lastIndexOf('|') + 1)).toArray(String[]::new))
                    .param(keys.stream().map(k -> written.get(k).meter()).toArray(String[]::new))
                    .param(keys.stream().map(k -> written.get(k).version()).toArray(Integer[]::new))
                    .param(keys.stream().map(k -> written.get(k).units()).toArray(BigDecimal[]::new))
                    .param(keys.stream().map(k -> written.get(k).estimated()).toArray(Integer[]::new))
                    .param(keys.stream().map(k -> written.get(k).paise()).toArray(Long[]::new))
                    .param(keys.stream().map(k -> written.get(k).tariff()).toArray(String[]::new))
                    .update();
        }

        // The balance rules, posting by posting, with each consumer's state read and written once.
        if (!entries.isEmpty()) {
            Map<String, BalancePolicy.State> states = policy.load(postings.stream().map(Posting::consumerNo).distinct().toList());
            Map<String, BalancePolicy.State> loaded = Map.copyOf(states);
            for (int i = 0; i < postings.size(); i++) {
                Posting p = postings.get(i);
                states.put(p.consumerNo(), policy.step(states.get(p.consumerNo()), p.meter(), p.before(), p.balanceAfter(),
                        entries.get(i).id()));
            }
            policy.save(states.values().stream().filter(s -> !s.equals(loaded.get(s.consumerNo()))).toList());
            credit.changed(creditMeters);
        }
        int adjusted = (int) postings.stream().filter(p -> p.kind() == Wallet.Kind.ADJUSTMENT).count();
        return notCharged(new Outcome(postings.size() - adjusted, adjusted, unchanged, skipped, entries, notCharged));
    }

    /** Logs what was not charged (with an example and why) and returns the outcome. */
    private static Outcome notCharged(Outcome o) {
        if (!o.notCharged().isEmpty()) {
            NotCharged e = o.notCharged().get(0);
            log.warn("{} prepaid meter-days not charged (e.g. {} {} of {}: {})", o.notCharged().size(), e.meterSerialNo(),
                    e.day(), e.consumerNo(), e.reason());
        }
        return o;
    }

    /** Inserts the postings in one statement; returns their entries in the same order. */
    private List<Wallet.Entry> insert(List<Posting> postings) {
        if (postings.isEmpty()) {
            return List.of();
        }
        Map<String, Wallet.Entry> byKey = new HashMap<>();
        jdbc.sql("""
                        INSERT INTO wallet_entry (consumer_no, kind, amount_paise, balance_after, reference, day, detail, created_by)
                        SELECT c, k, a, b, r, d, j::jsonb, ? FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[],
                                                                       ?::date[], ?::text[]) AS t(c, k, a, b, r, d, j)
                        RETURNING id, consumer_no, kind, amount_paise, balance_after, reference, day, created_by, created_at""")
                .param(BY)
                .param(postings.stream().map(Posting::consumerNo).toArray(String[]::new))
                .param(postings.stream().map(p -> p.kind().name()).toArray(String[]::new))
                .param(postings.stream().map(Posting::amount).toArray(Long[]::new))
                .param(postings.stream().map(Posting::balanceAfter).toArray(Long[]::new))
                .param(postings.stream().map(Posting::reference).toArray(String[]::new))
                .param(postings.stream().map(p -> p.day().toString()).toArray(String[]::new))
                .param(postings.stream().map(Posting::detail).toArray(String[]::new))
                .query((rs, i) -> new Wallet.Entry(rs.getLong(1), rs.getString(2), Wallet.Kind.valueOf(rs.getString(3)),
                        rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class).toInstant()))
                .list().forEach(e -> byKey.put(e.consumerNo() + "|" + e.kind() + "|" + e.reference(), e));
        return postings.stream().map(p -> byKey.get(p.consumerNo() + "|" + p.kind() + "|" + p.reference())).toList();
    }

    private record ZoneKey(Tariff tariff, int intervalMinutes) {
    }

    /** The ToD zone of each slot of a day under the tariff, as {@link Charging#unitsByZone} assigns it. */
    private static String[] zoneOfSlot(ZoneKey k) {
        String[] zones = new String[1440 / k.intervalMinutes()];
        for (int i = 0; i < zones.length; i++) {
            LocalTime start = LocalTime.MIN.plusMinutes((long) i * k.intervalMinutes());
            zones[i] = k.tariff().todZones().stream().filter(z -> z.contains(start)).map(Tariff.TodZone::name)
                    .findFirst().orElse(Charging.NORMAL);
        }
        return zones;
    }

    /**
     * The day's kWh per zone — the same figures as {@link Charging#unitsByZone} (exact, scale 3, zones in the order of
     * their first present slot), summed in the stored integer unit and converted once per zone.
     */
    private static Map<String, BigDecimal> unitsByZone(String[] zoneOfSlot, DaySeries s) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < s.slots(); i++) {
            if (IntervalFlags.has(s.flags()[i], IntervalFlags.PRESENT)) {
                sums.computeIfAbsent(zoneOfSlot[i], z -> new long[1])[0] += s.values()[i];
            }
        }
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        sums.forEach((zone, sum) -> out.put(zone, BigDecimal.valueOf(sum[0])
                .divide(BigDecimal.valueOf(Channel.KWH_IMPORT.scale()), 3, RoundingMode.UNNECESSARY)));
        return out;
    }

    private static String key(String consumerNo, LocalDate day) {
        return consumerNo + "|" + day;
    }
}

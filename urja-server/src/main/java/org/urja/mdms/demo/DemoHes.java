package org.urja.mdms.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.ConsumerClass;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.MeterCategory;
import org.urja.hes.fleet.MeterSpec;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.internal.Collector;
import org.urja.mdms.network.Dcu;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalData;

/**
 * Starts an embedded reference HES for the demo network's meters once the server is up: it answers the MDM's
 * commands and read requests and collects on a real-time schedule. Each meter is commissioned when it entered the
 * network (the demo installs its meters on the first day of the previous calendar month). So that the demo has data
 * at once, a background thread then backfills, in this order:
 * <ol>
 * <li>yesterday's daily collection of every meter, and the alarms (tamper, last gasp / first breath, overload) of
 * the previous calendar month up to now;</li>
 * <li>the previous calendar month, day by day, of the postpaid consumer meters (the demo's bill group), and their
 * billing profiles at the month's reset — so that month can be billed. Prepaid meters are not backfilled further
 * than yesterday: their wallets would be charged for every day. A day that most of these meters already have (a
 * restart) is skipped.</li>
 * </ol>
 * Message ids name their content (alarms: their period), so anything sent again after a restart is a harmless re-send.
 */
@Component
@ConditionalOnBooleanProperty(name = {"urja.demo.enabled", "urja.demo.hes.enabled"})
class DemoHes implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoHes.class);
    private static final ZoneOffset IST = DemoData.IST;
    private static final long SEED = 16444L;

    private final NetworkRegistry network;
    private final IntervalData intervals;
    private final Environment env;
    private volatile ReferenceHes hes;
    private volatile boolean closed;

    DemoHes(NetworkRegistry network, IntervalData intervals, Environment env) {
        this.network = network;
        this.intervals = intervals;
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, IST);
        Map<String, Instant> inNetworkSince = inNetworkSince();
        // At least 30 days ago: a demo loaded before its meters were installed a month back has data of yesterday too.
        Instant monthAgo = today.minusDays(30).atStartOfDay(IST).toInstant();
        List<Meter> meters = network.metersUnder(DemoData.DEMO_CIRCLE, 100_000, 0);
        List<MeterSpec> specs = meters.stream().map(m -> spec(m,
                        Collections.min(List.of(inNetworkSince.getOrDefault(m.serialNo(), monthAgo), monthAgo))))
                .toList();
        Instant commissioned = specs.stream().map(MeterSpec::commissionedAt).min(Comparator.naturalOrder()).orElse(monthAgo);
        HesConfig config = HesConfig.defaults(
                        "http://127.0.0.1:" + env.getProperty("local.server.port") + "/api/v1/hes",
                        env.getRequiredProperty("urja.access.hes-secret"), env.getRequiredProperty("urja.hes.outbound-secret"))
                .withPort(env.getProperty("urja.demo.hes.port", Integer.class, 8090))
                .withFaults(FaultProfile.realistic())
                .withTiming(Duration.ofSeconds(2), Duration.ofSeconds(20))
                .withClock(now, 1.0);
        hes = ReferenceHes.start(config, new Fleet(SEED, specs, config.faults()));
        // The demo's DCUs, with clocks drifting since the meters were commissioned (UC10.1).
        network.dcus(10_000, 0).stream().filter(Dcu::active).forEach(d -> hes.addDcu(d.code(), commissioned));
        Set<String> postpaid = meters.stream().filter(DemoData::postpaidConsumer).map(Meter::serialNo)
                .collect(Collectors.toSet());
        // The billing month's meters are collected by a collector of their own (the same meters, seed and faults give
        // the same data), so the HES's scheduled collection of today is left alone.
        Fleet billed = new Fleet(SEED, specs.stream().filter(s -> postpaid.contains(s.serialNo())).toList(), config.faults());
        Collector monthCollector = new Collector(config.hesId(), billed, hes.mdm(), config.collectionAttempts(),
                config.batchSize(), hes.clock());
        YearMonth month = YearMonth.from(today).minusMonths(1);
        Thread backfill = new Thread(() -> backfill(today, now, month, monthCollector, postpaid), "demo-hes-backfill");
        backfill.setDaemon(true);
        backfill.start();
    }

    private void backfill(LocalDate today, Instant now, YearMonth month, Collector monthCollector,
                          Set<String> postpaid) {
        try {
            long started = System.nanoTime();
            var report = hes.collectDaily(today.minusDays(1));
            log.info("Demo HES backfilled yesterday: {} messages, {} intervals", report.messagesSent(), report.intervalsSent());
            int alarms = 0;
            for (LocalDate d = month.atDay(1); d.isBefore(today); d = d.plusDays(1)) {
                alarms += hes.pushAlarms(d.atStartOfDay(IST).toInstant(), d.plusDays(1).atStartOfDay(IST).toInstant());
            }
            alarms += hes.pushAlarms(today.atStartOfDay(IST).toInstant(), now);
            int days = 0;
            long sent = 0;
            for (LocalDate d = month.atDay(1); !d.isAfter(month.atEndOfMonth()) && d.isBefore(today); d = d.plusDays(1)) {
                if (closed) {
                    return;
                }
                long in = intervals.metersWithData(Channel.KWH_IMPORT, d).stream().filter(postpaid::contains).count();
                if (in * 10 >= postpaid.size() * 9L) {
                    continue; // in already (a restart)
                }
                sent += monthCollector.collectDaily(d).intervalsSent();
                days++;
            }
            monthCollector.collectMonthly(month);
            log.info("Demo HES backfilled {} alarms since {}, and {} ({} days not in yet, {} intervals) with the billing "
                            + "profiles of {} postpaid meters in {} s: bill group {} can be billed for {}", alarms,
                    month.atDay(1), month, days, sent, postpaid.size(), (System.nanoTime() - started) / 1_000_000_000,
                    DemoBilling.BILL_GROUP, month);
        } catch (RuntimeException e) {
            log.warn("Demo HES backfill stopped", e);
        }
    }

    /** When each meter placed now entered the network (its first placement). */
    private Map<String, Instant> inNetworkSince() {
        Map<String, Instant> since = new HashMap<>();
        String after = null;
        while (true) {
            List<NetworkRegistry.PlacedMeter> page = network.placedMeters(after, 10_000);
            if (page.isEmpty()) {
                return since;
            }
            page.forEach(p -> since.put(p.meter().serialNo(), p.inNetworkSince()));
            after = page.get(page.size() - 1).meter().serialNo();
        }
    }

    private static MeterSpec spec(Meter m, Instant commissioned) {
        MeterCategory category = MeterCategory.valueOf(m.category().name());
        ConsumerClass consumerClass = switch (category) {
            case SINGLE_PHASE_WC -> ConsumerClass.RESIDENTIAL;
            case THREE_PHASE_WC -> ConsumerClass.COMMERCIAL;
            case LT_CT, HT_CT -> ConsumerClass.INDUSTRIAL;
        };
        double load = switch (category) {
            case SINGLE_PHASE_WC -> 3;
            case THREE_PHASE_WC -> 10;
            case LT_CT -> 45;
            case HT_CT -> 400;
        };
        return new MeterSpec(m.serialNo(), category, consumerClass, m.intervalMinutes(),
                PaymentMode.valueOf(m.paymentMode().name()), m.multiplier() == null ? BigDecimal.ONE : m.multiplier(),
                load, commissioned);
    }

    @Override
    public void destroy() {
        closed = true;
        if (hes != null) {
            hes.close();
        }
    }
}

package org.urja.mdms.demo;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

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
import org.urja.mdms.network.Dcu;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;

/**
 * Starts an embedded reference HES for the demo network's meters once the server is up: it answers the MDM's
 * commands and read requests, collects on a real-time schedule, and backfills yesterday's daily collection so the
 * demo has data at once (message ids name their content, so the same backfill after a restart is a harmless re-send).
 */
@Component
@ConditionalOnBooleanProperty(name = {"urja.demo.enabled", "urja.demo.hes.enabled"})
class DemoHes implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoHes.class);
    private static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private final NetworkRegistry network;
    private final Environment env;
    private volatile ReferenceHes hes;

    DemoHes(NetworkRegistry network, Environment env) {
        this.network = network;
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Instant now = Instant.now();
        Instant commissioned = LocalDate.ofInstant(now, IST).minusDays(30).atStartOfDay(IST).toInstant();
        List<MeterSpec> specs = network.metersUnder("DEMO-C1", 100_000, 0).stream()
                .map(m -> spec(m, commissioned)).toList();
        HesConfig config = HesConfig.defaults(
                        "http://127.0.0.1:" + env.getProperty("local.server.port") + "/api/v1/hes",
                        env.getRequiredProperty("urja.access.hes-secret"), env.getRequiredProperty("urja.hes.outbound-secret"))
                .withPort(env.getProperty("urja.demo.hes.port", Integer.class, 8090))
                .withFaults(FaultProfile.realistic())
                .withTiming(Duration.ofSeconds(2), Duration.ofSeconds(20))
                .withClock(now, 1.0);
        hes = ReferenceHes.start(config, new Fleet(16444L, specs, config.faults()));
        // The demo's DCUs, with clocks drifting since the meters were commissioned (UC10.1).
        network.dcus(10_000, 0).stream().filter(Dcu::active).forEach(d -> hes.addDcu(d.code(), commissioned));
        Thread backfill = new Thread(() -> {
            var report = hes.collectDaily(LocalDate.ofInstant(now, IST).minusDays(1));
            log.info("Demo HES backfilled yesterday: {} messages, {} intervals", report.messagesSent(), report.intervalsSent());
        }, "demo-hes-backfill");
        backfill.setDaemon(true);
        backfill.start();
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
        if (hes != null) {
            hes.close();
        }
    }
}

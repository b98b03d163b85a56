package org.urja.hes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.urja.hes.contract.NetworkChange;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.SimClock;
import org.urja.hes.fleet.VirtualDcu;
import org.urja.hes.internal.AlarmPusher;
import org.urja.hes.internal.Collector;
import org.urja.hes.internal.ControlExecutor;
import org.urja.hes.internal.HesHttpServer;
import org.urja.hes.internal.MdmClient;
import org.urja.hes.internal.ReadRequestExecutor;
import tools.jackson.databind.json.JsonMapper;

/**
 * A reference head-end system: a simulated meter fleet behind the HES contract. Runs on its own ({@link Main}) or
 * embedded in the MDM's demo and tests. With a running simulated clock it collects on schedule: block load
 * incrementally every simulated hour, the daily profile after each IST midnight, the billing profile after each
 * month's reset, and alarms as they happen.
 */
public final class ReferenceHes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReferenceHes.class);
    private static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private final HesConfig config;
    private final Fleet fleet;
    private final SimClock clock;
    private final MdmClient mdm;
    private final Collector collector;
    private final AlarmPusher alarms;
    private final HesHttpServer server;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final ControlExecutor controls;
    private final Map<String, VirtualDcu> dcus = new ConcurrentHashMap<>();
    private volatile Instant lastTick;

    private ReferenceHes(HesConfig config, Fleet fleet) {
        this.config = config;
        this.fleet = fleet;
        this.clock = config.simSpeed() == 0 ? SimClock.manual(config.simStart()) : new SimClock(config.simStart(),
                config.simSpeed());
        JsonMapper json = contractJson();
        this.mdm = new MdmClient(config.mdmUrl(), config.outboundKeyId(), config.outboundSecret(), json);
        this.collector = new Collector(config.hesId(), fleet, mdm, config.collectionAttempts(), config.batchSize(), clock);
        this.alarms = new AlarmPusher(config.hesId(), fleet, mdm, config.batchSize());
        this.scheduler = Executors.newScheduledThreadPool(2, r -> daemon(r, "hes-scheduler"));
        this.workers = Executors.newFixedThreadPool(4, r -> daemon(r, "hes-worker"));
        this.controls = new ControlExecutor(config.hesId(), fleet, dcus, mdm, scheduler, clock,
                config.commandLatency(), config.meterTimeout());
        ReadRequestExecutor reads = new ReadRequestExecutor(config.hesId(), fleet, mdm, workers, clock, config.batchSize());
        try {
            this.server = new HesHttpServer(config.bindAddress(), config.port(), config.inboundKeyId(), config.inboundSecret(), json, controls,
                    reads, workers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.lastTick = clock.instant();
        if (config.schedule() && config.simSpeed() > 0) {
            scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        }
        log.info("Reference HES {} listening on port {} with {} meters; MDM at {}", config.hesId(), server.port(),
                fleet.meters().size(), config.mdmUrl());
    }

    /** The JSON mapper the HES reads and writes contract messages with (what it sends is this mapper's bytes). */
    public static JsonMapper contractJson() {
        return JsonMapper.builder().disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    }

    /** Starts a HES for the fleet. */
    public static ReferenceHes start(HesConfig config, Fleet fleet) {
        return new ReferenceHes(config, fleet);
    }

    public int port() {
        return server.port();
    }

    /** Base URL of this HES's side of the contract, e.g. {@code http://127.0.0.1:34567/hes/v1}. */
    public String baseUrl() {
        String host = "0.0.0.0".equals(config.bindAddress()) ? "127.0.0.1" : config.bindAddress();
        return "http://" + host + ":" + port() + "/hes/v1";
    }

    public Fleet fleet() {
        return fleet;
    }

    public SimClock clock() {
        return clock;
    }

    public MdmClient mdm() {
        return mdm;
    }

    /** Scheduled daily collection for one IST day (UC1.1–1.3), run now. */
    public Collector.Report collectDaily(LocalDate istDay) {
        return collector.collectDaily(istDay);
    }

    /** Intraday incremental block-load collection up to {@code upTo} (UC1.2). */
    public Collector.Report collectIncremental(Instant upTo) {
        return collector.collectIncremental(upTo);
    }

    /** Scheduled monthly billing-profile collection (UC2.2–2.4), run now. */
    public Collector.Report collectMonthly(YearMonth month) {
        return collector.collectMonthly(month);
    }

    /** Pushes the high-priority events of a period (UC5.1–5.2, UC7.1–7.2, UC9.1); returns how many. */
    public int pushAlarms(Instant from, Instant to) {
        return alarms.push(from, to);
    }

    /**
     * Reports a network change seen in the field (UC11.1) to the MDM (UC11.2); returns the MDM's HTTP status. A DCU
     * added or removed joins or leaves the DCUs this HES serves.
     */
    public int reportNetworkChange(NetworkChange change) {
        if ("DcuAdded".equals(change.changeType()) && change.dcuCode() != null) {
            addDcu(change.dcuCode(), change.occurredAt());
        } else if ("DcuRemoved".equals(change.changeType()) && change.dcuCode() != null) {
            dcus.remove(change.dcuCode());
        }
        return mdm.send("/network-changes", change).status();
    }

    /** Serves a DCU installed at {@code installedAt} (its clock drifts from then on); an existing one is kept. */
    public VirtualDcu addDcu(String code, Instant installedAt) {
        return dcus.computeIfAbsent(code, c -> new VirtualDcu(fleet.seed(), c, installedAt));
    }

    /** A DCU this HES serves. */
    public Optional<VirtualDcu> dcu(String code) {
        return Optional.ofNullable(dcus.get(code));
    }

    /** Fault injection: acknowledge commands but never report their outcome (the MDM must time them out). */
    public void dropCommandOutcomes(boolean drop) {
        controls.dropOutcomes(drop);
    }

    /** One scheduler step: everything due between the previous step and the simulated now. */
    void tick() {
        try {
            Instant now = clock.instant();
            Instant previous = lastTick;
            if (!now.isAfter(previous)) {
                return;
            }
            if (now.getEpochSecond() / 3600 > previous.getEpochSecond() / 3600) {
                collector.collectIncremental(Instant.ofEpochSecond(now.getEpochSecond() / 3600 * 3600));
            }
            LocalDate today = LocalDate.ofInstant(now, IST);
            LocalDate before = LocalDate.ofInstant(previous, IST);
            for (LocalDate d = before; d.isBefore(today); d = d.plusDays(1)) {
                collector.collectDaily(d);
                if (d.plusDays(1).getDayOfMonth() == 1) {
                    collector.collectMonthly(YearMonth.from(d));
                }
            }
            alarms.push(previous, now);
            lastTick = now;
        } catch (RuntimeException e) {
            log.warn("HES scheduler step failed; retried next step", e);
        }
    }

    @Override
    public void close() {
        server.close();
        scheduler.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

}

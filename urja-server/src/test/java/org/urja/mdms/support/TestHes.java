package org.urja.mdms.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.ConsumerClass;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.MeterCategory;
import org.urja.hes.fleet.MeterSpec;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.fleet.VirtualMeter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference HES the integration tests talk to: a real HES process-in-JVM on its own HTTP port, with a small
 * fleet whose faults are known (some meters answer late, some never, some send duplicates, some miss intervals),
 * on a manual simulated clock. The MDM is configured (see {@link TestDatabase}) to send to {@link #PORT}; the HES
 * is started on first use, once the MDM's random port is known.
 */
public final class TestHes {

    public static final int PORT = freePort();
    public static final long SEED = 20260301L;
    public static final Instant COMMISSIONED = Instant.parse("2026-01-31T18:30:00Z");
    public static final Instant SIM_START = Instant.parse("2026-03-10T00:00:00Z");
    public static final FaultProfile FAULTS = new FaultProfile(0.25, 0.25, 0.1, 0.2, 0.1, 0.1, 0.2, 0.0);

    private static ReferenceHes hes;
    private static Fleet fleet;
    private static HesConfig config;

    private TestHes() {
    }

    /** The shared HES, started if needed (again after {@link #stop()}, same meters), pushing to the MDM on {@code mdmPort}. */
    public static synchronized ReferenceHes get(int mdmPort) {
        if (fleet == null) {
            List<MeterSpec> meters = new ArrayList<>();
            Fleet.generate(SEED, 40, "TH", COMMISSIONED, FAULTS).meters().forEach(m -> meters.add(m.spec()));
            // Two CT-operated meters (no relay), whatever the generated mix holds.
            meters.add(new MeterSpec("TH-CT1", MeterCategory.LT_CT, ConsumerClass.INDUSTRIAL, 15, PaymentMode.POSTPAID,
                    new BigDecimal("40"), 60, COMMISSIONED));
            meters.add(new MeterSpec("TH-CT2", MeterCategory.HT_CT, ConsumerClass.INDUSTRIAL, 30, PaymentMode.POSTPAID,
                    new BigDecimal("200"), 400, COMMISSIONED));
            fleet = new Fleet(SEED, meters, FAULTS);
            config = HesConfig.defaults("http://localhost:" + mdmPort + "/api/v1/hes", Fixtures.HES_SECRET,
                            Fixtures.MDM_TO_HES_SECRET)
                    .withPort(PORT).withSeed(SEED).withFaults(FAULTS)
                    .withTiming(Duration.ofMillis(100), Duration.ofSeconds(1))
                    .manual(SIM_START);
        }
        if (hes == null) {
            hes = startOnSharedPort(config, fleet);
        }
        return hes;
    }

    /**
     * Stops the shared HES: the MDM's requests are refused (connection refused, as when a HES is down) until
     * {@link #get(int)} starts it again with the same meters in the same state.
     */
    public static synchronized void stop() {
        if (hes != null) {
            hes.close();
            hes = null;
        }
    }

    /**
     * Serves another HES (its own fleet) on the port the MDM sends to, instead of the shared one, until
     * {@link #stop(ReferenceHes)} and {@link #get(int)}: for tests that need many more meters than the shared fleet.
     */
    public static synchronized ReferenceHes replaceWith(HesConfig other, Fleet otherFleet) {
        stop();
        return startOnSharedPort(other.withPort(PORT), otherFleet);
    }

    /** Stops a HES started by {@link #replaceWith}. */
    public static synchronized void stop(ReferenceHes other) {
        other.close();
    }

    private static ReferenceHes startOnSharedPort(HesConfig config, Fleet fleet) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return ReferenceHes.start(config, fleet);
            } catch (UncheckedIOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** A meter that answers but whose first read of [from, to) misses intervals (re-acquisition returns them). */
    public static VirtualMeter meterMissingIntervals(ReferenceHes hes, Instant from, Instant to) {
        return hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.firstReadBlockLoad(from, to).size() < m.blockLoadProfile(from, to).size())
                .findFirst().orElseThrow(() -> new AssertionError("the test fleet has meters that miss intervals"));
    }

    /**
     * The meter joins the network registry: a circle-to-DT chain imported by an administrator, then the HES reports
     * the installation (MeterInstalled). Returns the DT code.
     */
    public static String installInRegistry(int port, ReferenceHes hes, VirtualMeter meter) {
        TestHttp admin = Fixtures.admin(port);
        TestHttp.Response known = admin.get("/api/v1/meters/" + meter.spec().serialNo());
        if (known.status() == 200 && known.json().get("currentPlacement").isObject()) {
            return known.json().get("currentPlacement").get("nodeCode").asString(); // installed by an earlier test
        }
        String p = Fixtures.unique("V").toUpperCase() + "-";
        Fixtures.importChain(port, p);
        boolean ct = !meter.spec().category().hasRelay();
        int status = hes.reportNetworkChange(new org.urja.hes.contract.NetworkChange(p + "install", "MeterInstalled",
                Instant.parse("2026-02-01T00:00:00Z"), new org.urja.hes.contract.NetworkChange.Nameplate(
                        meter.spec().serialNo(), "Sim", meter.spec().category().name(), "1.0", meter.spec().multiplier(),
                        meter.spec().intervalMinutes(), meter.spec().paymentMode().name(), !ct, "CELLULAR", "CONSUMER"),
                null, p + "DT", null, null, null, null, null));
        assertThat(status).isEqualTo(201);
        return p + "DT";
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

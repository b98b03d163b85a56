package org.urja.mdms.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.NetworkChange;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared steps of the clock tests: a reference HES of their own on the port the MDM sends to (its simulated clock is
 * moved by the test, which the shared HES's must not be), meters and DCUs registered through it, reads and waits.
 */
public final class ClockTesting {

    public static final long SEED = 1015L;

    private static final Map<Integer, String> OPERATORS = new HashMap<>();

    private ClockTesting() {
    }

    /** An OPERATOR's API client (one user per server). */
    public static synchronized TestHttp operator(int port) {
        String user = OPERATORS.computeIfAbsent(port, p -> Fixtures.staffUser(p, "clkop", List.of("OPERATOR")));
        return TestHttp.staffApi(port, user, Fixtures.password(user));
    }

    /**
     * A HES serving {@code meters} meters with serials {@code prefix + %07d} (a prefix of its own per test: the same
     * fleet every run) on a manual clock at {@code start}, instead of the shared one; stop it with
     * {@link TestHes#stop(ReferenceHes)}.
     */
    public static ReferenceHes hes(int port, String prefix, int meters, FaultProfile faults, Instant commissioned,
                                   Instant start, Duration commandLatency) {
        Fleet fleet = Fleet.generate(SEED, meters, prefix, commissioned, faults);
        return TestHes.replaceWith(HesConfig.defaults("http://localhost:" + port + "/api/v1/hes", Fixtures.HES_SECRET,
                        Fixtures.MDM_TO_HES_SECRET).withHesId(Fixtures.unique("hes-clk")).withSeed(SEED).withFaults(faults)
                .withTiming(commandLatency, Duration.ofSeconds(2)).manual(start), fleet);
    }

    public static String operatorName(int port) {
        operator(port);
        return OPERATORS.get(port);
    }

    /** Waits until a synchronisation run is DONE and every group command it submitted is complete; returns the run. */
    public static JsonNode awaitRunComplete(TestHttp api, long runId) {
        JsonNode run = Eventually.await(Duration.ofSeconds(60), () -> api.get("/api/v1/clock/sync-runs/" + runId).json(),
                r -> r.get("run").get("status").asString().equals("DONE"));
        for (JsonNode item : run.get("items")) {
            if (!item.get("commandGroupId").isNull()) {
                Eventually.await(Duration.ofSeconds(60),
                        () -> api.get("/api/v1/command-groups/" + item.get("commandGroupId").asLong() + "?size=1").json(),
                        g -> g.get("complete").asBoolean());
            }
        }
        return run;
    }

    /** A run's items by target ({@code dcu:<code>}, {@code meters:dcu:<code>}, {@code meters:node:<code>}). */
    public static Map<String, JsonNode> items(JsonNode run) {
        Map<String, JsonNode> out = new HashMap<>();
        run.get("items").forEach(i -> out.put(i.get("target").asString(), i));
        return out;
    }

    /** Installs every meter of the HES in the network registry (each under a DT of its own); returns the meters. */
    public static List<VirtualMeter> installAll(int port, ReferenceHes hes) {
        List<VirtualMeter> meters = new ArrayList<>(hes.fleet().meters());
        meters.forEach(m -> TestHes.installInRegistry(port, hes, m));
        return meters;
    }

    /** The HES installs the DCU at the DT, and the meters behind it (RF mesh) or, with a null DCU, on cellular. */
    public static void installBehindDcu(ReferenceHes hes, String dtCode, String dcuCode, List<VirtualMeter> meters,
                                        Instant at) {
        if (dcuCode != null) {
            assertThat(hes.reportNetworkChange(new NetworkChange(Fixtures.unique("dcu-"), "DcuAdded", at, null, null,
                    dtCode, null, dcuCode, null, null, null))).isEqualTo(201);
        }
        for (VirtualMeter m : meters) {
            var spec = m.spec();
            boolean ct = !spec.category().hasRelay();
            assertThat(hes.reportNetworkChange(new NetworkChange(Fixtures.unique("inst-"), "MeterInstalled", at,
                    new NetworkChange.Nameplate(spec.serialNo(), "Sim", spec.category().name(), "1.0", spec.multiplier(),
                            spec.intervalMinutes(), spec.paymentMode().name(), !ct, dcuCode == null ? "CELLULAR" : "RF_MESH",
                            "CONSUMER"), null, dtCode, null, dcuCode, null, null, null))).isEqualTo(201);
        }
    }

    /** An on-demand read of the meters' instantaneous profile (which carries their clocks) at the HES's time now. */
    public static void readClocks(TestHttp api, List<String> serials) {
        TestHttp.Response sent = api.postJson("/api/v1/hes-exchange/read-requests", Map.of("meterSerialNos", serials,
                "profiles", List.of("INSTANTANEOUS")), Map.of("Idempotency-Key", Fixtures.unique("clock-read-")));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    }

    /** The meter's clock once the MDM has a reading of it taken at {@code readAt}. */
    public static JsonNode clockReadAt(TestHttp api, String serial, Instant readAt) {
        return Eventually.await(Duration.ofSeconds(15), () -> api.get("/api/v1/meters/" + serial + "/clock"),
                r -> r.status() == 200 && Instant.parse(r.json().get("clock").get("observedAt").asString()).equals(readAt))
                .json();
    }

    /** The meter's commands of a type, newest first. */
    public static List<JsonNode> commands(TestHttp api, String serial, String type) {
        List<JsonNode> out = new ArrayList<>();
        api.get("/api/v1/meters/" + serial + "/commands").json().forEach(c -> {
            if (c.get("type").asString().equals(type)) {
                out.add(c);
            }
        });
        return out;
    }

    /** The meter's single TIME_SYNC asked for by the clock module, once it has succeeded. */
    public static JsonNode succeededDriftSync(TestHttp api, String serial) {
        return Eventually.await(Duration.ofSeconds(20), () -> commands(api, serial, "TIME_SYNC"),
                l -> !l.isEmpty() && l.get(0).get("state").asString().equals("SUCCEEDED")).get(0);
    }
}

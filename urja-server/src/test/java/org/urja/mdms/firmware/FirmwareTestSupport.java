package org.urja.mdms.firmware;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared steps of the UC8 tests: staff users, firmware images, and a fleet of their own behind the reference HES. */
final class FirmwareTestSupport {

    private static final Map<String, String> USERS = new HashMap<>();

    private FirmwareTestSupport() {
    }

    /** A staff API client with one role (one user per server and role). */
    static synchronized TestHttp staff(int port, String role) {
        String user = USERS.computeIfAbsent(port + role, k -> Fixtures.staffUser(port, "fw" + role.substring(0, 3).toLowerCase(),
                List.of(role)));
        return TestHttp.staffApi(port, user, Fixtures.password(user));
    }

    static String userName(int port, String role) {
        staff(port, role);
        return USERS.get(port + role);
    }

    /** Image bytes that differ by version (deterministic). */
    static byte[] imageBytes(String version, int size) {
        byte[] bytes = new byte[size];
        new Random(version.hashCode()).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static TestHttp.Response upload(int port, String make, String version, String models, byte[] bytes, String sha256) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("make", make);
        fields.put("version", version);
        fields.put("models", models);
        fields.put("sha256", sha256);
        return Fixtures.admin(port).postMultipart("/api/v1/firmware-images", fields, "file", bytes);
    }

    /** Uploads an image as an administrator; returns it as stored (201). */
    static JsonNode uploaded(int port, String make, String version, String models, byte[] bytes) {
        TestHttp.Response r = upload(port, make, version, models, bytes, sha256(bytes));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /**
     * Registers the fleet in the asset master under a new chain (one feeder, one DT) with the make each meter gets,
     * and serves it by a reference HES of its own on the MDM's HES port (until {@link #restoreSharedHes}).
     */
    static ReferenceHes serve(int port, Fleet fleet, FaultProfile faults, String p, Function<VirtualMeter, String> make) {
        return serve(port, fleet, faults, p, make, Duration.ofMillis(50));
    }

    /** As above, with the time the HES takes to reach a meter (a slow HES keeps a wave in flight for a while). */
    static ReferenceHes serve(int port, Fleet fleet, FaultProfile faults, String p, Function<VirtualMeter, String> make,
                              Duration commandLatency) {
        Fixtures.importChain(port, p);
        StringBuilder meters = new StringBuilder("serial_no,manufacturer,category,interval_minutes,payment_mode,"
                + "relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code\n");
        for (VirtualMeter m : fleet.meters()) {
            var spec = m.spec();
            meters.append(spec.serialNo()).append(',').append(make.apply(m)).append(',').append(spec.category())
                    .append(',').append(spec.intervalMinutes()).append(',').append(spec.paymentMode()).append(',')
                    .append(spec.category().hasRelay()).append(",CELLULAR,CONSUMER,").append(m.firmwareVersion())
                    .append(',').append(spec.multiplier().toPlainString()).append(',').append(p).append("DT,\n");
        }
        Fixtures.importCsv(port, "meters", meters.toString());
        return TestHes.replaceWith(HesConfig.defaults("http://localhost:" + port + "/api/v1/hes", Fixtures.HES_SECRET,
                        Fixtures.MDM_TO_HES_SECRET).withHesId(p.toLowerCase() + "hes").withSeed(fleet.seed())
                .withFaults(faults).withTiming(commandLatency, Duration.ofSeconds(1))
                .manual(TestHes.SIM_START), fleet);
    }

    static void restoreSharedHes(int port, ReferenceHes own) {
        TestHes.stop(own);
        TestHes.get(port);
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new java.util.TreeMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }
}

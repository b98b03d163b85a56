package org.urja.mdms.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.ControlType;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared steps of the command tests: who issues, which meters of the shared HES, posting and waiting. */
final class CommandTestSupport {

    static final Set<String> FINAL = Set.of("REFUSED", "SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED");

    private static final Map<Integer, String> OPERATORS = new HashMap<>();

    private CommandTestSupport() {
    }

    /** An OPERATOR's API client (one user per server). */
    static synchronized TestHttp operator(int port) {
        String user = OPERATORS.computeIfAbsent(port, p -> Fixtures.staffUser(p, "cmdop", List.of("OPERATOR")));
        return TestHttp.staffApi(port, user, Fixtures.password(user));
    }

    static String operatorName(int port) {
        operator(port);
        return OPERATORS.get(port);
    }

    /**
     * The {@code index}-th meter of the shared HES that answers and has a relay (index 0 is left to other tests),
     * installed in the network registry.
     */
    static VirtualMeter liveRelayMeter(int port, int index) {
        ReferenceHes hes = TestHes.get(port);
        List<VirtualMeter> live = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.spec().category().hasRelay()).toList();
        VirtualMeter meter = live.get(index);
        TestHes.installInRegistry(port, hes, meter);
        return meter;
    }

    static VirtualMeter installed(int port, String serialNo) {
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter meter = hes.fleet().meter(serialNo);
        TestHes.installInRegistry(port, hes, meter);
        return meter;
    }

    static VirtualMeter silentMeter(int port) {
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter meter = hes.fleet().meters().stream().filter(VirtualMeter::silent).findFirst().orElseThrow();
        TestHes.installInRegistry(port, hes, meter);
        return meter;
    }

    static Map<String, Object> command(ControlType type, String meter, String reason, Map<String, String> parameters) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", type.name());
        body.put("meterSerialNo", meter);
        body.put("reason", reason);
        body.put("parameters", parameters);
        return body;
    }

    static TestHttp.Response post(TestHttp api, String path, Object body, String key) {
        return api.postJson(path, body, key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    /** Issues a command with a fresh key; returns it as created (201). */
    static JsonNode issue(TestHttp api, ControlType type, String meter, String reason, Map<String, String> parameters) {
        TestHttp.Response r = post(api, "/api/v1/commands", command(type, meter, reason, parameters),
                Fixtures.unique("key-"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static JsonNode get(TestHttp api, long id) {
        TestHttp.Response r = api.get("/api/v1/commands/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode awaitState(TestHttp api, long id, Duration timeout, String... states) {
        Set<String> wanted = Set.of(states);
        return Eventually.await(timeout, () -> get(api, id), c -> wanted.contains(c.get("state").asString()));
    }

    static JsonNode awaitFinal(TestHttp api, long id) {
        return Eventually.await(Duration.ofSeconds(20), () -> get(api, id),
                c -> FINAL.contains(c.get("state").asString()));
    }

    /** The states of a command's history, oldest first. */
    static List<String> states(JsonNode command) {
        List<String> out = new ArrayList<>();
        command.get("history").forEach(h -> out.add(h.get("to").asString()));
        return out;
    }

    static List<String> actors(JsonNode command) {
        List<String> out = new ArrayList<>();
        command.get("history").forEach(h -> out.add(h.get("actor").asString()));
        return out;
    }

    static String meterRelay(TestHttp api, String serial) {
        JsonNode p = api.get("/api/v1/meters/" + serial + "/state").json().get("properties").get("relay");
        return p == null || p.isNull() ? null : p.get("value").asString();
    }

    static String field(TestHttp.Response problem) {
        return problem.json().get("errors").get(0).get("field").asString();
    }

    /**
     * Fills the HES client's circuit-breaker window with successful calls, so a test that makes the HES unreachable
     * for a few calls cannot open it (it would refuse every call for 30 s, for the tests that follow too).
     */
    static void fillBreakerWindowWithSuccesses(int port, HesClient hes) {
        String live = liveRelayMeter(port, 1).spec().serialNo();
        // An earlier test may have opened it (commands sent while no HES was running): it lets calls through again
        // after its wait (urja.hes.breaker-open-wait, 2 s in tests), a few at first.
        for (int i = 0; i < 18; i++) {
            org.urja.mdms.support.Eventually.await(Duration.ofSeconds(15), () -> hes.sendControl(live,
                    ControlType.PING, Map.of(), "breaker-warm-up").status(), "ACKNOWLEDGED"::equals);
        }
    }

    static Instant ist(String localDateTime) {
        return java.time.LocalDateTime.parse(localDateTime).atZone(java.time.ZoneId.of("Asia/Kolkata")).toInstant();
    }
}

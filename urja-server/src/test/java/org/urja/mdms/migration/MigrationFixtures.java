package org.urja.mdms.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.PaymentMode;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.tariff.ExampleTariffs;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers to migrate, set up through the asset-master import and tariff APIs: consumer {@code p}K1 on tariff
 * category {@code p}DOM at service point {@code p}SP1 under DT {@code p}DT (feeder {@code p}F), served by a meter of
 * the shared reference HES (one no other test has registered, taken from the end of the fleet) or by an old meter the
 * HES does not know.
 */
final class MigrationFixtures {

    private static final Map<Integer, TestHttp> BILLING = new java.util.HashMap<>();

    private MigrationFixtures() {
    }

    /** A billing user's API client (CIS/CRM and billing integrations sign in as BILLING). */
    static synchronized TestHttp billing(int port) {
        return BILLING.computeIfAbsent(port, p -> {
            String user = Fixtures.staffUser(p, "billing", List.of("BILLING"));
            return TestHttp.staffApi(p, user, Fixtures.password(user));
        });
    }

    /** A live meter with a relay of the shared HES, in the given payment mode, that the MDM does not know yet. */
    static VirtualMeter unregisteredFleetMeter(int port, PaymentMode mode) {
        ReferenceHes hes = TestHes.get(port);
        List<VirtualMeter> fleet = new ArrayList<>(hes.fleet().meters());
        java.util.Collections.reverse(fleet);
        TestHttp admin = Fixtures.admin(port);
        return fleet.stream()
                .filter(m -> !m.silent() && m.spec().category().hasRelay() && m.paymentMode() == mode && m.relayConnected())
                .filter(m -> admin.get("/api/v1/meters/" + m.spec().serialNo()).status() == 404)
                .findFirst().orElseThrow(() -> new AssertionError("no unregistered " + mode + " meter left in the test fleet"));
    }

    /** The consumer, with {@code meter} registered and installed at the service point; returns the consumer number. */
    static String consumer(int port, String p, String meterRow) {
        Fixtures.importChain(port, p);
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Asha Verma,"12 Station Road, Civil Lines",5,%1$sDOM,,
                """.formatted(p));
        Fixtures.importCsv(port, "meters", """
                serial_no,manufacturer,category,interval_minutes,payment_mode,relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code
                """ + meterRow + "\n");
        String serial = meterRow.substring(0, meterRow.indexOf(','));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address,meter_serial_no,installed_at
                %1$sSP1,%1$sK1,"12 Station Road, Civil Lines",%2$s,2026-02-01T00:00:00+05:30
                """.formatted(p, serial));
        assertThat(Fixtures.admin(port).postJson("/api/v1/tariffs", Map.of("tariff", ExampleTariffs.domestic(p + "DOM"),
                "reason", "Tariff order 2026-27")).status()).isEqualTo(201);
        return p + "K1";
    }

    /** The asset-master row of a fleet meter, placed under {@code p}DT (or in stock, unplaced, when {@code p} is null). */
    static String meterRow(VirtualMeter m, String p) {
        return "%s,Sim,%s,%d,%s,true,CELLULAR,CONSUMER,1.0,%s,%s,".formatted(m.spec().serialNo(), m.spec().category(),
                m.spec().intervalMinutes(), m.paymentMode(), m.spec().multiplier().toPlainString(), p == null ? "" : p + "DT");
    }

    static JsonNode migration(TestHttp api, long id) {
        TestHttp.Response r = api.get("/api/v1/migrations/" + id);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static JsonNode awaitState(TestHttp api, long id, String state) {
        return Eventually.await(Duration.ofSeconds(40), () -> migration(api, id),
                m -> m.get("state").asString().equals(state));
    }

    /** The attempts of a step, oldest first. */
    static List<JsonNode> steps(JsonNode migration, String step) {
        List<JsonNode> out = new ArrayList<>();
        migration.get("steps").forEach(s -> {
            if (s.get("step").asString().equals(step)) {
                out.add(s);
            }
        });
        return out;
    }

    /** "useCaseStep state" of each step attempt, in order (the reconnection, outside the use case, as "- state"). */
    static List<String> trail(JsonNode migration) {
        List<String> out = new ArrayList<>();
        migration.get("steps").forEach(s -> out.add((s.get("useCaseStep").isNull() ? "-" : s.get("useCaseStep").asString())
                + " " + s.get("state").asString()));
        return out;
    }

    /**
     * The trail without the attempts that failed for the moment and were then done on a retry (the HES unreachable
     * for a moment while an earlier test's commands had its circuit breaker open): what the migration went through.
     */
    static List<String> trailOfRetries(JsonNode migration) {
        List<String> t = trail(migration);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            String s = t.get(i);
            if (s.endsWith(" FAILED") && t.subList(i + 1, t.size()).contains(s.replace(" FAILED", " DONE"))) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    static String field(TestHttp.Response problem) {
        return problem.json().get("errors").get(0).get("field").asString();
    }
}

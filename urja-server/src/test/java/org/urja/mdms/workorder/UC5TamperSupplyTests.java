package org.urja.mdms.workorder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC5.4–5.5 and 5.7–5.8 end to end with the reference HES: a tamper confirmed at site disconnects the meter through
 * the command service (the disconnection policy applies), and resolving the case reconnects it; the relay state the
 * MDM shows follows only the HES's confirmations.
 */
@UrjaIntegrationTest
class UC5TamperSupplyTests {

    @LocalServerPort
    int port;

    @Test
    void uc5_4to5_8_aConfirmedTamperDisconnectsTheMeterAndTheResolutionReconnectsIt() {
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter vm = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.spec().category().hasRelay() && m.relayConnected())
                .filter(m -> Fixtures.admin(port).get("/api/v1/meters/" + m.spec().serialNo()).status() == 404)
                .findFirst().orElseThrow();
        String meter = vm.spec().serialNo();
        TestHes.installInRegistry(port, hes, vm);

        // UC5.1–5.3: a magnet tamper arrives; one site inspection is raised.
        Instant at = Instant.now().minusSeconds(3600);
        assertThat(HesEvents.send(port, List.of(HesEvents.event(meter, at, 201))).status()).isEqualTo(202);
        TestHttp ops = Fixtures.admin(port);
        JsonNode order = Eventually.await(Duration.ofSeconds(10),
                () -> ops.get("/api/v1/work-orders?meter=" + meter).json(), o -> o.size() == 1).get(0);
        long id = order.get("id").asLong();

        // UC5.4–5.5: the field confirms it; the MDM has the HES disconnect the meter.
        String supervisor = Fixtures.staffUser(port, "rp", List.of("FIELD_SUPERVISOR"));
        TestHttp field = TestHttp.staffApi(port, supervisor, Fixtures.password(supervisor));
        assertThat(field.postJson("/api/v1/work-orders/" + id + "/completion", Map.of("outcome", "TAMPER_CONFIRMED",
                "findings", "Magnet on the meter body, seized")).status()).isEqualTo(200);
        JsonNode disconnect = Eventually.await(Duration.ofSeconds(20), () -> Fixtures.latestCommand(ops, meter, "DISCONNECT"),
                c -> c != null && c.get("state").asString().equals("SUCCEEDED"));
        assertThat(disconnect.get("requestedBy").asString()).isEqualTo("revenue-protection");
        assertThat(disconnect.get("reason").asString()).contains("work order " + id);
        assertThat(ops.get("/api/v1/meters/" + meter + "/state").json().toString()).contains("DISCONNECTED");
        assertThat(vm.relayConnected()).isFalse();

        // UC5.7–5.8: the case is resolved; the meter is reconnected.
        String rp = Fixtures.staffUser(port, "rpo", List.of("REVENUE_PROTECTION"));
        assertThat(TestHttp.staffApi(port, rp, Fixtures.password(rp)).postJson("/api/v1/work-orders/" + id + "/resolution", Map.of("resolution",
                "Assessment paid, meter sealed again")).status()).isEqualTo(200);
        JsonNode reconnect = Eventually.await(Duration.ofSeconds(20), () -> Fixtures.latestCommand(ops, meter, "CONNECT"),
                c -> c != null && c.get("state").asString().equals("SUCCEEDED"));
        assertThat(reconnect.get("requestedBy").asString()).isEqualTo("revenue-protection");
        assertThat(vm.relayConnected()).isTrue();
        // One command each, however often the events are delivered.
        assertThat(ops.get("/api/v1/meters/" + meter + "/commands").json()).hasSize(2);
    }
}

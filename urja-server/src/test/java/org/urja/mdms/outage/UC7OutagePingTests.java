package org.urja.mdms.outage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.support.HesEvents.event;

/**
 * UC7.4–7.5 restoration confirmed by ping: the meters of an outage whose first breath never came are pinged through
 * the MDM and the HES (here the reference HES over real HTTP); a meter that answers is live, one that does not stays
 * out, and an outage whose meters all answer is RESTORED by PING and shared as OutageRestored.
 */
@UrjaIntegrationTest
class UC7OutagePingTests {

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc7_4to7_5_anOutageWhoseMetersAnswerAPingIsRestoredAndASilentMeterStaysOut() {
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter live = hes.fleet().meters().stream().filter(m -> !m.silent() && m.spec().category().hasRelay())
                .skip(20).findFirst().orElseThrow();
        VirtualMeter silent = hes.fleet().meters().stream().filter(VirtualMeter::silent).skip(1).findFirst()
                .orElseThrow();
        TestHes.installInRegistry(port, hes, live);
        TestHes.installInRegistry(port, hes, silent);
        Instant gasp = Instant.now().minusSeconds(600);
        // Last gasps arrive; the first breaths never do (lost in the outage).
        assertThat(HesEvents.send(port, List.of(event(live.spec().serialNo(), gasp, 101),
                event(silent.spec().serialNo(), gasp.plusSeconds(5), 101))).status()).isEqualTo(202);
        long liveOutage = openOutageOf(live.spec().serialNo());
        long silentOutage = openOutageOf(silent.spec().serialNo());

        TestHttp ops = TestHttp.staffApi(port, operator(), Fixtures.password(operator()));
        // A VIEWER may look but not ping.
        String viewer = Fixtures.staffUser(port, "outview", List.of("VIEWER"));
        TestHttp view = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));
        assertThat(view.postJson("/api/v1/outages/" + liveOutage + "/pings", Map.of()).status()).isEqualTo(403);

        // UC7.4: OMS asks; the meter still out is pinged through a PING command group.
        TestHttp.Response asked = ops.postJson("/api/v1/outages/" + liveOutage + "/pings", Map.of());
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        assertThat(asked.json().get("meters").asInt()).isEqualTo(1);
        long group = asked.json().get("commandGroupId").asLong();
        // Asked again while the round is on its way: the same round, no second ping.
        assertThat(ops.postJson("/api/v1/outages/" + liveOutage + "/pings", Map.of()).json().get("commandGroupId")
                .asLong()).isEqualTo(group);

        // UC7.5: the meter answered: live; the outage is restored by the ping and shared with OMS and CIS/CRM.
        JsonNode restored = Eventually.await(Duration.ofSeconds(30), () -> detail(ops, liveOutage),
                d -> d.get("outage").get("status").asString().equals("RESTORED"));
        assertThat(restored.get("outage").get("restoredBy").asString()).isEqualTo("PING");
        assertThat(restored.get("meters").get(0).get("liveByPingAt").isNull()).isFalse();
        assertThat(restored.get("meters").get(0).get("firstBreathAt").isNull()).isTrue();
        assertThat(ops.get("/api/v1/command-groups/" + group + "?size=5").json().get("outcomes").get(0)
                .get("state").asString()).isEqualTo("SUCCEEDED");
        OutageRestored shared = Eventually.await(Duration.ofSeconds(10), () -> committed.of(OutageRestored.class)
                .stream().filter(r -> r.outageId() == liveOutage).findFirst().orElse(null), r -> r != null);
        assertThat(shared.meterSerialNos()).containsExactly(live.spec().serialNo());
        assertThat(shared.endedAt()).isAfter(gasp);
        JsonNode round = Eventually.await(Duration.ofSeconds(10), () -> ops.get("/api/v1/outages/" + liveOutage
                + "/pings").json().get(0), r -> !r.get("completedAt").isNull());
        assertThat(round.get("live").asInt()).isEqualTo(1);
        assertThat(round.get("dead").asInt()).isZero();
        assertThat(round.get("requestedBy").asString()).isEqualTo("staff:" + operator());
        // Nothing left to ping on a restored outage.
        TestHttp.Response again = ops.postJson("/api/v1/outages/" + liveOutage + "/pings", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("errors").get(0).get("field").asString()).isEqualTo("id");

        // A meter that does not answer is dead: its outage stays open.
        assertThat(ops.postJson("/api/v1/outages/" + silentOutage + "/pings", Map.of()).status()).isEqualTo(202);
        JsonNode dead = Eventually.await(Duration.ofSeconds(40), () -> ops.get("/api/v1/outages/" + silentOutage
                + "/pings").json().get(0), r -> !r.get("completedAt").isNull());
        assertThat(dead.get("live").asInt()).isZero();
        assertThat(dead.get("dead").asInt()).isEqualTo(1);
        assertThat(detail(ops, silentOutage).get("outage").get("status").asString()).isEqualTo("OPEN");
        assertThat(ops.get("/api/v1/outages/999999999/pings").status()).isEqualTo(404);
    }

    private String operator() {
        return OPERATOR.computeIfAbsent(port, p -> Fixtures.staffUser(p, "outop", List.of("OPERATOR")));
    }

    private static final Map<Integer, String> OPERATOR = new java.util.concurrent.ConcurrentHashMap<>();

    private long openOutageOf(String meter) {
        return Eventually.await(Duration.ofSeconds(10), () -> Fixtures.admin(port).get("/api/v1/outages?open=true&meter="
                + meter).json(), l -> l.size() == 1).get(0).get("id").asLong();
    }

    private static JsonNode detail(TestHttp http, long id) {
        return http.get("/api/v1/outages/" + id).json();
    }
}

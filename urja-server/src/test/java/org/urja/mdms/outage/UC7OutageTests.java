package org.urja.mdms.outage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestGrid;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.support.HesEvents.event;

/**
 * UC7 Consumer connection outage / restoration: last gasps and first breaths reach the MDM through the HES contract
 * (7.1–7.2) and become outage records shared with OMS and CIS/CRM as OutageStarted / OutageRestored (7.3):
 * near-simultaneous last gasps under one DT are one suspected DT outage, DTs of one feeder one feeder outage.
 * (7.4–7.5, restoration confirmed by pinging the meters still out: UC7OutagePingTests.)
 */
@UrjaIntegrationTest
class UC7OutageTests {

    static final Instant T0 = Instant.parse("2026-03-04T08:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc7_1to7_3_nearSimultaneousLastGaspsUnderOneDtAreOneDtOutageClosedWhenItsMetersRestore() {
        TestGrid grid = TestGrid.create(port, 8);
        List<String> m = grid.meters("DT1");
        String dt = grid.code("DT1");
        // Three last gasps within 50 s in one push, a fourth 70 s after the first in the next one.
        assertThat(HesEvents.send(port, List.of(event(m.get(0), T0, 101, Map.of("powerOffCount", "4")),
                event(m.get(1), T0.plusSeconds(20), 101), event(m.get(2), T0.plusSeconds(50), 101))).status())
                .isEqualTo(202);
        JsonNode outage = Eventually.await(Duration.ofSeconds(10), () -> outages("?open=true&node=" + dt),
                l -> l.size() == 1).get(0);
        long id = outage.get("id").asLong();
        assertThat(outage.get("scope").asString()).isEqualTo("DT");
        assertThat(outage.get("nodeCode").asString()).isEqualTo(dt);
        assertThat(outage.get("feederCode").asString()).isEqualTo(grid.code("F1"));
        assertThat(Instant.parse(outage.get("startedAt").asString())).isEqualTo(T0);
        assertThat(HesEvents.send(port, List.of(event(m.get(3), T0.plusSeconds(70), 101))).status()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(10), () -> detail(id), d -> d.get("meters").size() == 4);
        assertThat(outages("?open=true&node=" + dt)).as("one DT outage, no meter outages").hasSize(1);
        assertThat(outages("?meter=" + m.get(3))).extracting(o -> o.get("id").asLong()).containsExactly(id);

        OutageStarted started = Eventually.await(Duration.ofSeconds(10), () -> committed.of(OutageStarted.class)
                .stream().filter(s -> s.outageId() == id).findFirst().orElse(null), s -> s != null);
        assertThat(started.scope()).isEqualTo(OutageScope.DT);
        assertThat(started.meterSerialNos()).containsExactlyInAnyOrder(m.get(0), m.get(1), m.get(2));
        assertThat(started.consumerNos()).contains(grid.consumer(m.get(0)));
        assertThat(started.startedAt()).isEqualTo(T0);

        // Power comes back: three meters, then the last one closes the outage.
        assertThat(HesEvents.send(port, List.of(event(m.get(0), T0.plusSeconds(3600), 102),
                event(m.get(1), T0.plusSeconds(3601), 102), event(m.get(2), T0.plusSeconds(3602), 102))).status())
                .isEqualTo(202);
        JsonNode partly = Eventually.await(Duration.ofSeconds(10), () -> detail(id),
                d -> d.get("outage").get("metersRestored").asInt() == 3);
        assertThat(partly.get("outage").get("status").asString()).isEqualTo("OPEN");
        assertThat(HesEvents.send(port, List.of(event(m.get(3), T0.plusSeconds(3605), 102))).status()).isEqualTo(202);
        JsonNode closed = Eventually.await(Duration.ofSeconds(10), () -> detail(id),
                d -> d.get("outage").get("status").asString().equals("RESTORED")).get("outage");
        assertThat(Instant.parse(closed.get("endedAt").asString())).isEqualTo(T0.plusSeconds(3605));
        assertThat(closed.get("durationSeconds").asLong()).isEqualTo(3605);
        assertThat(closed.get("metersAffected").asInt()).isEqualTo(4);
        assertThat(outages("?open=true&node=" + dt)).isEmpty();
        OutageRestored restored = Eventually.await(Duration.ofSeconds(10), () -> committed.of(OutageRestored.class)
                .stream().filter(s -> s.outageId() == id).findFirst().orElse(null), s -> s != null);
        assertThat(restored.endedAt()).isEqualTo(T0.plusSeconds(3605));
        assertThat(restored.meterSerialNos()).hasSize(4);
    }

    @Test
    void uc7_2_lastGaspsArrivingInSeparatePushesEscalateTheMeterOutagesToOneDtOutage() {
        TestGrid grid = TestGrid.create(port, 8);
        List<String> m = grid.meters("DT2");
        String dt = grid.code("DT2");
        Instant t = T0.plusSeconds(86400);
        assertThat(HesEvents.send(port, List.of(event(m.get(0), t, 101))).status()).isEqualTo(202);
        long first = Eventually.await(Duration.ofSeconds(10), () -> outages("?meter=" + m.get(0)), l -> l.size() == 1)
                .get(0).get("id").asLong();
        assertThat(detail(first).get("outage").get("scope").asString()).isEqualTo("METER");
        assertThat(HesEvents.send(port, List.of(event(m.get(1), t.plusSeconds(40), 101))).status()).isEqualTo(202);
        long second = Eventually.await(Duration.ofSeconds(10), () -> outages("?meter=" + m.get(1)), l -> l.size() == 1)
                .get(0).get("id").asLong();
        assertThat(outages("?open=true&node=" + dt)).as("two of eight meters: still meter outages").hasSize(2);

        assertThat(HesEvents.send(port, List.of(event(m.get(2), t.plusSeconds(90), 101))).status()).isEqualTo(202);
        JsonNode dtOutage = Eventually.await(Duration.ofSeconds(10), () -> outages("?open=true&node=" + dt),
                l -> l.size() == 1 && l.get(0).get("scope").asString().equals("DT")).get(0);
        long id = dtOutage.get("id").asLong();
        assertThat(dtOutage.get("metersAffected").asInt()).isEqualTo(3);
        assertThat(Instant.parse(dtOutage.get("startedAt").asString())).isEqualTo(t);
        assertThat(detail(id).get("mergedOutageIds")).extracting(JsonNode::asLong).containsExactlyInAnyOrder(first, second);
        assertThat(detail(first).get("outage").get("status").asString()).isEqualTo("MERGED");
        OutageStarted started = Eventually.await(Duration.ofSeconds(10), () -> committed.of(OutageStarted.class)
                .stream().filter(s -> s.outageId() == id).findFirst().orElse(null), s -> s != null);
        assertThat(started.supersededOutageIds()).containsExactlyInAnyOrder(first, second);

        // A meter of another DT at the same time is its own outage.
        String elsewhere = grid.meter("DT3", 1);
        assertThat(HesEvents.send(port, List.of(event(elsewhere, t.plusSeconds(60), 101))).status()).isEqualTo(202);
        JsonNode own = Eventually.await(Duration.ofSeconds(10), () -> outages("?meter=" + elsewhere), l -> l.size() == 1).get(0);
        assertThat(own.get("scope").asString()).isEqualTo("METER");
    }

    @Test
    void uc7_2_dtOutagesOfOneFeederTogetherAreOneFeederOutage() {
        TestGrid grid = TestGrid.create(port, 4);
        Instant t = T0.plusSeconds(2 * 86400);
        List<java.util.Map<String, Object>> gasps = new ArrayList<>();
        for (String dt : List.of("DT1", "DT2")) {
            for (int i = 1; i <= 3; i++) {
                gasps.add(event(grid.meter(dt, i), t.plusSeconds(10L * i), 101));
            }
        }
        assertThat(HesEvents.send(port, gasps).status()).isEqualTo(202);
        String feeder = grid.code("F1");
        JsonNode outage = Eventually.await(Duration.ofSeconds(10), () -> outages("?open=true&node=" + feeder),
                l -> l.size() == 1).get(0);
        long id = outage.get("id").asLong();
        assertThat(outage.get("scope").asString()).isEqualTo("FEEDER");
        assertThat(outage.get("metersAffected").asInt()).isEqualTo(6);
        assertThat(detail(id).get("mergedOutageIds").size()).as("the two DT outages").isEqualTo(2);
        OutageStarted started = Eventually.await(Duration.ofSeconds(10), () -> committed.of(OutageStarted.class)
                .stream().filter(s -> s.outageId() == id).findFirst().orElse(null), s -> s != null);
        assertThat(started.scope()).isEqualTo(OutageScope.FEEDER);
        assertThat(started.meterSerialNos()).hasSize(6);
        assertThat(committed.of(OutageStarted.class)).as("the DT outages merged in the same push are not announced")
                .noneMatch(s -> started.supersededOutageIds().contains(s.outageId()));

        // A meter whose last gasp was lost but comes back inside the feeder outage belongs to it.
        String lost = grid.meter("DT1", 4);
        assertThat(HesEvents.send(port, List.of(event(lost, t.plusSeconds(1800), 102))).status()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(10), () -> detail(id), d -> d.get("meters").size() == 7);
    }

    @Test
    void uc7_1to7_3_oneMetersOutageAndARestorationWithoutLastGasp() {
        TestGrid grid = TestGrid.create(port, 4);
        String meter = grid.meter("DT3", 1);
        Instant t = T0.plusSeconds(3 * 86400);
        assertThat(HesEvents.send(port, List.of(event(meter, t, 101))).status()).isEqualTo(202);
        JsonNode outage = Eventually.await(Duration.ofSeconds(10), () -> outages("?open=true&meter=" + meter),
                l -> l.size() == 1).get(0);
        long id = outage.get("id").asLong();
        assertThat(outage.get("scope").asString()).isEqualTo("METER");
        assertThat(outage.get("meterSerialNo").asString()).isEqualTo(meter);
        assertThat(outage.get("nodeCode").asString()).isEqualTo(grid.code("DT3"));
        assertThat(HesEvents.send(port, List.of(event(meter, t.plusSeconds(1200), 102))).status()).isEqualTo(202);
        JsonNode closed = Eventually.await(Duration.ofSeconds(10), () -> detail(id),
                d -> d.get("outage").get("status").asString().equals("RESTORED")).get("outage");
        assertThat(closed.get("durationSeconds").asLong()).isEqualTo(1200);
        OutageRestored restored = Eventually.await(Duration.ofSeconds(10), () -> committed.of(OutageRestored.class)
                .stream().filter(s -> s.outageId() == id).findFirst().orElse(null), s -> s != null);
        assertThat(restored.consumerNos()).containsExactly(grid.consumer(meter));

        // The first breath of a meter whose last gasp never arrived: a restored meter outage of unknown start.
        String other = grid.meter("DT3", 2);
        assertThat(HesEvents.send(port, List.of(event(other, t.plusSeconds(600), 102))).status()).isEqualTo(202);
        JsonNode orphan = Eventually.await(Duration.ofSeconds(10), () -> outages("?meter=" + other), l -> l.size() == 1).get(0);
        assertThat(orphan.get("status").asString()).isEqualTo("RESTORED");
        assertThat(orphan.get("startedAt").isNull()).isTrue();
        // … and when its last gasp turns up late, the record is completed rather than duplicated.
        assertThat(HesEvents.send(port, List.of(event(other, t.plusSeconds(300), 101))).status()).isEqualTo(202);
        JsonNode completed = Eventually.await(Duration.ofSeconds(10), () -> outages("?meter=" + other),
                l -> l.size() == 1 && !l.get(0).get("startedAt").isNull()).get(0);
        assertThat(completed.get("durationSeconds").asLong()).isEqualTo(300);

        TestHttp.Response none = Fixtures.admin(port).get("/api/v1/outages/999999999");
        assertThat(none.status()).isEqualTo(404);
    }

    List<JsonNode> outages(String query) {
        TestHttp.Response r = Fixtures.admin(port).get("/api/v1/outages" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    JsonNode detail(long id) {
        return Fixtures.admin(port).get("/api/v1/outages/" + id).json();
    }
}

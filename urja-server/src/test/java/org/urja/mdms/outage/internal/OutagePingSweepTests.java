package org.urja.mdms.outage.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.support.HesEvents.event;

/**
 * UC7.4–7.5 without anyone asking: an outage still open {@code urja.outage.ping-after} after it was detected has its
 * meters pinged by the sweep (as system requester outage), once per round, and is restored when they answer.
 */
@UrjaIntegrationTest
class OutagePingSweepTests {

    @LocalServerPort
    int port;

    @Autowired
    OutagePings pings;

    @Test
    void uc7_4_anOutageOpenPastThePingDelayIsPingedOnceAndRestoredWhenItsMeterAnswers() {
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter live = hes.fleet().meters().stream().filter(m -> !m.silent() && m.spec().category().hasRelay())
                .skip(22).findFirst().orElseThrow();
        TestHes.installInRegistry(port, hes, live);
        String meter = live.spec().serialNo();
        assertThat(HesEvents.send(port, List.of(event(meter, Instant.now().minusSeconds(120), 101))).status())
                .isEqualTo(202);
        long id = Eventually.await(Duration.ofSeconds(10), () -> Fixtures.admin(port)
                .get("/api/v1/outages?open=true&meter=" + meter).json(), l -> l.size() == 1).get(0).get("id").asLong();

        // Not yet due: detected just now.
        pings.sweep(Instant.now());
        assertThat(pings.rounds(id)).isEmpty();
        // Half an hour later the sweep pings it — once, however often it runs.
        Instant later = Instant.now().plus(Duration.ofMinutes(31));
        pings.sweep(later);
        pings.sweep(later);
        assertThat(pings.rounds(id)).hasSize(1);
        assertThat(pings.rounds(id).get(0).requestedBy()).isEqualTo("system:outage");

        JsonNode restored = Eventually.await(Duration.ofSeconds(30), () -> Fixtures.admin(port)
                .get("/api/v1/outages/" + id).json(), d -> d.get("outage").get("status").asString().equals("RESTORED"));
        assertThat(restored.get("outage").get("restoredBy").asString()).isEqualTo("PING");
        assertThat(pings.rounds(id).get(0).live()).isEqualTo(1);
    }
}

package org.urja.mdms.clock.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.clock.ClockTesting;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC10.1, the scheduled synchronisation: the cron's slot is recorded once however many nodes fire in it, and its run
 * sets every DCU's clock through the HES contract and every meter's through the command service, one group command per
 * DCU and per DT. The test fires the cron's entry point for a slot, as the scheduler does.
 */
@UrjaIntegrationTest
class UC10ScheduledSyncTests {

    static final Instant COMMISSIONED = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    ClockSyncRuns runs;

    @Test
    void uc10_1_theScheduledRunSetsEveryDcuAndItsMetersOncePerSlotInGroupsPerDcuAndDt() {
        TestHttp api = ClockTesting.operator(port);
        ReferenceHes hes = ClockTesting.hes(port, "CKS", 4, FaultProfile.none(), COMMISSIONED, T0, Duration.ofMillis(100));
        try {
            // The test profile limits the nightly run to the network under CLOCK-NIGHTLY-C (urja.clock.sync-node).
            String p = "CLOCK-NIGHTLY-";
            String dt = Fixtures.importChain(port, p);
            String dcu = p + "DCU1";
            List<VirtualMeter> meters = new ArrayList<>(hes.fleet().meters());
            Instant installed = Instant.parse("2026-02-01T00:00:00Z");
            ClockTesting.installBehindDcu(hes, dt, dcu, meters.subList(0, 3), installed);
            ClockTesting.installBehindDcu(hes, dt, null, meters.subList(3, 4), installed);

            // 02:00 IST; a second node fires 20 s later in the same slot: one run.
            Instant slot = Instant.parse("2030-01-01T20:30:00Z");
            ClockSyncRuns.Run first = runs.schedule(slot);
            assertThat(runs.schedule(slot.plusSeconds(20)).id()).isEqualTo(first.id());
            assertThat(first.trigger()).isEqualTo("SCHEDULED");
            assertThat(first.requestedBy()).isEqualTo("system:clock");
            assertThat(first.nodeCode()).isEqualTo(p + "C");

            JsonNode run = ClockTesting.awaitRunComplete(api, first.id());
            Map<String, JsonNode> items = ClockTesting.items(run);
            assertThat(items.get("dcu:" + dcu).get("status").asString()).isIn("ACKNOWLEDGED", "COMPLETED");
            JsonNode viaDcu = items.get("meters:dcu:" + dcu);
            JsonNode direct = items.get("meters:node:" + dt);
            assertThat(viaDcu.get("meters").asInt()).isEqualTo(3);
            assertThat(viaDcu.get("nodeCode").asString()).isEqualTo(dt);
            assertThat(direct.get("meters").asInt()).isEqualTo(1);
            assertThat(direct.get("dcuCode").isNull()).isTrue();
            for (int i = 0; i < meters.size(); i++) {
                List<JsonNode> syncs = ClockTesting.commands(api, meters.get(i).spec().serialNo(), "TIME_SYNC");
                assertThat(syncs).hasSize(1);
                assertThat(syncs.get(0).get("state").asString()).isEqualTo("SUCCEEDED");
                assertThat(syncs.get(0).get("requestedBy").asString()).isEqualTo("clock");
                assertThat(syncs.get(0).get("groupId").asLong())
                        .isEqualTo((i < 3 ? viaDcu : direct).get("commandGroupId").asLong());
            }
            Eventually.await(Duration.ofSeconds(10), () -> hes.dcu(dcu).orElseThrow().syncCount(), n -> n == 1);

            // The next night is another slot: everything is set again, once.
            ClockSyncRuns.Run next = runs.schedule(slot.plus(Duration.ofDays(1)));
            assertThat(next.id()).isNotEqualTo(first.id());
            ClockTesting.awaitRunComplete(api, next.id());
            for (VirtualMeter m : meters) {
                assertThat(ClockTesting.commands(api, m.spec().serialNo(), "TIME_SYNC")).hasSize(2);
            }
            Eventually.await(Duration.ofSeconds(10), () -> hes.dcu(dcu).orElseThrow().syncCount(), n -> n == 2);
            assertThat(api.get("/api/v1/clock/sync-runs?limit=5").json().findValuesAsString("slot"))
                    .contains(first.slot(), next.slot());
        } finally {
            TestHes.stop(hes);
        }
    }
}

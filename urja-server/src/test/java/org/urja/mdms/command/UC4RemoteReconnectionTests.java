package org.urja.mdms.command;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.contract.ControlType;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.AdjustablePolicyClock;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.command.CommandTestSupport.awaitFinal;
import static org.urja.mdms.command.CommandTestSupport.ist;
import static org.urja.mdms.command.CommandTestSupport.issue;
import static org.urja.mdms.command.CommandTestSupport.meterRelay;
import static org.urja.mdms.command.CommandTestSupport.states;

/**
 * UC4 remote reconnection: after a recharge the prepaid engine (or staff) asks the MDM to close the switch (4.1), the
 * MDM sends it to the HES (4.2), the meter reconnects (4.3–4.4) and the HES confirms (4.5). A reconnection is never
 * held back by the hours, days or holidays that forbid disconnection.
 */
@UrjaIntegrationTest
class UC4RemoteReconnectionTests {

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Autowired
    AdjustablePolicyClock policyClock;

    @Autowired
    Commands commands;

    @AfterEach
    void backToAWeekdayMorning() {
        policyClock.reset();
    }

    @Test
    void uc4_1to4_5_reconnectionInsideTheForbiddenWindowIsSentAndConfirmed() {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 9);
        String serial = meter.spec().serialNo();
        JsonNode disconnected = awaitFinal(ops, issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of())
                .get("id").asLong());
        assertThat(disconnected.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(meter.relayConnected()).isFalse();

        // Sunday 21:00 IST: forbidden hours and a forbidden day for a disconnection...
        policyClock.set(ist("2026-03-15T21:00:00"));
        JsonNode refused = issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of());
        assertThat(refused.get("refusalRule").asString()).isEqualTo("no-disconnection-hours");
        // ... but the consumer recharged: the reconnection goes out and is confirmed.
        JsonNode created = issue(ops, ControlType.CONNECT, serial, "wallet recharged", Map.of());
        assertThat(created.get("state").asString()).isNotEqualTo("REFUSED");
        long id = created.get("id").asLong();
        JsonNode done = awaitFinal(ops, id);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(states(done)).containsExactly("REQUESTED", "POLICY_CHECKED", "SENT", "ACKNOWLEDGED", "SUCCEEDED");
        assertThat(done.get("history").get(1).get("reason").asString()).contains("not restricted by hours or days");
        assertThat(meter.relayConnected()).isTrue();
        assertThat(meterRelay(ops, serial)).isEqualTo("CONNECTED");
        Eventually.await(Duration.ofSeconds(5), () -> committed.of(MeterReconnected.class),
                events -> events.stream().anyMatch(e -> e.commandId() == id && e.meterSerialNo().equals(serial)));
        assertThat(committed.of(DisconnectionAlert.class)).noneMatch(a -> a.commandId() == id);
    }

    @Test
    void uc4_1_prepaidModuleReconnectsAGroupOfMetersAfterRecharge() {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter a = CommandTestSupport.liveRelayMeter(port, 10);
        VirtualMeter b = CommandTestSupport.liveRelayMeter(port, 11);
        VirtualMeter ct = TestHes.get(port).fleet().meters().stream()
                .filter(m -> !m.silent() && !m.spec().category().hasRelay()).findFirst().orElseThrow();
        CommandTestSupport.installed(port, ct.spec().serialNo());
        for (VirtualMeter m : List.of(a, b)) {
            assertThat(awaitFinal(ops, issue(ops, ControlType.DISCONNECT, m.spec().serialNo(), "arrears", Map.of())
                    .get("id").asLong()).get("state").asString()).isEqualTo("SUCCEEDED");
        }
        policyClock.set(ist("2026-03-11T23:00:00"));
        String key = Fixtures.unique("recharge-");
        var request = new GroupRequest(List.of(a.spec().serialNo(), b.spec().serialNo(), ct.spec().serialNo()), null,
                ControlType.CONNECT, Map.of(), "recharge of ₹500 credited", Requester.system("prepaid"), key);
        var submitted = commands.submitGroup(request);
        assertThat(submitted.duplicate()).isFalse();
        long groupId = submitted.value().id();
        // The prepaid engine retries its call: the same group, nothing sent twice.
        var again = commands.submitGroup(request);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.value().id()).isEqualTo(groupId);

        GroupView group = Eventually.await(Duration.ofSeconds(15),
                () -> commands.group(groupId, null, 0, 10).orElseThrow(), GroupView::complete);
        assertThat(group.counts()).containsEntry(CommandState.SUCCEEDED, 2).containsEntry(CommandState.REFUSED, 1);
        assertThat(group.requesterKind()).isEqualTo(Requester.Kind.SYSTEM);
        assertThat(group.outcomes()).extracting(GroupView.MeterOutcome::meterSerialNo)
                .containsExactlyInAnyOrder(a.spec().serialNo(), b.spec().serialNo(), ct.spec().serialNo());
        assertThat(group.outcomes()).filteredOn(o -> o.state() == CommandState.REFUSED)
                .singleElement().satisfies(o -> {
                    assertThat(o.meterSerialNo()).isEqualTo(ct.spec().serialNo());
                    assertThat(o.refusalRule()).isEqualTo("meter-has-relay");
                });
        assertThat(a.relayConnected()).isTrue();
        assertThat(b.relayConnected()).isTrue();
        assertThat(commands.meterState(a.spec().serialNo()).orElseThrow().relay()).isEqualTo("CONNECTED");
        // Staff follow the same group over HTTP.
        JsonNode overHttp = ops.get("/api/v1/command-groups/" + groupId).json();
        assertThat(overHttp.get("complete").asBoolean()).isTrue();
        assertThat(overHttp.get("requestedBy").asString()).isEqualTo("prepaid");
    }
}

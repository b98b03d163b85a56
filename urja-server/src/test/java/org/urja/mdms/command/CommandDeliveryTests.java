package org.urja.mdms.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.contract.ControlType;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.command.CommandTestSupport.awaitFinal;
import static org.urja.mdms.command.CommandTestSupport.awaitState;
import static org.urja.mdms.command.CommandTestSupport.field;
import static org.urja.mdms.command.CommandTestSupport.get;
import static org.urja.mdms.command.CommandTestSupport.issue;
import static org.urja.mdms.command.CommandTestSupport.states;

/**
 * Getting a command to the HES and its outcome back when things go wrong: a HES that is down (connection refused)
 * has the send retried with backoff a bounded number of times, then FAILED; a silent meter is TIMED_OUT; a command
 * not yet sent can be cancelled, one already sent cannot. Every step is in the command's history.
 */
@UrjaIntegrationTest
class CommandDeliveryTests {

    @LocalServerPort
    int port;

    @Autowired
    HesClient hesClient;

    @Test
    void aSendTheHesDidNotReceiveIsRetriedWithBackoffAndSucceedsOnceTheHesIsBack() {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 12);
        String serial = meter.spec().serialNo();
        CommandTestSupport.fillBreakerWindowWithSuccesses(port, hesClient);
        TestHes.stop();
        long id;
        try {
            id = issue(ops, ControlType.PING, serial, "is the meter live?", Map.of()).get("id").asLong();
            // The first send fails (after the HES client's own quick retries): back in the queue with a next attempt.
            JsonNode waiting = Eventually.await(Duration.ofSeconds(10), () -> get(ops, id),
                    c -> c.get("history").size() >= 4);
            assertThat(states(waiting)).containsExactly("REQUESTED", "POLICY_CHECKED", "SENT", "POLICY_CHECKED");
            JsonNode retry = waiting.get("history").get(3);
            assertThat(retry.get("actor").asString()).isEqualTo("dispatcher");
            assertThat(retry.get("reason").asString()).contains("not delivered to the HES (attempt 1 of 3)")
                    .contains("next attempt at");
            assertThat(waiting.get("nextAttemptAt").isNull()).isFalse();
        } finally {
            TestHes.get(port);
        }
        JsonNode done = awaitFinal(ops, id);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempts").asInt()).isEqualTo(2);
        assertThat(states(done)).containsExactly("REQUESTED", "POLICY_CHECKED", "SENT", "POLICY_CHECKED", "SENT",
                "ACKNOWLEDGED", "SUCCEEDED");
    }

    @Test
    void aHesThatStaysDownFailsTheCommandAfterTheBoundedAttempts() {
        TestHttp ops = CommandTestSupport.operator(port);
        String serial = CommandTestSupport.liveRelayMeter(port, 13).spec().serialNo();
        CommandTestSupport.fillBreakerWindowWithSuccesses(port, hesClient);
        TestHes.stop();
        JsonNode failed;
        try {
            long id = issue(ops, ControlType.TIME_SYNC, serial, "clock drift", Map.of()).get("id").asLong();
            failed = awaitState(ops, id, Duration.ofSeconds(20), "FAILED");
        } finally {
            TestHes.get(port);
        }
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("stateReason").asString()).startsWith("not delivered to the HES after 3 attempts");
        assertThat(states(failed)).containsExactly("REQUESTED", "POLICY_CHECKED", "SENT", "POLICY_CHECKED", "SENT",
                "POLICY_CHECKED", "SENT", "FAILED");
        // The waits grew: 1.5 s, then 2.25 s (urja.command.retry in the test profile).
        List<Long> waits = new ArrayList<>();
        JsonNode h = failed.get("history");
        for (int i = 3; i + 1 < h.size(); i += 2) {
            waits.add(Duration.between(java.time.Instant.parse(h.get(i).get("at").asString()),
                    java.time.Instant.parse(h.get(i + 1).get("at").asString())).toMillis());
        }
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(1_400);
        assertThat(waits.get(1)).isGreaterThan(waits.get(0));
        // Nothing was confirmed, so nothing changed in the MDM's view of the meter.
        assertThat(ops.get("/api/v1/meters/" + serial + "/state").json().get("properties").has("lastTimeSync")).isFalse();
    }

    @Test
    void aCommandNotYetSentIsCancelledAndOneAlreadyCarriedOutIsNot() {
        TestHttp ops = CommandTestSupport.operator(port);
        String serial = CommandTestSupport.liveRelayMeter(port, 14).spec().serialNo();
        CommandTestSupport.fillBreakerWindowWithSuccesses(port, hesClient);
        TestHes.stop();
        long id;
        try {
            id = issue(ops, ControlType.RESET_MAX_DEMAND, serial, "billing reset", Map.of()).get("id").asLong();
            Eventually.await(Duration.ofSeconds(10), () -> get(ops, id), c -> c.get("history").size() >= 4);
            // Waiting for its retry: not sent, so it can be cancelled; the reason is required.
            TestHttp.Response noReason = ops.postJson("/api/v1/commands/" + id + "/cancel", Map.of());
            assertThat(noReason.status()).isEqualTo(400);
            assertThat(field(noReason)).isEqualTo("reason");
            TestHttp.Response cancelled = ops.postJson("/api/v1/commands/" + id + "/cancel",
                    Map.of("reason", "consumer disputes the bill"));
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
            assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
            JsonNode last = cancelled.json().get("history").get(cancelled.json().get("history").size() - 1);
            assertThat(last.get("actor").asString()).isEqualTo("staff:" + CommandTestSupport.operatorName(port));
            assertThat(last.get("reason").asString()).isEqualTo("consumer disputes the bill");
            // Cancelling again changes nothing.
            assertThat(ops.postJson("/api/v1/commands/" + id + "/cancel", Map.of("reason", "again")).json()
                    .get("history").size()).isEqualTo(cancelled.json().get("history").size());
        } finally {
            TestHes.get(port);
        }
        // The HES is back, but a cancelled command is never sent again.
        long later = issue(ops, ControlType.PING, serial, "check", Map.of()).get("id").asLong();
        assertThat(awaitFinal(ops, later).get("state").asString()).isEqualTo("SUCCEEDED");
        JsonNode stillCancelled = get(ops, id);
        assertThat(stillCancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(stillCancelled.get("attempts").asInt()).isEqualTo(1);
        // A command already carried out cannot be cancelled.
        TestHttp.Response tooLate = ops.postJson("/api/v1/commands/" + later + "/cancel", Map.of("reason", "oops"));
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(field(tooLate)).isEqualTo("state");
    }

    @Test
    void uc7_4_aSilentMeterIsTimedOutAndALiveOneAnswers() {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter silent = CommandTestSupport.silentMeter(port);
        String live = CommandTestSupport.liveRelayMeter(port, 15).spec().serialNo();
        long dead = issue(ops, ControlType.PING, silent.spec().serialNo(), "outage check", Map.of()).get("id").asLong();
        long alive = issue(ops, ControlType.PING, live, "outage check", Map.of()).get("id").asLong();
        JsonNode timedOut = awaitFinal(ops, dead);
        assertThat(timedOut.get("state").asString()).isEqualTo("TIMED_OUT");
        assertThat(timedOut.get("stateReason").asString()).contains("did not answer");
        assertThat(awaitFinal(ops, alive).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(ops.get("/api/v1/meters/" + live + "/state").json().get("properties").has("lastContact")).isTrue();
        assertThat(ops.get("/api/v1/meters/" + silent.spec().serialNo() + "/state").json().get("properties")
                .has("lastContact")).isFalse();
        assertThat(Fixtures.admin(port).get("/api/v1/commands/" + dead).status()).isEqualTo(200);
    }
}

package org.urja.mdms.command;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.HesConfig;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.ControlOutcome;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlResult;
import org.urja.hes.contract.EndDeviceControlResultsMessage;
import org.urja.hes.fleet.FaultProfile;
import org.urja.hes.fleet.Fleet;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.support.AdjustablePolicyClock;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.command.CommandTestSupport.actors;
import static org.urja.mdms.command.CommandTestSupport.awaitFinal;
import static org.urja.mdms.command.CommandTestSupport.awaitState;
import static org.urja.mdms.command.CommandTestSupport.command;
import static org.urja.mdms.command.CommandTestSupport.field;
import static org.urja.mdms.command.CommandTestSupport.ist;
import static org.urja.mdms.command.CommandTestSupport.issue;
import static org.urja.mdms.command.CommandTestSupport.meterRelay;
import static org.urja.mdms.command.CommandTestSupport.post;
import static org.urja.mdms.command.CommandTestSupport.states;

/**
 * UC3 remote disconnection through the command service: requested by staff or by the prepaid module (3.1), announced
 * (3.2), checked against the utility's disconnection policy, sent to the HES (3.3), carried out by the meter (3.4–3.5)
 * and confirmed back (3.6) — the meter's relay state in the MDM changes only then.
 */
@UrjaIntegrationTest
class UC3RemoteDisconnectionTests {

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Autowired
    AdjustablePolicyClock policyClock;

    @Autowired
    Commands commands;

    @Autowired
    AuditTrail audit;

    @AfterEach
    void wholeFleetBackOnAWeekdayMorning() {
        policyClock.reset();
    }

    @Test
    void uc3_1to3_6_operatorDisconnectsAMeterAndTheConfirmedStatusReachesTheMdm() {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 2);
        String serial = meter.spec().serialNo();
        assertThat(meter.relayConnected()).isTrue();

        JsonNode created = issue(ops, ControlType.DISCONNECT, serial, "wallet balance exhausted", Map.of());
        long id = created.get("id").asLong();
        assertThat(created.get("requestedBy").asString()).isEqualTo(CommandTestSupport.operatorName(port));
        assertThat(created.get("reason").asString()).isEqualTo("wallet balance exhausted");

        // UC3.3–3.6: sent, acknowledged, carried out by the meter and confirmed by the HES.
        JsonNode done = awaitFinal(ops, id);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(states(done)).containsExactly("REQUESTED", "POLICY_CHECKED", "SENT", "ACKNOWLEDGED", "SUCCEEDED");
        assertThat(actors(done)).containsExactly("staff:" + CommandTestSupport.operatorName(port), "policy",
                "dispatcher", "hes", "hes");
        assertThat(done.get("history").get(0).get("reason").asString()).isEqualTo("wallet balance exhausted");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(done.get("hesCorrelationId").asString()).startsWith("cmd-");
        assertThat(meter.relayConnected()).isFalse();
        assertThat(meterRelay(ops, serial)).isEqualTo("DISCONNECTED");

        // UC3.2: the disconnection alert, then the confirmation, for notifications and the other modules.
        assertThat(committed.of(DisconnectionAlert.class)).anyMatch(a -> a.commandId() == id
                && a.meterSerialNo().equals(serial) && a.reason().equals("wallet balance exhausted"));
        Eventually.await(Duration.ofSeconds(5), () -> committed.of(MeterDisconnected.class),
                events -> events.stream().anyMatch(e -> e.commandId() == id));
        assertThat(committed.of(MeterStateChanged.class)).anyMatch(e -> e.commandId() == id
                && "DISCONNECTED".equals(e.changed().get("relay")));
        assertThat(committed.of(CommandCompleted.class)).anyMatch(e -> e.commandId() == id
                && e.state() == CommandState.SUCCEEDED);

        // The meter's command list, and the staff action in the audit trail.
        JsonNode ofMeter = ops.get("/api/v1/meters/" + serial + "/commands").json();
        assertThat(ofMeter.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(audit.recent(CommandTestSupport.operatorName(port), 50)).anyMatch(e ->
                e.action().equals("COMMAND DISCONNECT") && e.target().contains(serial));

        reconnect(ops, serial);
    }

    @Test
    void uc3_1_prepaidModuleDisconnectsThroughTheJavaApiAsASystemRequester() {
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 3);
        String serial = meter.spec().serialNo();
        var submitted = commands.submit(new CommandRequest(serial, ControlType.DISCONNECT, Map.of(),
                "balance below zero after daily charge", Requester.system("prepaid"), Fixtures.unique("wallet-")));
        assertThat(submitted.duplicate()).isFalse();
        long id = submitted.value().id();
        CommandView done = Eventually.await(Duration.ofSeconds(15), () -> commands.find(id).orElseThrow(),
                c -> c.state().isFinal());
        assertThat(done.state()).isEqualTo(CommandState.SUCCEEDED);
        assertThat(done.requesterKind()).isEqualTo(Requester.Kind.SYSTEM);
        assertThat(done.history().get(0).actor()).isEqualTo("system:prepaid");
        assertThat(commands.meterState(serial).orElseThrow().relay()).isEqualTo("DISCONNECTED");
        Eventually.await(Duration.ofSeconds(5), () -> committed.of(CommandCompleted.class), events -> events.stream()
                .anyMatch(e -> e.commandId() == id && e.requestedBy().equals("prepaid")
                        && e.state() == CommandState.SUCCEEDED));

        reconnect(CommandTestSupport.operator(port), serial);
    }

    @Test
    void uc3_3_disconnectionIsRefusedInsideTheForbiddenHoursDaysAndHolidaysNamingTheRule() {
        TestHttp ops = CommandTestSupport.operator(port);
        TestHttp admin = Fixtures.admin(port);
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 4);
        String serial = meter.spec().serialNo();

        // Wednesday 19:30 IST: inside the default 18:00–08:00 window.
        policyClock.set(ist("2026-03-11T19:30:00"));
        JsonNode evening = issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of());
        assertThat(evening.get("state").asString()).isEqualTo("REFUSED");
        assertThat(evening.get("refusalRule").asString()).isEqualTo("no-disconnection-hours");
        assertThat(evening.get("stateReason").asString()).contains("18:00").contains("08:00").contains("19:30");
        assertThat(states(evening)).containsExactly("REQUESTED", "REFUSED");
        assertThat(evening.get("attempts").asInt()).isZero();
        assertThat(evening.get("hesCorrelationId").isNull()).isTrue();
        long eveningId = evening.get("id").asLong();
        assertThat(committed.of(CommandCompleted.class)).anyMatch(e -> e.commandId() == eveningId
                && e.state() == CommandState.REFUSED && e.refusalRule().equals("no-disconnection-hours"));
        assertThat(committed.of(DisconnectionAlert.class)).noneMatch(a -> a.commandId() == eveningId);
        // Edge: 08:00 IST exactly is allowed again (and 17:59:59, the evening before).
        policyClock.set(ist("2026-03-11T07:59:59"));
        assertThat(issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of()).get("refusalRule").asString())
                .isEqualTo("no-disconnection-hours");

        // Sunday 11:00 IST: a day without disconnection.
        policyClock.set(ist("2026-03-15T11:00:00"));
        JsonNode sunday = issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of());
        assertThat(sunday.get("refusalRule").asString()).isEqualTo("no-disconnection-day");
        assertThat(sunday.get("stateReason").asString()).contains("SUNDAY");

        // A public holiday the administrator entered.
        assertThat(admin.putJson("/api/v1/command-policy/holidays/2026-03-12", Map.of("name", "Test festival"))
                .status()).isEqualTo(200);
        policyClock.set(ist("2026-03-12T11:00:00"));
        JsonNode holiday = issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of());
        assertThat(holiday.get("refusalRule").asString()).isEqualTo("public-holiday");
        assertThat(holiday.get("stateReason").asString()).contains("Test festival");
        assertThat(admin.delete("/api/v1/command-policy/holidays/2026-03-12").status()).isEqualTo(204);

        // A protected meter (medical need), whatever the hour.
        policyClock.reset();
        TestHttp.Response flagged = admin.putJson("/api/v1/command-policy/protected-meters/" + serial,
                Map.of("reason", "life-support equipment at home"));
        assertThat(flagged.status()).as(flagged.body()).isEqualTo(200);
        assertThat(flagged.json().get("setBy").asString()).isEqualTo(Fixtures.ADMIN);
        JsonNode protectedMeter = issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of());
        assertThat(protectedMeter.get("refusalRule").asString()).isEqualTo("protected-meter");
        assertThat(protectedMeter.get("stateReason").asString()).contains("life-support");
        // Only an administrator maintains the protection list.
        assertThat(ops.putJson("/api/v1/command-policy/protected-meters/" + serial, Map.of("reason", "x")).status())
                .isEqualTo(403);
        assertThat(admin.delete("/api/v1/command-policy/protected-meters/" + serial).status()).isEqualTo(204);

        // Nothing was sent: the meter is still connected and the MDM never recorded a relay change.
        assertThat(meter.relayConnected()).isTrue();
        assertThat(meterRelay(ops, serial)).isNull();
        // Allowed again on a weekday morning.
        JsonNode allowed = issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of());
        assertThat(awaitFinal(ops, allowed.get("id").asLong()).get("state").asString()).isEqualTo("SUCCEEDED");
        reconnect(ops, serial);
    }

    @Test
    void uc3_3_aCtMeterWithoutRelayIsNeverSentADisconnection() {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter ct = TestHes.get(port).fleet().meters().stream()
                .filter(m -> !m.silent() && !m.spec().category().hasRelay()).findFirst().orElseThrow();
        String serial = ct.spec().serialNo();
        CommandTestSupport.installed(port, serial);
        JsonNode refused = issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of());
        assertThat(refused.get("state").asString()).isEqualTo("REFUSED");
        assertThat(refused.get("refusalRule").asString()).isEqualTo("meter-has-relay");
        assertThat(refused.get("stateReason").asString()).contains("CT-operated").contains(ct.spec().category().name());
        assertThat(refused.get("attempts").asInt()).isZero();
        assertThat(ct.relayConnected()).isTrue();
        // Other commands to a CT meter are not restricted.
        JsonNode ping = issue(ops, ControlType.PING, serial, "is it alive?", Map.of());
        assertThat(awaitFinal(ops, ping.get("id").asLong()).get("state").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void uc3_1_theSameCommandSubmittedTwiceExecutesOnce() throws Exception {
        TestHttp ops = CommandTestSupport.operator(port);
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 5);
        String serial = meter.spec().serialNo();
        String key = Fixtures.unique("retry-");
        Map<String, Object> body = command(ControlType.DISCONNECT, serial, "arrears", Map.of());

        // Two clients racing with the same key, then a plain retry: one command.
        var first = CompletableFuture.supplyAsync(() -> post(ops, "/api/v1/commands", body, key));
        var second = CompletableFuture.supplyAsync(() -> post(ops, "/api/v1/commands", body, key));
        List<TestHttp.Response> both = List.of(first.get(), second.get());
        assertThat(both).extracting(TestHttp.Response::status).containsExactlyInAnyOrder(201, 200);
        long id = both.get(0).json().get("id").asLong();
        assertThat(both.get(1).json().get("id").asLong()).isEqualTo(id);
        TestHttp.Response retried = post(ops, "/api/v1/commands", body, key);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("id").asLong()).isEqualTo(id);

        JsonNode done = awaitFinal(ops, id);
        assertThat(done.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(states(done)).containsOnlyOnce("SENT");
        List<Long> disconnects = new ArrayList<>();
        ops.get("/api/v1/meters/" + serial + "/commands").json().forEach(c -> {
            if (c.get("type").asString().equals("DISCONNECT")) {
                disconnects.add(c.get("id").asLong());
            }
        });
        assertThat(disconnects).containsExactly(id);
        Eventually.await(Duration.ofSeconds(5), () -> committed.of(MeterDisconnected.class),
                events -> events.stream().anyMatch(e -> e.commandId() == id));
        assertThat(committed.of(MeterDisconnected.class).stream().filter(e -> e.commandId() == id)).hasSize(1);

        // The same key for another command is a conflict, and nothing is created.
        TestHttp.Response other = post(ops, "/api/v1/commands", command(ControlType.CONNECT, serial, "arrears", Map.of()),
                key);
        assertThat(other.status()).isEqualTo(409);
        assertThat(field(other)).isEqualTo("Idempotency-Key");
        assertThat(ops.get("/api/v1/meters/" + serial + "/commands").json().size()).isEqualTo(1);
        reconnect(ops, serial);
    }

    @Test
    void uc3_6_theRelayStateChangesOnlyOnceTheHesConfirmsSuccess() {
        TestHttp ops = CommandTestSupport.operator(port);
        ReferenceHes hes = TestHes.get(port);
        VirtualMeter meter = CommandTestSupport.liveRelayMeter(port, 6);
        String serial = meter.spec().serialNo();
        hes.dropCommandOutcomes(true);
        long id;
        String correlationId;
        try {
            id = issue(ops, ControlType.DISCONNECT, serial, "arrears", Map.of()).get("id").asLong();
            JsonNode acknowledged = awaitState(ops, id, Duration.ofSeconds(10), "ACKNOWLEDGED");
            correlationId = acknowledged.get("hesCorrelationId").asString();
            // The meter did switch, but nobody told the MDM: its view is unchanged.
            Eventually.await(Duration.ofSeconds(5), meter::relayConnected, connected -> !connected);
            assertThat(meterRelay(ops, serial)).isNull();
            // No outcome within urja.hes.control-timeout: TIMED_OUT, visible with its reason; still no relay change.
            JsonNode timedOut = awaitState(ops, id, Duration.ofSeconds(20), "TIMED_OUT");
            assertThat(timedOut.get("stateReason").asString()).contains("no outcome from the HES");
            assertThat(meterRelay(ops, serial)).isNull();
            assertThat(committed.of(MeterDisconnected.class)).noneMatch(e -> e.commandId() == id);
        } finally {
            hes.dropCommandOutcomes(false);
        }
        // The HES's real outcome arrives late: it replaces the timeout, and now the relay state changes.
        var late = new EndDeviceControlResultsMessage(Fixtures.unique("hes-late-"), Instant.now(), List.of(
                new EndDeviceControlResult(correlationId, serial, ControlType.DISCONNECT, ControlOutcome.SUCCEEDED, null,
                        Instant.now(), Map.of())));
        assertThat(TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/end-device-control-results", late).status()).isEqualTo(202);
        JsonNode succeeded = awaitState(ops, id, Duration.ofSeconds(10), "SUCCEEDED");
        assertThat(states(succeeded)).endsWith("ACKNOWLEDGED", "TIMED_OUT", "SUCCEEDED");
        assertThat(succeeded.get("stateReason").asString()).contains("late outcome");
        assertThat(meterRelay(ops, serial)).isEqualTo("DISCONNECTED");
        Eventually.await(Duration.ofSeconds(5), () -> committed.of(MeterDisconnected.class),
                events -> events.stream().anyMatch(e -> e.commandId() == id));
        reconnect(ops, serial);
    }

    @Test
    void uc3_1to3_6_groupDisconnectionOfAThousandMetersUnderAFeederEndsWithEachMetersOutcome() {
        TestHttp ops = CommandTestSupport.operator(port);
        TestHttp admin = Fixtures.admin(port);
        // A HES with its own fleet of 1,000 meters (about 5 % CT-operated, 1 % silent, 1 % of commands unanswered)
        // serves the MDM for this test, under one feeder of 20 DTs in the asset master.
        FaultProfile faults = new FaultProfile(0, 0, 0.01, 0, 0, 0, 0, 0.01);
        Fleet fleet = Fleet.generate(7L, 1000, "TG", TestHes.COMMISSIONED, faults);
        String p = Fixtures.unique("G").toUpperCase() + "-";
        StringBuilder nodes = new StringBuilder("level,code,name,parent_code\n").append("""
                CIRCLE,%1$sC,C,
                DIVISION,%1$sD,D,%1$sC
                SUBDIVISION,%1$sSD,SD,%1$sD
                SUBSTATION,%1$sSS,SS,%1$sSD
                FEEDER,%1$sF,F,%1$sSS
                """.formatted(p));
        for (int d = 1; d <= 20; d++) {
            nodes.append("DT,").append(p).append("DT").append(d).append(",DT,").append(p).append("F\n");
        }
        StringBuilder meters = new StringBuilder("serial_no,manufacturer,category,interval_minutes,payment_mode,"
                + "relay_capable,comm_path,role,firmware_version,multiplier,node_code,dcu_code\n");
        int i = 0;
        int ctMeters = 0;
        for (VirtualMeter m : fleet.meters()) {
            var spec = m.spec();
            ctMeters += spec.category().hasRelay() ? 0 : 1;
            meters.append(spec.serialNo()).append(",Sim,").append(spec.category()).append(',')
                    .append(spec.intervalMinutes()).append(',').append(spec.paymentMode()).append(',')
                    .append(spec.category().hasRelay()).append(",CELLULAR,CONSUMER,1.0,")
                    .append(spec.multiplier().toPlainString()).append(',').append(p).append("DT").append(i++ / 50 + 1)
                    .append(",\n");
        }
        assertThat(admin.postCsv("/api/v1/imports/network-nodes", nodes.toString()).status()).isEqualTo(200);
        TestHttp.Response imported = admin.postCsv("/api/v1/imports/meters", meters.toString());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(ctMeters).isPositive();

        ReferenceHes big = TestHes.replaceWith(HesConfig.defaults("http://localhost:" + port + "/api/v1/hes",
                        Fixtures.HES_SECRET, Fixtures.MDM_TO_HES_SECRET).withHesId("hes-group").withSeed(7L)
                .withFaults(faults).withTiming(Duration.ofMillis(50), Duration.ofSeconds(1))
                .manual(TestHes.SIM_START), fleet);
        try {
            long started = System.nanoTime();
            TestHttp.Response created = post(ops, "/api/v1/command-groups", Map.of("type", "DISCONNECT",
                    "nodeCode", p + "F", "reason", "feeder-wide arrears drive"), Fixtures.unique("grp-"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            long groupId = created.json().get("id").asLong();
            assertThat(created.json().get("meterCount").asInt()).isEqualTo(1000);
            assertThat(created.json().get("nodeCode").asString()).isEqualTo(p + "F");
            // CT meters are refused at once, each naming the rule; the rest are on their way.
            assertThat(created.json().get("counts").get("REFUSED").asInt()).isEqualTo(ctMeters);

            // Every meter final, and only the silent meters timed out (an outcome that came after the MDM's own
            // timeout replaces it).
            long silent = fleet.meters().stream().filter(m -> m.silent() && m.spec().category().hasRelay()).count();
            JsonNode group = Eventually.await(Duration.ofSeconds(30),
                    () -> ops.get("/api/v1/command-groups/" + groupId + "?size=1").json(),
                    g -> g.get("complete").asBoolean() && g.get("counts").path("TIMED_OUT").asInt(0) <= silent);
            double seconds = (System.nanoTime() - started) / 1e9;
            JsonNode counts = group.get("counts");
            int succeeded = counts.path("SUCCEEDED").asInt(0);
            int failed = counts.path("FAILED").asInt(0);
            int timedOut = counts.path("TIMED_OUT").asInt(0);
            assertThat(succeeded + failed + timedOut + counts.path("REFUSED").asInt(0)).isEqualTo(1000);
            assertThat(group.get("finished").asInt()).isEqualTo(1000);
            assertThat(timedOut).isEqualTo(silent);
            assertThat(succeeded).isGreaterThan(900);
            assertThat(seconds).as("1,000 meters end to end").isLessThan(30);

            // Per-meter outcomes, a page at a time, in serial order; and by state.
            List<String> serials = new ArrayList<>();
            for (int page = 0; page < 2; page++) {
                ops.get("/api/v1/command-groups/" + groupId + "?size=500&page=" + page).json().get("outcomes")
                        .forEach(o -> serials.add(o.get("meterSerialNo").asString()));
            }
            assertThat(serials).hasSize(1000).doesNotHaveDuplicates().isSorted();
            JsonNode refused = ops.get("/api/v1/command-groups/" + groupId + "?state=REFUSED&size=1000").json();
            assertThat(refused.get("outcomes")).hasSize(ctMeters);
            refused.get("outcomes").forEach(o -> {
                assertThat(o.get("refusalRule").asString()).isEqualTo("meter-has-relay");
                assertThat(fleet.meter(o.get("meterSerialNo").asString()).spec().category().hasRelay()).isFalse();
            });
            JsonNode ok = ops.get("/api/v1/command-groups/" + groupId + "?state=SUCCEEDED&size=3").json();
            for (JsonNode o : ok.get("outcomes")) {
                String serial = o.get("meterSerialNo").asString();
                assertThat(fleet.meter(serial).relayConnected()).isFalse();
                assertThat(meterRelay(ops, serial)).isEqualTo("DISCONNECTED");
            }
            if (failed + timedOut > 0) {
                JsonNode notDone = ops.get("/api/v1/command-groups/" + groupId + "?state="
                        + (failed > 0 ? "FAILED" : "TIMED_OUT") + "&size=1").json().get("outcomes").get(0);
                assertThat(notDone.get("stateReason").asString()).isNotBlank();
                assertThat(meterRelay(ops, notDone.get("meterSerialNo").asString())).isNull();
            }
            System.out.printf("group disconnection: %d meters in %.1f s (%d succeeded, %d failed, %d timed out, %d refused)%n",
                    1000, seconds, succeeded, failed, timedOut, ctMeters);
        } finally {
            TestHes.stop(big);
            TestHes.get(port);
        }
    }

    @Test
    void uc3_1_badInputIsRefusedNamingTheFieldAndChangesNothing() {
        TestHttp ops = CommandTestSupport.operator(port);
        String serial = CommandTestSupport.liveRelayMeter(port, 7).spec().serialNo();
        Map<String, Object> ok = command(ControlType.DISCONNECT, serial, "arrears", Map.of());

        TestHttp.Response noKey = post(ops, "/api/v1/commands", ok, null);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(field(noKey)).isEqualTo("Idempotency-Key");
        assertThat(noKey.headers().firstValue("Content-Type").orElse("")).contains("problem+json");

        Map<String, Object> badType = new java.util.HashMap<>(ok);
        badType.put("type", "EXPLODE");
        assertThat(field(post(ops, "/api/v1/commands", badType, "k1"))).isEqualTo("type");
        Map<String, Object> noReason = new java.util.HashMap<>(ok);
        noReason.remove("reason");
        TestHttp.Response r = post(ops, "/api/v1/commands", noReason, "k2");
        assertThat(r.status()).isEqualTo(400);
        assertThat(field(r)).isEqualTo("reason");
        TestHttp.Response unknown = post(ops, "/api/v1/commands",
                command(ControlType.DISCONNECT, "NO-SUCH-METER", "arrears", Map.of()), "k3");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(field(unknown)).isEqualTo("meterSerialNo");
        TestHttp.Response badLimit = post(ops, "/api/v1/commands",
                command(ControlType.SET_LOAD_LIMIT, serial, "overload", Map.of("loadLimitKw", "lots")), "k4");
        assertThat(badLimit.status()).isEqualTo(422);
        assertThat(field(badLimit)).isEqualTo("parameters.loadLimitKw");
        TestHttp.Response stray = post(ops, "/api/v1/commands",
                command(ControlType.DISCONNECT, serial, "arrears", Map.of("force", "yes")), "k5");
        assertThat(stray.status()).isEqualTo(422);
        assertThat(field(stray)).isEqualTo("parameters.force");
        TestHttp.Response noToken = post(ops, "/api/v1/commands",
                command(ControlType.SET_PAYMENT_MODE, serial, "migration", Map.of("paymentMode", "PREPAID")), "k6");
        assertThat(field(noToken)).isEqualTo("parameters.engineeringToken");

        TestHttp.Response both = post(ops, "/api/v1/command-groups", Map.of("type", "DISCONNECT", "reason", "arrears",
                "meters", List.of(serial), "nodeCode", "X"), "k7");
        assertThat(both.status()).isEqualTo(400);
        assertThat(field(both)).isEqualTo("nodeCode");
        TestHttp.Response noNode = post(ops, "/api/v1/command-groups", Map.of("type", "DISCONNECT", "reason", "arrears",
                "nodeCode", "NO-SUCH-NODE"), "k8");
        assertThat(noNode.status()).isEqualTo(422);
        assertThat(field(noNode)).isEqualTo("nodeCode");
        TestHttp.Response unknownInList = post(ops, "/api/v1/command-groups", Map.of("type", "DISCONNECT",
                "reason", "arrears", "meters", List.of(serial, "NO-SUCH-METER")), "k9");
        assertThat(unknownInList.status()).isEqualTo(422);
        assertThat(field(unknownInList)).isEqualTo("meters[1]");
        TestHttp.Response twice = post(ops, "/api/v1/command-groups", Map.of("type", "DISCONNECT",
                "reason", "arrears", "meters", List.of(serial, serial)), "k10");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(field(twice)).isEqualTo("meters[1]");

        // Nothing changed: no command for the meter, and the keys are still free.
        assertThat(ops.get("/api/v1/meters/" + serial + "/commands").json().size()).isZero();
        assertThat(post(ops, "/api/v1/commands", command(ControlType.PING, serial, "check", Map.of()), "k4").status())
                .isEqualTo(201);
        assertThat(ops.get("/api/v1/commands/999999999").status()).isEqualTo(404);
    }

    @Test
    void uc22_aViewerFollowsCommandsButMayNotIssueThem() {
        TestHttp ops = CommandTestSupport.operator(port);
        String viewerName = Fixtures.staffUser(port, "viewer", List.of("VIEWER"));
        TestHttp viewer = TestHttp.staffApi(port, viewerName, Fixtures.password(viewerName));
        String serial = CommandTestSupport.liveRelayMeter(port, 8).spec().serialNo();
        TestHttp.Response refused = post(viewer, "/api/v1/commands", command(ControlType.PING, serial, "check", Map.of()),
                Fixtures.unique("v-"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/meters/" + serial + "/commands").json().size()).isZero();
        long id = issue(ops, ControlType.PING, serial, "check", Map.of()).get("id").asLong();
        assertThat(viewer.get("/api/v1/commands/" + id).status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/meters/" + serial + "/state").status()).isEqualTo(200);
        assertThat(viewer.postJson("/api/v1/commands/" + id + "/cancel", Map.of("reason", "no")).status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/command-policy").json().get("noDisconnectFrom").asString()).startsWith("18:00");
    }

    static void reconnect(TestHttp ops, String serial) {
        JsonNode connect = issue(ops, ControlType.CONNECT, serial, "test clean-up", Map.of());
        assertThat(awaitFinal(ops, connect.get("id").asLong()).get("state").asString()).isEqualTo("SUCCEEDED");
    }
}

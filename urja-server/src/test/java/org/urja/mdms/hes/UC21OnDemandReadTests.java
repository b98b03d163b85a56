package org.urja.mdms.hes;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.fleet.IntervalRecord;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.hes.internal.ContractMapping;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC21.1–21.2: an operator requests an on-demand read; the HES reads the meters and the data reaches the MDM, stored
 * like any other data; the request is followed meter by meter to RECEIVED, FAILED or TIMED_OUT.
 */
@UrjaIntegrationTest
class UC21OnDemandReadTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc21_1to21_2_onDemandReadReachesTheMdm() {
        ReferenceHes hes = TestHes.get(port);
        String operator = Fixtures.staffUser(port, "ops", List.of("OPERATOR"));
        TestHttp api = TestHttp.staffApi(port, operator, Fixtures.password(operator));
        Instant from = Instant.parse("2026-03-09T18:30:00Z");
        Instant to = Instant.parse("2026-03-10T00:00:00Z");
        // A meter that answers and logged events in the period, and one that never answers.
        VirtualMeter live = hes.fleet().meters().stream().filter(m -> !m.silent() && !m.events(from, to).isEmpty())
                .findFirst().orElseThrow();
        VirtualMeter silent = hes.fleet().meters().stream().filter(VirtualMeter::silent).findFirst().orElseThrow();

        Map<String, Object> read = Map.of(
                "meterSerialNos", List.of(live.spec().serialNo(), silent.spec().serialNo()),
                "profiles", List.of("INSTANTANEOUS", "BLOCK_LOAD"), "includeEvents", true,
                "from", from.toString(), "to", to.toString());
        Map<String, String> key = Map.of("Idempotency-Key", Fixtures.unique("read-"));
        TestHttp.Response sent = api.postJson("/api/v1/hes-exchange/read-requests", read, key);
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String correlationId = sent.json().get("correlationId").asString();
        // The operator's client retries (e.g. after a timeout): same request, not a second read.
        TestHttp.Response retried = api.postJson("/api/v1/hes-exchange/read-requests", read, key);
        assertThat(retried.json().get("correlationId").asString()).isEqualTo(correlationId);
        assertThat(sent.json().get("requestedBy").asString()).isEqualTo(operator);

        // The readings arrive under the request's correlation id; the silent meter is reported unreadable.
        JsonNode messages = Eventually.await(Duration.ofSeconds(10),
                () -> api.get("/api/v1/hes-exchange/inbound?correlationId=" + correlationId).json(), m -> m.size() >= 3);
        assertThat(messages.findValuesAsString("noun"))
                .containsExactlyInAnyOrder("MeterReadings", "EndDeviceEvents", "EndDeviceControlResults");
        String readingsId = null;
        for (JsonNode m : messages) {
            if (m.get("noun").asString().equals("MeterReadings")) {
                readingsId = m.get("messageId").asString();
            }
        }
        JsonNode payload = api.get("/api/v1/hes-exchange/inbound/" + readingsId).json();
        assertThat(payload.get("meterReadings").findValuesAsString("profile")).contains("INSTANTANEOUS", "BLOCK_LOAD");
        assertThat(payload.get("meterReadings").findValuesAsString("meterSerialNo")).containsOnly(live.spec().serialNo());
        assertThat(payload.toString()).contains("instant.V", "register.kWh.import");
        // The unreadable meter's PING result does not close the read request as if it were a command.
        assertThat(api.get("/api/v1/hes-exchange/outbound/" + correlationId).json().get("status").asString())
                .isEqualTo("ACKNOWLEDGED");

        // The request, followed meter by meter: the live meter RECEIVED exactly what the meter returned for the
        // range, the silent one FAILED with the HES's reason; nothing is left REQUESTED, so the request is COMPLETE.
        JsonNode request = Eventually.await(Duration.ofSeconds(10),
                () -> api.get("/api/v1/hes-exchange/read-requests/" + correlationId).json(),
                r -> r.get("status").asString().equals("COMPLETE"));
        assertThat(request.get("purpose").asString()).isEqualTo("ON_DEMAND");
        assertThat(request.get("requestedBy").asString()).isEqualTo(operator);
        assertThat(strings(request.get("profiles")))
                .containsExactly("INSTANTANEOUS", "BLOCK_LOAD");
        assertThat(request.get("includeEvents").asBoolean()).isTrue();
        assertThat(Instant.parse(request.get("from").asString())).isEqualTo(from);
        assertThat(Instant.parse(request.get("to").asString())).isEqualTo(to);
        assertThat(request.get("delivery").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(request.get("counts").get("RECEIVED").asInt()).isEqualTo(1);
        assertThat(request.get("counts").get("FAILED").asInt()).isEqualTo(1);
        assertThat(request.get("counts").get("REQUESTED").asInt()).isZero();
        assertThat(request.get("counts").get("TIMED_OUT").asInt()).isZero();

        List<IntervalRecord> intervals = live.blockLoadProfile(from, to);
        int intervalValues = 8 * intervals.size(); // the block load profile has 8 channels
        int instantaneousValues = ContractMapping.instantaneous(live.spec().serialNo(),
                live.instantaneous(hes.clock().instant())).readings().size();
        int events = live.events(from, to).size();
        assertThat(intervals).isNotEmpty();
        assertThat(events).isPositive();
        JsonNode liveState = meter(request, live.spec().serialNo());
        assertThat(liveState.get("state").asString()).isEqualTo("RECEIVED");
        assertThat(liveState.get("intervalReadings").asInt()).isEqualTo(intervalValues);
        assertThat(liveState.get("registerReadings").asInt()).isEqualTo(instantaneousValues);
        assertThat(liveState.get("events").asInt()).isEqualTo(events);
        assertThat(strings(liveState.get("profiles")))
                .containsExactly("BLOCK_LOAD", "INSTANTANEOUS");
        assertThat(liveState.get("firstArrivalAt").isNull()).isFalse();
        assertThat(liveState.get("reason").isNull()).isTrue();
        JsonNode silentState = meter(request, silent.spec().serialNo());
        assertThat(silentState.get("state").asString()).isEqualTo("FAILED");
        assertThat(silentState.get("hesOutcome").asString()).isEqualTo("TIMED_OUT");
        assertThat(silentState.get("reason").asString()).isEqualTo("meter did not answer");
        assertThat(silentState.get("intervalReadings").asInt()).isZero();

        // Other modules are told once the request is complete, after the commit, with every meter's outcome.
        ReadRequestCompleted done = Eventually.await(Duration.ofSeconds(5), () -> completed(correlationId),
                c -> c != null);
        assertThat(done.purpose().name()).isEqualTo("ON_DEMAND");
        assertThat(done.requestedBy()).isEqualTo(operator);
        assertThat(done.revised()).isFalse();
        assertThat(done.meterSerialNos("RECEIVED")).containsExactly(live.spec().serialNo());
        assertThat(done.meterSerialNos("FAILED")).containsExactly(silent.spec().serialNo());

        // The data is stored like any other: the intervals of the range, with the meter's values.
        LocalDate day = LocalDate.ofInstant(from, IST);
        JsonNode stored = api.get("/api/v1/meters/" + live.spec().serialNo() + "/intervals?channel=KWH_IMPORT&from="
                + day + "&to=" + day).json();
        Map<Instant, BigDecimal> values = new HashMap<>();
        for (JsonNode i : stored.get(0).get("intervals")) {
            if (!i.get("value").isNull()) {
                values.put(Instant.parse(i.get("end").asString()), i.get("value").decimalValue());
            }
        }
        for (IntervalRecord r : intervals) {
            assertThat(values.get(r.end())).as("interval ending " + r.end()).isEqualByComparingTo(r.kWhImport());
        }

        // Recent requests of a meter, newest first, each with that meter's state.
        JsonNode ofLive = api.get("/api/v1/hes-exchange/read-requests?meterSerialNo=" + live.spec().serialNo()
                + "&limit=5").json();
        assertThat(ofLive.get(0).get("correlationId").asString()).isEqualTo(correlationId);
        assertThat(ofLive.get(0).get("meters")).hasSize(1);
        assertThat(ofLive.get(0).get("meters").get(0).get("state").asString()).isEqualTo("RECEIVED");

        // A viewer may not request reads nor see them; an unknown request is a 404 naming the field; a bad range is
        // refused naming the field.
        String viewer = Fixtures.staffUser(port, "viewr", List.of("VIEWER"));
        TestHttp viewerApi = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));
        TestHttp.Response refused = viewerApi.postJson("/api/v1/hes-exchange/read-requests",
                Map.of("meterSerialNos", List.of(live.spec().serialNo()), "profiles", List.of("INSTANTANEOUS")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(viewerApi.get("/api/v1/hes-exchange/read-requests/" + correlationId).status()).isEqualTo(403);
        TestHttp.Response unknown = api.get("/api/v1/hes-exchange/read-requests/read-no-such-request");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("correlationId");
        TestHttp.Response backwards = api.postJson("/api/v1/hes-exchange/read-requests", Map.of(
                "meterSerialNos", List.of(live.spec().serialNo()), "profiles", List.of("BLOCK_LOAD"),
                "from", "2026-03-10T00:00:00Z", "to", "2026-03-09T00:00:00Z"));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
    }

    @Test
    void uc21_2_aMeterNothingArrivesForTimesOutAndLateDataReplacesTheTimeout() {
        ReferenceHes hes = TestHes.get(port);
        String operator = Fixtures.staffUser(port, "ops", List.of("OPERATOR"));
        TestHttp api = TestHttp.staffApi(port, operator, Fixtures.password(operator));
        VirtualMeter meter = hes.fleet().meters().stream().filter(m -> !m.silent()).skip(1).findFirst().orElseThrow();
        String serial = meter.spec().serialNo();
        // The block load of a period before the meter was commissioned: the HES acknowledges, reads nothing and
        // sends nothing — neither data nor an unreadable report.
        Instant from = Instant.parse("2026-01-01T18:30:00Z");
        Instant to = Instant.parse("2026-01-02T18:30:00Z");
        assertThat(meter.blockLoadProfile(from, to)).isEmpty();

        TestHttp.Response sent = api.postJson("/api/v1/hes-exchange/read-requests", Map.of(
                "meterSerialNos", List.of(serial), "profiles", List.of("BLOCK_LOAD"),
                "from", from.toString(), "to", to.toString()));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String correlationId = sent.json().get("correlationId").asString();
        JsonNode open = api.get("/api/v1/hes-exchange/read-requests/" + correlationId).json();
        assertThat(open.get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(meter(open, serial).get("state").asString()).isEqualTo("REQUESTED");

        // urja.hes.read-timeout (8 s in tests) passes without anything arriving: TIMED_OUT, request COMPLETE.
        JsonNode request = Eventually.await(Duration.ofSeconds(30),
                () -> api.get("/api/v1/hes-exchange/read-requests/" + correlationId).json(),
                r -> r.get("status").asString().equals("COMPLETE"));
        JsonNode state = meter(request, serial);
        assertThat(state.get("state").asString()).isEqualTo("TIMED_OUT");
        assertThat(state.get("reason").asString()).isEqualTo("nothing arrived from the HES within PT8S");
        assertThat(request.get("counts").get("TIMED_OUT").asInt()).isEqualTo(1);
        ReadRequestCompleted timedOut = Eventually.await(Duration.ofSeconds(5), () -> completed(correlationId),
                c -> c != null);
        assertThat(timedOut.meterSerialNos("TIMED_OUT")).containsExactly(serial);

        // The HES answers after all (e.g. after a restart): the data replaces the timeout and modules are told again.
        Instant at = hes.clock().instant();
        var late = new MeterReadingsMessage("hes1-" + correlationId + "-late", Instant.now(), correlationId,
                List.of(ContractMapping.instantaneous(serial, meter.instantaneous(at))));
        assertThat(hes.mdm().send("/meter-readings", late).status()).isEqualTo(202);
        JsonNode after = meter(api.get("/api/v1/hes-exchange/read-requests/" + correlationId).json(), serial);
        assertThat(after.get("state").asString()).isEqualTo("RECEIVED");
        assertThat(after.get("registerReadings").asInt()).isEqualTo(late.meterReadings().get(0).readings().size());
        assertThat(after.get("reason").asString()).startsWith("data arrived after TIMED_OUT");
        ReadRequestCompleted revised = Eventually.await(Duration.ofSeconds(5), () -> committed.of(ReadRequestCompleted.class)
                .stream().filter(c -> c.correlationId().equals(correlationId) && c.revised()).findFirst().orElse(null),
                c -> c != null);
        assertThat(revised.meterSerialNos("RECEIVED")).containsExactly(serial);
    }

    private ReadRequestCompleted completed(String correlationId) {
        return committed.of(ReadRequestCompleted.class).stream()
                .filter(c -> c.correlationId().equals(correlationId) && !c.revised()).findFirst().orElse(null);
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    static JsonNode meter(JsonNode request, String serial) {
        for (JsonNode m : request.get("meters")) {
            if (m.get("meterSerialNo").asString().equals(serial)) {
                return m;
            }
        }
        throw new AssertionError("meter " + serial + " not in " + request);
    }
}

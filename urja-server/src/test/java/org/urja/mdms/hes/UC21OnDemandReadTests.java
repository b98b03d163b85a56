package org.urja.mdms.hes;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** UC21.1–21.2: an operator requests an on-demand read; the HES reads the meter and the data reaches the MDM. */
@UrjaIntegrationTest
class UC21OnDemandReadTests {

    @LocalServerPort
    int port;

    @Test
    void uc21_1to21_2_onDemandReadReachesTheMdm() {
        ReferenceHes hes = TestHes.get(port);
        String operator = Fixtures.staffUser(port, "ops", List.of("OPERATOR"));
        TestHttp api = TestHttp.staffApi(port, operator, Fixtures.password(operator));
        VirtualMeter live = hes.fleet().meters().stream().filter(m -> !m.silent()).findFirst().orElseThrow();
        VirtualMeter silent = hes.fleet().meters().stream().filter(VirtualMeter::silent).findFirst().orElseThrow();

        Map<String, Object> read = Map.of(
                "meterSerialNos", List.of(live.spec().serialNo(), silent.spec().serialNo()),
                "profiles", List.of("INSTANTANEOUS", "BLOCK_LOAD"), "includeEvents", true,
                "from", "2026-03-09T18:30:00Z", "to", "2026-03-10T00:00:00Z");
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
                () -> api.get("/api/v1/hes-exchange/inbound?correlationId=" + correlationId).json(), m -> m.size() >= 2);
        assertThat(messages.findValuesAsString("noun")).contains("MeterReadings", "EndDeviceControlResults");
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

        // A viewer may look but not request reads; a bad range is refused naming the field.
        String viewer = Fixtures.staffUser(port, "viewr", List.of("VIEWER"));
        TestHttp.Response refused = TestHttp.staffApi(port, viewer, Fixtures.password(viewer)).postJson(
                "/api/v1/hes-exchange/read-requests",
                Map.of("meterSerialNos", List.of(live.spec().serialNo()), "profiles", List.of("INSTANTANEOUS")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        TestHttp.Response backwards = api.postJson("/api/v1/hes-exchange/read-requests", Map.of(
                "meterSerialNos", List.of(live.spec().serialNo()), "profiles", List.of("BLOCK_LOAD"),
                "from", "2026-03-10T00:00:00Z", "to", "2026-03-09T00:00:00Z"));
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.json().get("errors").get(0).get("field").asString()).isEqualTo("from");
    }
}

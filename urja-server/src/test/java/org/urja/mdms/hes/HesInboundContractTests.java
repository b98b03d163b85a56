package org.urja.mdms.hes;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.contract.ContractSchema;
import org.urja.hes.contract.ControlOutcome;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.EndDeviceControlResult;
import org.urja.hes.contract.EndDeviceControlResultsMessage;
import org.urja.hes.contract.EndDeviceEvent;
import org.urja.hes.contract.EndDeviceEventsMessage;
import org.urja.hes.contract.EventCategory;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MDM side of the HES contract over HTTP: what the HES sends is authenticated, validated, stored once and
 * acknowledged; what is unauthenticated, tampered, replayed or malformed is refused and stores nothing.
 */
@UrjaIntegrationTest
class HesInboundContractTests {

    static final String READINGS = "/api/v1/hes/meter-readings";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestHttp hes() {
        return TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET);
    }

    static MeterReadingsMessage readings(String messageId, String meter) {
        Instant end = Instant.parse("2026-03-01T18:30:00Z");
        return new MeterReadingsMessage(messageId, Instant.now(), null, List.of(new MeterReading(meter,
                ReadingProfile.BLOCK_LOAD, List.of(new IntervalBlock(ReadingTypes.INTERVAL_KWH_IMPORT, 900, List.of(
                        new IntervalReading(end.minusSeconds(900), new BigDecimal("0.210"), List.of()),
                        new IntervalReading(end, new BigDecimal("0.190"), List.of())))), List.of())));
    }

    long stored(String messageId) {
        return jdbc.sql("SELECT count(*) FROM hes_inbound_message WHERE message_id = ?").param(messageId)
                .query(Long.class).single();
    }

    @Test
    void signedMessagesAreStoredOnceAndAcknowledged() {
        String id = Fixtures.unique("hes-msg-");
        MeterReadingsMessage message = readings(id, "SM-A1");
        assertThat(ContractSchema.problems("MeterReadingsMessage", message)).isEmpty();

        TestHttp.Response first = hes().postJson(READINGS, message);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(first.json().get("duplicate").asBoolean()).isFalse();

        // A re-send (new signature, same message) is acknowledged again and stored once.
        TestHttp.Response again = hes().postJson(READINGS, message);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(stored(id)).isEqualTo(1);

        // Staff can find it by meter and read it back as sent.
        TestHttp staff = Fixtures.admin(port);
        var found = staff.get("/api/v1/hes-exchange/inbound?noun=MeterReadings&meter=SM-A1").json();
        assertThat(found.findValuesAsString("messageId")).contains(id);
        var payload = staff.get("/api/v1/hes-exchange/inbound/" + id).json();
        assertThat(payload.get("meterReadings").get(0).get("intervalBlocks").get(0).get("intervalReadings")).hasSize(2);
        assertThat(ContractSchema.problems("MeterReadingsMessage", payload)).isEmpty();

        // Same id, other content: a conflict, and the stored message is unchanged.
        TestHttp.Response conflict = hes().postJson(READINGS, readings(id, "SM-OTHER"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("errors").get(0).get("field").asString()).isEqualTo("messageId");
        assertThat(staff.get("/api/v1/hes-exchange/inbound/" + id).body()).contains("SM-A1").doesNotContain("SM-OTHER");

        // Events and command results take the same path.
        String eventsId = Fixtures.unique("hes-ev-");
        TestHttp.Response events = hes().postJson("/api/v1/hes/end-device-events", new EndDeviceEventsMessage(eventsId,
                Instant.now(), null, List.of(new EndDeviceEvent("SM-A1", Instant.parse("2026-03-01T10:00:00Z"), 201,
                        EventCategory.OTHER, null, "Magnet tamper occurrence", true, Map.of()))));
        assertThat(events.status()).isEqualTo(202);
        assertThat(stored(eventsId)).isEqualTo(1);
    }

    @Test
    void unauthenticatedTamperedReplayedAndMalformedMessagesAreRefusedAndStoreNothing() {
        TestHttp hes = hes();
        // No credentials at all.
        String id0 = Fixtures.unique("hes-anon-");
        assertThat(TestHttp.browser(port).postJson(READINGS, readings(id0, "SM-B1")).status()).isEqualTo(401);

        // Tampered: the body changed after signing.
        String id1 = Fixtures.unique("hes-tamper-");
        byte[] body = TestHttp.JSON.writeValueAsBytes(readings(id1, "SM-B1"));
        long now = Instant.now().getEpochSecond();
        Map<String, String> headers = hes.signatureHeaders(READINGS, body, now);
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("0.210", "9.210").getBytes(StandardCharsets.UTF_8);
        TestHttp.Response t = hes.postRaw(READINGS, tampered, headers);
        assertThat(t.status()).isEqualTo(401);
        assertThat(t.json().get("detail").asString()).contains("Signature does not match");
        assertThat(stored(id1)).isZero();

        // Wrong key id; a timestamp outside the replay window.
        Map<String, String> wrongKey = new HashMap<>(headers);
        wrongKey.put(HesSignature.KEY_ID_HEADER, "someone-else");
        assertThat(hes.postRaw(READINGS, body, wrongKey).status()).isEqualTo(401);
        TestHttp.Response stale = hes.postRaw(READINGS, body, hes.signatureHeaders(READINGS, body, now - 3600));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.json().get("detail").asString()).contains("replay window");
        assertThat(stored(id1)).isZero();

        // Replayed: the exact signed request a second time.
        String id2 = Fixtures.unique("hes-replay-");
        byte[] body2 = TestHttp.JSON.writeValueAsBytes(readings(id2, "SM-B2"));
        Map<String, String> signed = hes.signatureHeaders(READINGS, body2, now);
        assertThat(hes.postRaw(READINGS, body2, signed).status()).isEqualTo(202);
        TestHttp.Response replay = hes.postRaw(READINGS, body2, signed);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.json().get("detail").asString()).contains("replayed");
        assertThat(stored(id2)).isEqualTo(1);

        // Malformed: a reading without a meter, a value that is not a number; named fields, nothing stored.
        String id3 = Fixtures.unique("hes-bad-");
        var noMeter = TestHttp.JSON.valueToTree(readings(id3, "SM-B3"));
        ((tools.jackson.databind.node.ObjectNode) noMeter.get("meterReadings").get(0)).remove("meterSerialNo");
        TestHttp.Response bad = hes.postJson(READINGS, noMeter.toString());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field")).contains("meterReadings[0].meterSerialNo");
        String notNumber = TestHttp.JSON.writeValueAsString(readings(id3, "SM-B3")).replace("0.190", "\"lots\"");
        TestHttp.Response bad2 = hes.postJson(READINGS, notNumber);
        assertThat(bad2.status()).isEqualTo(400);
        assertThat(bad2.json().get("errors").get(0).get("field").asString())
                .isEqualTo("meterReadings[0].intervalBlocks[0].intervalReadings[1].value");
        String oddInterval = TestHttp.JSON.writeValueAsString(readings(id3, "SM-B3")).replace("\"intervalSeconds\":900",
                "\"intervalSeconds\":17");
        TestHttp.Response bad3 = hes.postJson(READINGS, oddInterval);
        assertThat(bad3.status()).isEqualTo(400);
        assertThat(bad3.json().get("errors").get(0).get("field").asString())
                .isEqualTo("meterReadings[0].intervalBlocks[0].intervalSeconds");
        assertThat(stored(id3)).isZero();

        // Staff credentials are not HES credentials.
        assertThat(Fixtures.admin(port).postJson(READINGS, readings(Fixtures.unique("x"), "SM-B4")).status()).isEqualTo(401);
    }

    @Test
    void commandResultsCompleteTheirRequestOnce() {
        String correlationId = Fixtures.unique("cmd-");
        jdbc.sql("""
                        INSERT INTO hes_outbound_request (correlation_id, message_id, kind, meter_serials, control_type, payload,
                                                          requested_by, requested_at, status, acknowledged_at)
                        VALUES (?, ?, 'CONTROL', ARRAY['SM-C1'], 'DISCONNECT', '{}', 'test', now(), 'ACKNOWLEDGED', now())""")
                .params(correlationId, "m-" + correlationId).update();
        var result = new EndDeviceControlResultsMessage(Fixtures.unique("hes-res-"), Instant.now(), List.of(
                new EndDeviceControlResult(correlationId, "SM-C1", ControlType.DISCONNECT, ControlOutcome.SUCCEEDED,
                        null, Instant.now(), Map.of("relay", "DISCONNECTED"))));
        assertThat(hes().postJson("/api/v1/hes/end-device-control-results", result).status()).isEqualTo(202);
        var request = Fixtures.admin(port).get("/api/v1/hes-exchange/outbound/" + correlationId).json();
        assertThat(request.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(request.get("outcome").asString()).isEqualTo("SUCCEEDED");
    }
}

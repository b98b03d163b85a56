package org.urja.mdms.hes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.ReferenceHes;
import org.urja.hes.contract.ControlType;
import org.urja.hes.contract.HesSignature;
import org.urja.hes.fleet.VirtualMeter;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHes;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many commands in one request to the HES ({@code POST /end-device-controls/batch}, used for group commands): each
 * control is acknowledged or rejected on its own, carried out and reported like a single one, a retry with the same
 * keys sends nothing again, and a malformed batch is refused naming the control and field.
 */
@UrjaIntegrationTest
class HesControlBatchTests {

    @LocalServerPort
    int port;

    @Autowired
    HesClient hesClient;

    @Test
    void eachControlOfABatchIsAcknowledgedOnItsOwnAndARetryWithTheSameKeysSendsNothingAgain() {
        ReferenceHes hes = TestHes.get(port);
        List<VirtualMeter> live = hes.fleet().meters().stream()
                .filter(m -> !m.silent() && m.spec().category().hasRelay()).limit(3).toList();
        String key = Fixtures.unique("batch-");
        List<HesClient.ControlOrder> orders = List.of(
                order(live.get(0).spec().serialNo(), ControlType.PING, Map.of(), key + "-0"),
                order(live.get(1).spec().serialNo(), ControlType.SET_LOAD_LIMIT, Map.of("loadLimitKw", "3.5"), key + "-1"),
                order("NO-SUCH-METER", ControlType.PING, Map.of(), key + "-2"),
                order(live.get(2).spec().serialNo(), ControlType.SET_LOAD_LIMIT, Map.of("loadLimitKw", "-1"), key + "-3"));

        List<OutboundRequest> sent = hesClient.sendControls(orders);

        assertThat(sent).extracting(OutboundRequest::status)
                .containsExactly("ACKNOWLEDGED", "ACKNOWLEDGED", "REJECTED", "REJECTED");
        assertThat(sent.get(0).meterSerialNos()).containsExactly(live.get(0).spec().serialNo());
        assertThat(sent.get(2).statusReason()).contains("Unknown meter");
        assertThat(sent.get(3).statusReason()).contains("loadLimitKw");
        assertThat(sent).extracting(OutboundRequest::correlationId).doesNotHaveDuplicates();
        // Carried out and reported like single commands.
        for (OutboundRequest r : sent.subList(0, 2)) {
            assertThat(Eventually.await(Duration.ofSeconds(15), () -> hesClient.find(r.correlationId()).orElseThrow(),
                    x -> "COMPLETED".equals(x.status())).outcome()).isEqualTo("SUCCEEDED");
        }
        assertThat(live.get(1).loadLimitKw()).isEqualTo(3.5);

        // The same orders again (a dispatcher retrying after a crash): the requests already recorded, nothing sent.
        List<OutboundRequest> again = hesClient.sendControls(orders);
        assertThat(again).extracting(OutboundRequest::correlationId)
                .containsExactlyElementsOf(sent.stream().map(OutboundRequest::correlationId).toList());
        assertThat(again.get(0).status()).isEqualTo("COMPLETED");
    }

    @Test
    void aBatchWithAControlMissingItsMeterIsRefusedNamingTheControlAndField() throws Exception {
        TestHes.get(port);
        Instant now = Instant.now();
        String body = """
                {"messageId":"%s","sentAt":"%s","controls":[
                  {"messageId":"%s-a","correlationId":"%s-a","sentAt":"%s","meterSerialNo":"TH0000001","controlType":"PING"},
                  {"messageId":"%s-b","correlationId":"%s-b","sentAt":"%s","controlType":"PING"}]}"""
                .formatted(Fixtures.unique("mb-"), now, "m", "c", now, "m", "c", now);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = now.getEpochSecond();
        String nonce = HesSignature.newNonce();
        String path = "/hes/v1/end-device-controls/batch";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + TestHes.PORT + path))
                .header("Content-Type", "application/json")
                .header(HesSignature.KEY_ID_HEADER, "mdm")
                .header(HesSignature.TIMESTAMP_HEADER, Long.toString(ts))
                .header(HesSignature.NONCE_HEADER, nonce)
                .header(HesSignature.SIGNATURE_HEADER, HesSignature.sign("test-mdm-secret", ts, nonce, "POST", path, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JsonMapper.builder().build().readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("controls[1].meterSerialNo");
    }

    private static HesClient.ControlOrder order(String meter, ControlType type, Map<String, String> parameters,
                                                String key) {
        return new HesClient.ControlOrder(meter, type, parameters, "batch-test", key);
    }
}

package org.urja.mdms.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
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
 * UC9.1 Load monitoring at demand side: a load-limit violation recorded by the meter reaches the control centre with
 * meter number, maximum demand and the date and time of the violation; repeats per consumer are counted over a
 * rolling window (30 days). Billing maximum demand above the sanctioned load counts as a violation too.
 */
@UrjaIntegrationTest
class UC9LoadViolationTests {

    static final Instant T0 = Instant.parse("2026-03-05T13:15:00Z");

    @LocalServerPort
    int port;

    @Test
    void uc9_1_overloadEventsReachTheControlCentreWithMaxDemandAndRepeatsAreCounted() {
        TestGrid grid = TestGrid.create(port, 1);
        String meter = grid.meter("DT1", 1);
        String consumer = grid.consumer(meter);
        List<Map<String, Object>> first = List.of(
                event(meter, T0, 215, Map.of("demandKw", "7.2", "loadLimitKw", "5")),
                event(meter, T0.plusSeconds(900), 216));
        assertThat(HesEvents.send(port, first).status()).isEqualTo(202);
        assertThat(HesEvents.send(port, List.of(event(meter, T0.plusSeconds(2 * 86400), 215, Map.of("demandKw", "6.1")),
                event(meter, T0.plusSeconds(5 * 86400), 215, Map.of("demandKw", "8.0")))).status()).isEqualTo(202);
        assertThat(HesEvents.send(port, first).status()).as("an overlapping push").isEqualTo(202);
        // 40 days later the earlier ones have left the window.
        assertThat(HesEvents.send(port, List.of(event(meter, T0.plusSeconds(40 * 86400), 215,
                Map.of("demandKw", "5.6")))).status()).isEqualTo(202);

        String controlRoom = Fixtures.staffUser(port, "ctl", List.of("OPERATOR"));
        TestHttp staff = TestHttp.staffApi(port, controlRoom, Fixtures.password(controlRoom));
        List<JsonNode> list = Eventually.await(Duration.ofSeconds(10),
                () -> violations(staff, "?consumerNo=" + consumer), l -> l.size() == 4
                        && l.stream().anyMatch(v -> !v.get("endedAt").isNull()));
        assertThat(list).extracting(v -> Instant.parse(v.get("occurredAt").asString())).containsExactly(
                T0.plusSeconds(40 * 86400), T0.plusSeconds(5 * 86400), T0.plusSeconds(2 * 86400), T0);
        assertThat(list).extracting(v -> v.get("violationsInWindow").asInt()).containsExactly(1, 3, 2, 1);
        assertThat(list).extracting(v -> v.get("repeatViolation").asBoolean()).containsExactly(false, true, false, false);
        JsonNode oldest = list.get(3);
        assertThat(oldest.get("meterSerialNo").asString()).isEqualTo(meter);
        assertThat(oldest.get("servicePointCode").asString()).isEqualTo(grid.servicePoint(meter));
        assertThat(oldest.get("source").asString()).isEqualTo("METER_EVENT");
        assertThat(oldest.get("eventCode").asInt()).isEqualTo(215);
        assertThat(oldest.get("demandKw").decimalValue()).isEqualByComparingTo("7.2");
        assertThat(oldest.get("limitKw").decimalValue()).isEqualByComparingTo("5");
        assertThat(oldest.get("sanctionedLoadKw").decimalValue()).isEqualByComparingTo("5");
        assertThat(Instant.parse(oldest.get("endedAt").asString())).isEqualTo(T0.plusSeconds(900));

        assertThat(violations(staff, "?consumerNo=" + consumer + "&from=" + T0.plusSeconds(86400))).hasSize(3);
        assertThat(violations(staff, "?meter=" + meter + "&from=" + T0.plusSeconds(86400) + "&to="
                + T0.plusSeconds(10 * 86400))).hasSize(2);
        // The violation is a device event too, of category LOAD.
        JsonNode events = staff.get("/api/v1/meters/" + meter + "/events?category=LOAD").json();
        assertThat(events.size()).isEqualTo(5);
    }

    @Test
    void uc9_1_billingMaximumDemandAboveTheSanctionedLoadIsAViolation() {
        TestGrid grid = TestGrid.create(port, 2);
        String over = grid.meter("DT2", 1);
        String within = grid.meter("DT2", 2);
        Instant billingDate = Instant.parse("2026-02-28T18:30:00Z");
        Instant peak = Instant.parse("2026-02-17T14:00:00Z");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("messageId", Fixtures.unique("bill-"));
        message.put("sentAt", Instant.now().toString());
        message.put("meterReadings", List.of(billing(over, billingDate, "9.5", peak), billing(within, billingDate, "4.2", peak)));
        TestHttp.Response r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", message);
        assertThat(r.status()).as(r.body()).isEqualTo(202);

        JsonNode v = Eventually.await(Duration.ofSeconds(10), () -> violations(Fixtures.admin(port), "?meter=" + over),
                l -> l.size() == 1).get(0);
        assertThat(v.get("source").asString()).isEqualTo("BILLING_MAX_DEMAND");
        assertThat(v.get("consumerNo").asString()).isEqualTo(grid.consumer(over));
        assertThat(v.get("demandKw").decimalValue()).isEqualByComparingTo("9.5");
        assertThat(v.get("sanctionedLoadKw").decimalValue()).isEqualByComparingTo("5");
        assertThat(Instant.parse(v.get("occurredAt").asString())).as("when the maximum occurred").isEqualTo(peak);
        assertThat(violations(Fixtures.admin(port), "?meter=" + within)).isEmpty();
    }

    static Map<String, Object> billing(String meter, Instant billingDate, String maxDemandKw, Instant peak) {
        return Map.of("meterSerialNo", meter, "profile", "BILLING", "readings", List.of(
                Map.of("readingType", "register.kWh.import", "timeStamp", billingDate.toString(), "value", new java.math.BigDecimal("1520.25")),
                Map.of("readingType", "register.kW.maxDemand", "timeStamp", billingDate.toString(), "value", new java.math.BigDecimal(maxDemandKw),
                        "occurredAt", peak.toString())));
    }

    static List<JsonNode> violations(TestHttp http, String query) {
        TestHttp.Response r = http.get("/api/v1/load-violations" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }
}

package org.urja.mdms.tariff;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Tariff versions as data over HTTP: added by billing, never edited, read by staff, quoted exactly. */
@UrjaIntegrationTest
class TariffApiTests {

    @LocalServerPort
    int port;

    @Test
    void aTariffVersionIsAddedOnceReadByDateAndQuotesTheWorkedExample() {
        String category = Fixtures.unique("DOM").toUpperCase();
        String billing = Fixtures.staffUser(port, "tariff", List.of("BILLING"));
        TestHttp api = TestHttp.staffApi(port, billing, Fixtures.password(billing));
        Tariff tariff = ExampleTariffs.domestic(category);
        Map<String, Object> body = Map.of("tariff", tariff, "reason", "Tariff order 2026-27, para 4.2");
        TestHttp.Response added = api.postJson("/api/v1/tariffs", body);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        TestHttp.Response again = api.postJson("/api/v1/tariffs", body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("errors").findValuesAsString("field")).contains("effectiveFrom");

        // Read by date: in force from 1 April 2026, nothing before.
        String viewer = Fixtures.staffUser(port, "tview", List.of("VIEWER"));
        TestHttp read = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));
        JsonNode effective = read.get("/api/v1/tariffs/" + category + "?on=2026-05-20").json();
        assertThat(effective.get("slabs")).hasSize(5);
        assertThat(effective.get("todZones").get(0).get("from").asString()).isEqualTo("18:00:00");
        assertThat(read.get("/api/v1/tariffs/" + category + "?on=2026-03-31").status()).isEqualTo(404);
        assertThat(read.get("/api/v1/tariffs/" + category + "/versions").json().get(0).get("createdBy").asString())
                .isEqualTo(billing);

        // The worked example of docs/tariffs.md, through the API.
        JsonNode quote = read.postJson("/api/v1/tariffs/" + category + "/quote", Map.of("day", "2026-05-20",
                "unitsByZone", Map.of("PEAK", 4, "SOLAR", 3, "NORMAL", 5), "monthUnitsBefore", 195,
                "sanctionedKw", 5)).json();
        assertThat(quote.get("totalPaise").asLong()).isEqualTo(6991);
        assertThat(quote.get("lines")).hasSize(7);
    }

    @Test
    void badVersionsAndUsersWithoutTheRoleChangeNothing() {
        String category = Fixtures.unique("BAD").toUpperCase();
        TestHttp admin = Fixtures.admin(port);
        Map<String, Object> slabsDown = Map.of("reason", "Tariff order 2026-27", "tariff", Map.of("category", category,
                "effectiveFrom", "2026-04-01", "fixedPaisePerKwMonth", 0, "todZones", List.of(), "levies", List.of(),
                "slabs", List.of(Map.of("uptoUnits", 200, "paisePerUnit", 300), Map.of("uptoUnits", 100, "paisePerUnit", 400),
                        Map.of("paisePerUnit", 500))));
        TestHttp.Response bad = admin.postJson("/api/v1/tariffs", slabsDown);
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("upper bounds must increase");
        assertThat(bad.json().get("errors").get(0).get("field").asString()).startsWith("tariff");
        TestHttp.Response noReason = admin.postJson("/api/v1/tariffs", Map.of("tariff", ExampleTariffs.domestic()));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("errors").findValuesAsString("field")).contains("reason");

        String operator = Fixtures.staffUser(port, "top", List.of("OPERATOR"));
        assertThat(TestHttp.staffApi(port, operator, Fixtures.password(operator)).postJson("/api/v1/tariffs",
                Map.of("tariff", ExampleTariffs.domestic(), "reason", "an operator trying")).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/tariffs/" + category).status()).isEqualTo(404);
    }
}

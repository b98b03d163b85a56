package org.urja.mdms.losses;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Energy audit (issue 10 part 6) against a hand-computed example, with data sent through the HES contract and VEE's
 * estimates in it. 10 March 2026, kWh per interval:
 *
 * <pre>
 * DT1  B1  boundary (×200)  import 1.000 × 96 = 96.000, export 0.050 × 16 (slots 40–55) = 0.800  → input 95.200
 *      C1  15 min           0.300 × 96                                   = 28.800 (all actual)
 *      C2  15 min           0.250 × 94 sent, slots 10 and 11 missing: VEE interpolates 0.250 each = 24.000 (2 estimated)
 *      C3  30 min net meter import 0.800 × 48 = 38.400, export 0.200 × 16 (slots 20–35) = 3.200 → 35.200
 *      C4  15 min           nothing sent (a missing meter)
 *      consumption 28.800 + 24.000 + 35.200 = 88.000; loss 95.200 − 88.000 = 7.200 kWh = 7.56 % of 95.200
 *      completeness: expected 96 + 96 + 48 + 96 = 336 intervals, actual 96 + 94 + 48 = 238 (70.83 %), estimated 2,
 *      missing 96; meters with data 3 of 4, fully measured 2 (50.00 %), 1 meter-day with estimates
 * DT2  B2  0.900 × 96 = 86.400; C5 0.850 × 96 = 81.600 → loss 4.800 = 5.56 %
 * F1   FB1 2.000 × 96 = 192.000; consumers 88.000 + 81.600 = 169.600 → loss 22.400 = 11.67 %;
 *      DT meters 95.200 + 86.400 = 181.600 → HT loss 10.400 = 5.42 %
 * F2   FB2 sends nothing (NO_BOUNDARY_DATA); DT3 has no boundary meter (NO_BOUNDARY_METER); C6 0.500 × 96 = 48.000
 * </pre>
 */
@UrjaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnergyAuditTests {

    static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    static final LocalDate DAY = LocalDate.of(2026, 3, 10);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    AuditNet net;
    String c1Message;

    @BeforeAll
    void loadTheHandComputedDay() {
        net = AuditNet.create(port, jdbc);
        loadExample(net);
        c1Message = net.push("C1", 15, Map.of("interval.kWh.import", AuditNet.flat(DAY, 15, "0.300")));
        net.awaitEstimated("C2", DAY, 2);
    }

    /** Everything of the example but C1 (each test class sends C1 itself). */
    static void loadExample(AuditNet net) {
        net.push("FB1", 15, Map.of("interval.kWh.import", AuditNet.flat(DAY, 15, "2.000")));
        net.push("B1", 15, Map.of("interval.kWh.import", AuditNet.flat(DAY, 15, "1.000"),
                "interval.kWh.export", AuditNet.between(DAY, 15, 40, 56, "0.050")));
        net.push("C2", 15, Map.of("interval.kWh.import", AuditNet.day(DAY, 15, i -> new java.math.BigDecimal("0.250"),
                Set.of(10, 11))));
        net.push("C3", 30, Map.of("interval.kWh.import", AuditNet.flat(DAY, 30, "0.800"),
                "interval.kWh.export", AuditNet.between(DAY, 30, 20, 36, "0.200")));
        net.push("B2", 15, Map.of("interval.kWh.import", AuditNet.flat(DAY, 15, "0.900")));
        net.push("C5", 15, Map.of("interval.kWh.import", AuditNet.flat(DAY, 15, "0.850")));
        net.push("C6", 15, Map.of("interval.kWh.import", AuditNet.flat(DAY, 15, "0.500")));
    }

    @Test
    void dtAuditOfADayMatchesTheHandComputedExampleWithEstimatesAndANetMeter() {
        String viewer = Fixtures.staffUser(port, "eaview", List.of("VIEWER"));
        TestHttp staff = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));
        JsonNode report = ok(staff.get("/api/v1/energy-audit?level=DT&node=" + net.code("F1") + "&day=" + DAY));
        assertThat(report.get("level").asString()).isEqualTo("DT");
        assertThat(report.get("period").get("label").asString()).isEqualTo("2026-03-10");
        JsonNode nodes = report.get("nodes");
        // Ranked best first: DT2 (5.56 %) before DT1 (7.56 %).
        assertThat(nodes.findValuesAsString("nodeCode")).containsExactly(net.code("DT2"), net.code("DT1"));
        JsonNode dt1 = nodes.get(1);
        assertThat(dt1.get("parentCode").asString()).isEqualTo(net.code("F1"));
        assertThat(dt1.get("status").asString()).isEqualTo("OK");
        JsonNode b1 = dt1.get("boundaryMeters").get(0);
        assertThat(b1.get("meterSerialNo").asString()).isEqualTo(net.code("B1"));
        assertThat(b1.get("multiplier").decimalValue()).isEqualByComparingTo("200");
        dec(b1, "importKwh", "96.000");
        dec(b1, "exportKwh", "0.800");
        dec(b1, "netKwh", "95.200");
        assertThat(b1.get("actualIntervals").asInt()).isEqualTo(96);
        dec(dt1, "inputKwh", "95.200");
        dec(dt1, "consumerImportKwh", "91.200");
        dec(dt1, "consumerExportKwh", "3.200");
        dec(dt1, "consumptionKwh", "88.000");
        dec(dt1, "lossKwh", "7.200");
        dec(dt1, "lossPercent", "7.56");
        assertThat(dt1.get("netMeteredMeters").asInt()).isEqualTo(1);
        assertThat(dt1.get("htLossKwh").isNull()).isTrue();
        JsonNode c = dt1.get("completeness");
        assertThat(List.of(c.get("consumerMeters").asInt(), c.get("metersWithData").asInt(),
                c.get("metersAllActual").asInt(), c.get("missingMeters").asInt())).containsExactly(4, 3, 2, 1);
        assertThat(c.get("missingMeterSerialNos").get(0).asString()).isEqualTo(net.code("C4"));
        assertThat(List.of(c.get("expectedIntervals").asLong(), c.get("actualIntervals").asLong(),
                c.get("estimatedIntervals").asLong(), c.get("editedIntervals").asLong(),
                c.get("missingIntervals").asLong())).containsExactly(336L, 238L, 2L, 0L, 96L);
        assertThat(c.get("estimatedMeterDays").asInt()).isEqualTo(1);
        dec(c, "actualIntervalPercent", "70.83");
        dec(c, "metersAllActualPercent", "50.00");

        JsonNode dt2 = nodes.get(0);
        dec(dt2, "inputKwh", "86.400");
        dec(dt2, "consumptionKwh", "81.600");
        dec(dt2, "lossKwh", "4.800");
        dec(dt2, "lossPercent", "5.56");
        assertThat(report.get("best").findValuesAsString("nodeCode")).containsExactly(net.code("DT2"), net.code("DT1"));
        assertThat(report.get("worst").findValuesAsString("nodeCode")).containsExactly(net.code("DT1"), net.code("DT2"));
        // Scope totals: 181.600 in, 169.600 used, 12.000 lost = 6.61 %.
        dec(report, "totalInputKwh", "181.600");
        dec(report, "totalConsumptionKwh", "169.600");
        dec(report, "totalLossKwh", "12.000");
        dec(report, "totalLossPercent", "6.61");

        // The DT itself as the node; a DT without a boundary meter says so.
        JsonNode one = ok(staff.get("/api/v1/energy-audit?level=DT&node=" + net.code("DT2") + "&day=" + DAY));
        assertThat(one.get("nodes")).hasSize(1);
        dec(one.get("nodes").get(0), "lossKwh", "4.800");
        JsonNode dt3 = ok(staff.get("/api/v1/energy-audit?level=DT&node=" + net.code("F2") + "&day=" + DAY)).get("nodes").get(0);
        assertThat(dt3.get("status").asString()).isEqualTo("NO_BOUNDARY_METER");
        dec(dt3, "consumptionKwh", "48.000");
        assertThat(dt3.get("lossKwh").isNull()).isTrue();
        assertThat(dt3.get("lossPercent").isNull()).isTrue();
    }

    @Test
    void feederAuditComparesTheFeederHeadWithEveryConsumerAndShowsTheHtLoss() {
        JsonNode report = ok(Fixtures.admin(port).get("/api/v1/energy-audit?level=FEEDER&node=" + net.code("SS")
                + "&day=" + DAY));
        JsonNode nodes = report.get("nodes");
        assertThat(nodes.findValuesAsString("nodeCode")).containsExactly(net.code("F1"), net.code("F2"));
        JsonNode f1 = nodes.get(0);
        assertThat(f1.get("status").asString()).isEqualTo("OK");
        assertThat(f1.get("parentCode").isNull()).isTrue();
        assertThat(f1.get("boundaryMeters").findValuesAsString("meterSerialNo")).containsExactly(net.code("FB1"));
        dec(f1.get("boundaryMeters").get(0), "multiplier", "1000");
        dec(f1, "inputKwh", "192.000");
        dec(f1, "consumptionKwh", "169.600");
        dec(f1, "lossKwh", "22.400");
        dec(f1, "lossPercent", "11.67");
        dec(f1, "dtInputKwh", "181.600");
        dec(f1, "htLossKwh", "10.400");
        dec(f1, "htLossPercent", "5.42");
        JsonNode c = f1.get("completeness");
        assertThat(List.of(c.get("consumerMeters").asLong(), c.get("expectedIntervals").asLong(),
                c.get("actualIntervals").asLong(), c.get("estimatedIntervals").asLong(), c.get("missingIntervals").asLong()))
                .containsExactly(5L, 432L, 334L, 2L, 96L);

        JsonNode f2 = nodes.get(1);
        assertThat(f2.get("status").asString()).isEqualTo("NO_BOUNDARY_DATA");
        assertThat(f2.get("inputKwh").isNull()).isTrue();
        dec(f2, "consumptionKwh", "48.000");
        assertThat(report.get("best").findValuesAsString("nodeCode")).containsExactly(net.code("F1"));
        assertThat(report.get("worst").findValuesAsString("nodeCode")).containsExactly(net.code("F1"));
    }

    @Test
    void monthAuditSumsTheMonthAndCountsEveryDayOfItAsExpected() {
        JsonNode report = ok(Fixtures.admin(port).get("/api/v1/energy-audit?level=DT&node=" + net.code("F1")
                + "&month=2026-03"));
        assertThat(report.get("period").get("from").asString()).isEqualTo("2026-03-01");
        assertThat(report.get("period").get("to").asString()).isEqualTo("2026-03-31");
        JsonNode dt1 = report.get("nodes").get(1);
        assertThat(dt1.get("nodeCode").asString()).isEqualTo(net.code("DT1"));
        dec(dt1, "inputKwh", "95.200");
        dec(dt1, "consumptionKwh", "88.000");
        dec(dt1, "lossPercent", "7.56");
        // 31 days × (96 + 96 + 48 + 96) intervals expected; only 10 March arrived.
        JsonNode c = dt1.get("completeness");
        assertThat(List.of(c.get("expectedIntervals").asLong(), c.get("actualIntervals").asLong(),
                c.get("missingIntervals").asLong(), (long) c.get("metersAllActual").asInt()))
                .containsExactly(10_416L, 238L, 10_176L, 0L);
    }

    @Test
    void csvExportHasOneRowPerNodeWithTheFigures() {
        TestHttp.Response r = Fixtures.admin(port).get("/api/v1/energy-audit/csv?level=DT&node=" + net.code("F1")
                + "&day=" + DAY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                .contains("attachment").contains("energy-audit-dt-" + net.code("F1") + "-2026-03-10.csv");
        List<String> lines = r.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("level,node,parent,period,status,boundary_meters,input_kwh,");
        assertThat(lines.get(1)).startsWith("DT," + net.code("DT2") + "," + net.code("F1") + ",2026-03-10,OK,"
                + net.code("B2") + " x1,86.400,81.600,0.000,81.600,4.800,5.56,");
        assertThat(lines.get(2)).isEqualTo("DT," + net.code("DT1") + "," + net.code("F1") + ",2026-03-10,OK,"
                + net.code("B1") + " x200,95.200,91.200,3.200,88.000,7.200,7.56,,,,4,3,2,1,1,336,238,2,0,96,1,70.83");
    }

    @Test
    void aReSentMessageDoesNotCountTwice() {
        // The HES re-sends C1's message (same id) and sends the same values again under a new id (an overlapping push).
        net.push(c1Message, "C1", 15, Map.of("interval.kWh.import", AuditNet.flat(DAY, 15, "0.300")));
        net.push("C1", 15, Map.of("interval.kWh.import", AuditNet.flat(DAY, 15, "0.300")));
        JsonNode dt1 = ok(Fixtures.admin(port).get("/api/v1/energy-audit?level=DT&node=" + net.code("DT1") + "&day="
                + DAY)).get("nodes").get(0);
        dec(dt1, "consumptionKwh", "88.000");
        dec(dt1, "lossKwh", "7.200");
        assertThat(dt1.get("completeness").get("actualIntervals").asLong()).isEqualTo(238L);
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndRolesWithoutAccessAreRefused() {
        TestHttp admin = Fixtures.admin(port);
        String f1 = net.code("F1");
        problem(admin.get("/api/v1/energy-audit?node=" + f1 + "&day=" + DAY), 400, "level");
        problem(admin.get("/api/v1/energy-audit?level=TRANSFORMER&node=" + f1 + "&day=" + DAY), 400, "level");
        problem(admin.get("/api/v1/energy-audit?level=DT&day=" + DAY), 400, "node");
        problem(admin.get("/api/v1/energy-audit?level=DT&node=" + net.code("NOPE") + "&day=" + DAY), 404, "node");
        problem(admin.get("/api/v1/energy-audit?level=DT&node=" + f1), 400, "day");
        problem(admin.get("/api/v1/energy-audit?level=DT&node=" + f1 + "&day=" + DAY + "&month=2026-03"), 400, "month");
        problem(admin.get("/api/v1/energy-audit?level=DT&node=" + f1 + "&day=2026-13-01"), 400, "day");
        problem(admin.get("/api/v1/energy-audit?level=DT&node=" + f1 + "&day=2099-01-01"), 400, "day");
        problem(admin.get("/api/v1/energy-audit?level=DT&node=" + f1 + "&month=March"), 400, "month");
        problem(admin.get("/api/v1/energy-audit?level=DT&node=" + f1 + "&month=2099-01"), 400, "month");
        problem(admin.get("/api/v1/energy-audit?level=FEEDER&node=" + net.code("DT1") + "&day=" + DAY), 422, "level");
        problem(admin.get("/api/v1/energy-audit/csv?level=DT&node=" + f1), 400, "day");

        String billing = Fixtures.staffUser(port, "eabill", List.of("BILLING"));
        String query = "/api/v1/energy-audit?level=DT&node=" + f1 + "&day=" + DAY;
        assertThat(TestHttp.staffApi(port, billing, Fixtures.password(billing)).get(query).status()).isEqualTo(403);
        assertThat(TestHttp.browser(port).get(query).status()).isEqualTo(401);
        String rp = Fixtures.staffUser(port, "earp", List.of("REVENUE_PROTECTION"));
        assertThat(TestHttp.staffApi(port, rp, Fixtures.password(rp)).get(query).status()).isEqualTo(200);
    }

    static JsonNode ok(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return EXACT.readTree(r.body());
    }

    static void dec(JsonNode n, String field, String expected) {
        assertThat(n.get(field)).as(field + " in " + n).isNotNull();
        assertThat(n.get(field).isNull()).as(field + " in " + n).isFalse();
        assertThat(n.get(field).decimalValue()).as(field + " in " + n).isEqualByComparingTo(expected);
    }

    static void problem(TestHttp.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsString("field")).as(r.body()).contains(field);
    }
}

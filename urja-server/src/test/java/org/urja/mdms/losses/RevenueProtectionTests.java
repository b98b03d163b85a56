package org.urja.mdms.losses;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.contract.IntervalReading;
import org.urja.mdms.support.Browser;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.HesEvents;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.losses.EnergyAuditTests.dec;
import static org.urja.mdms.losses.EnergyAuditTests.ok;
import static org.urja.mdms.losses.EnergyAuditTests.problem;

/**
 * Revenue protection (issue 10 part 5) over HTTP, with events and interval data sent through the HES contract: tamper
 * events with their inspection work orders, repeated tampers, zero consumption while the meter shows load, abnormal
 * consumption drops; each row names the meter and its consumer.
 */
@UrjaIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevenueProtectionTests {

    /** A day of the zero-consumption check. */
    static final LocalDate ZERO_DAY = LocalDate.of(2026, 2, 20);
    /** The drop check: the 7 days up to 28 February against the 14 days before (8–21 February). */
    static final LocalDate AS_OF = LocalDate.of(2026, 2, 28);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    AuditNet net;
    TestHttp rp;

    @BeforeAll
    void setUp() {
        net = AuditNet.create(port, jdbc);
        String user = Fixtures.staffUser(port, "rpuser", List.of("REVENUE_PROTECTION"));
        rp = TestHttp.staffApi(port, user, Fixtures.password(user));
    }

    @Test
    void tamperEventsComeWithTheirWorkOrdersAndRepeatedTampersAreListed() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String c5 = net.code("C5");
        String c6 = net.code("C6");
        List<Map<String, Object>> events = List.of(
                HesEvents.event(c5, now.minus(3, ChronoUnit.DAYS), 201),
                HesEvents.event(c5, now.minus(3, ChronoUnit.DAYS).plusSeconds(600), 202),
                HesEvents.event(c5, now.minus(2, ChronoUnit.DAYS), 201),
                HesEvents.event(c5, now.minus(1, ChronoUnit.DAYS), 201),
                HesEvents.event(c6, now.minus(1, ChronoUnit.HOURS), 251),
                // an old magnet of C6, outside the 30 days
                HesEvents.event(c6, now.minus(40, ChronoUnit.DAYS), 201));
        String messageId = Fixtures.unique("rp-ev-");
        assertThat(HesEvents.send(port, messageId, events).status()).isEqualTo(202);

        String path = "/api/v1/revenue-protection/tampers?node=" + net.code("SS") + "&days=30";
        JsonNode tampers = Eventually.await(Duration.ofSeconds(20), () -> ok(rp.get(path)),
                t -> t.size() == 4 && t.findValues("workOrder").stream().noneMatch(JsonNode::isNull));
        // Most recent first: C6's cover open, then C5's three magnets (the restoration is not a tamper).
        assertThat(tampers.findValuesAsString("code")).containsExactly("251", "201", "201", "201");
        JsonNode cover = tampers.get(0);
        assertThat(cover.get("site").get("meterSerialNo").asString()).isEqualTo(c6);
        assertThat(cover.get("site").get("consumerNo").asString()).isEqualTo("K-" + c6);
        assertThat(cover.get("site").get("dtCode").asString()).isEqualTo(net.code("DT3"));
        assertThat(cover.get("site").get("address").asString()).isEqualTo("House C6, Shahdara");
        assertThat(cover.get("workOrder").get("type").asString()).isEqualTo("TAMPER_INSPECTION");
        assertThat(cover.get("workOrder").get("status").asString()).isEqualTo("OPEN");
        // The first magnet was cleared by its restoration; all three belong to the one inspection of C5 and code 201.
        assertThat(tampers.get(3).get("clearedAt").isNull()).isFalse();
        assertThat(tampers.get(1).get("workOrder").get("workOrderId").asLong())
                .isEqualTo(tampers.get(2).get("workOrder").get("workOrderId").asLong())
                .isEqualTo(tampers.get(3).get("workOrder").get("workOrderId").asLong())
                .isNotEqualTo(cover.get("workOrder").get("workOrderId").asLong());
        // A node filters: under F2 only C6.
        assertThat(ok(rp.get("/api/v1/revenue-protection/tampers?node=" + net.code("F2"))).findValuesAsString("code"))
                .containsExactly("251");

        // Repeated: three magnets in 30 days make C5 a repeat offender at the default of 3; C6 has one in the window.
        JsonNode repeats = ok(rp.get("/api/v1/revenue-protection/repeated-tampers?node=" + net.code("SS")));
        assertThat(repeats).hasSize(1);
        assertThat(repeats.get(0).get("site").get("meterSerialNo").asString()).isEqualTo(c5);
        assertThat(repeats.get(0).get("occurrences").asInt()).isEqualTo(3);
        assertThat(repeats.get(0).get("codes").toString()).isEqualTo("[201]");
        // Over 60 days C6 has two (magnet and cover open), so with a minimum of 2 both are listed, most first.
        JsonNode wider = ok(rp.get("/api/v1/revenue-protection/repeated-tampers?node=" + net.code("SS") + "&days=60&min=2"));
        assertThat(wider.findValues("site").stream().map(s -> s.get("meterSerialNo").asString())).containsExactly(c5, c6);

        // The HES sends the message again: nothing counts twice.
        assertThat(HesEvents.send(port, messageId, events).status()).isIn(200, 202);
        assertThat(ok(rp.get(path))).hasSize(4);
        assertThat(ok(rp.get("/api/v1/revenue-protection/repeated-tampers?node=" + net.code("SS"))).get(0)
                .get("occurrences").asInt()).isEqualTo(3);
    }

    @Test
    void zeroConsumptionWhileTheMeterShowsLoadIsListed() {
        // C1: no kWh all day while 1.50 A flows (a bypass); C2: no kWh and no current (an empty house); C5: normal use.
        net.push("C1", 15, Map.of("interval.kWh.import", AuditNet.flat(ZERO_DAY, 15, "0.000"),
                "interval.A.avg", AuditNet.flat(ZERO_DAY, 15, "1.50")));
        net.push("C2", 15, Map.of("interval.kWh.import", AuditNet.flat(ZERO_DAY, 15, "0.000"),
                "interval.A.avg", AuditNet.flat(ZERO_DAY, 15, "0.00")));
        net.push("C5", 15, Map.of("interval.kWh.import", AuditNet.flat(ZERO_DAY, 15, "0.200"),
                "interval.A.avg", AuditNet.flat(ZERO_DAY, 15, "1.00")));

        JsonNode rows = ok(rp.get("/api/v1/revenue-protection/zero-consumption?node=" + net.code("SS") + "&from="
                + ZERO_DAY.minusDays(1) + "&to=" + ZERO_DAY.plusDays(1)));
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.get("site").get("meterSerialNo").asString()).isEqualTo(net.code("C1"));
        assertThat(row.get("site").get("consumerNo").asString()).isEqualTo("K-" + net.code("C1"));
        assertThat(row.get("day").asString()).isEqualTo(ZERO_DAY.toString());
        assertThat(row.get("measuredIntervals").asInt()).isEqualTo(96);
        assertThat(row.get("loadIntervals").asInt()).isEqualTo(96);
        dec(row, "maxCurrentA", "1.50");
        // Above a 2 A threshold the current is no load.
        assertThat(ok(rp.get("/api/v1/revenue-protection/zero-consumption?node=" + net.code("SS") + "&from=" + ZERO_DAY
                + "&to=" + ZERO_DAY + "&minCurrentA=2"))).isEmpty();
    }

    @Test
    void abnormalConsumptionDropsAreListedLargestFirst() {
        LocalDate baselineFrom = AS_OF.minusDays(20);
        // C3 (30 min): 0.200 per interval (9.600 kWh a day), then 0.080 (3.840) in the last 7 days: −60 %.
        // C4: 0.100 (9.600 a day), then 0.060: −40 %, not below half. C6: steady 0.100.
        net.push("C3", 30, Map.of("interval.kWh.import", days(baselineFrom, 30, "0.200", "0.080")));
        net.push("C4", 15, Map.of("interval.kWh.import", days(baselineFrom, 15, "0.100", "0.060")));
        net.push("C6", 15, Map.of("interval.kWh.import", days(baselineFrom, 15, "0.100", "0.100")));

        String query = "/api/v1/revenue-protection/consumption-drops?node=" + net.code("SS") + "&asOf=" + AS_OF
                + "&days=7&baselineDays=14";
        JsonNode rows = ok(rp.get(query));
        assertThat(rows).hasSize(1);
        JsonNode c3 = rows.get(0);
        assertThat(c3.get("site").get("meterSerialNo").asString()).isEqualTo(net.code("C3"));
        dec(c3, "recentKwhPerDay", "3.840");
        dec(c3, "baselineKwhPerDay", "9.600");
        assertThat(c3.get("recentDays").asInt()).isEqualTo(7);
        assertThat(c3.get("baselineDays").asInt()).isEqualTo(14);
        dec(c3, "changePercent", "-60.0");
        // At a threshold of 70 % C4's −40 % counts too, after C3's larger drop.
        assertThat(ok(rp.get(query + "&thresholdPercent=70")).findValues("site").stream()
                .map(s -> s.get("meterSerialNo").asString())).containsExactly(net.code("C3"), net.code("C4"));
    }

    @Test
    void thePageListsEachRowWithALinkToItsMeterInTheBrowser() {
        net.push("C1", 15, Map.of("interval.kWh.import", AuditNet.flat(AS_OF, 15, "0.000"),
                "interval.A.avg", AuditNet.flat(AS_OF, 15, "0.80")));
        String user = Fixtures.staffUser(port, "rpview", List.of("VIEWER"));
        String meter = net.code("C1");
        try (Browser browser = Browser.open(port, "revenue-protection")) {
            browser.signIn(user, Fixtures.password(user));
            browser.go("/revenue-protection?node=" + net.code("SS") + "&asOf=" + AS_OF);
            assertThat(browser.pageText()).contains("Zero consumption with load");
            browser.screenshot("lists");
            // The zero-consumption row links to its meter; following it opens the meter's page.
            browser.click("a[href='/network/meter?serialNo=" + meter + "']");
            browser.waitForPath("/network/meter");
            assertThat(browser.pageText()).contains(meter);
            browser.screenshot("meter");
        }
        // A role outside revenue protection is refused the page.
        String billing = Fixtures.staffUser(port, "rpbill", List.of("BILLING"));
        try (Browser browser = Browser.open(port, "revenue-protection-refused")) {
            browser.signIn(billing, Fixtures.password(billing));
            browser.go("/revenue-protection");
            assertThat(browser.pageText()).doesNotContain("Zero consumption with load").containsIgnoringCase("forbidden");
        }
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndOtherRolesAreRefused() {
        String ss = net.code("SS");
        String base = "/api/v1/revenue-protection";
        problem(rp.get(base + "/tampers?days=0"), 400, "days");
        problem(rp.get(base + "/tampers?limit=100000"), 400, "limit");
        problem(rp.get(base + "/tampers?node=" + net.code("NOPE")), 404, "node");
        problem(rp.get(base + "/repeated-tampers?min=1"), 400, "min");
        problem(rp.get(base + "/zero-consumption"), 400, "node");
        problem(rp.get(base + "/zero-consumption?node=" + ss + "&from=2026-02-10&to=2026-02-01"), 400, "to");
        problem(rp.get(base + "/zero-consumption?node=" + ss + "&from=2026-01-01&to=2026-03-01"), 400, "to");
        problem(rp.get(base + "/zero-consumption?node=" + ss + "&from=2026-02-01&to=2026-02-02&minCurrentA=0"), 400,
                "minCurrentA");
        problem(rp.get(base + "/zero-consumption?node=" + ss + "&from=someday"), 400, "from");
        problem(rp.get(base + "/consumption-drops?node=" + ss + "&thresholdPercent=0"), 400, "thresholdPercent");
        problem(rp.get(base + "/consumption-drops?node=" + ss + "&asOf=2099-01-01"), 400, "asOf");
        problem(rp.get(base + "/consumption-drops?node=" + ss + "&days=3"), 400, "days");

        String field = Fixtures.staffUser(port, "rpfield", List.of("FIELD_SUPERVISOR"));
        assertThat(TestHttp.staffApi(port, field, Fixtures.password(field)).get(base + "/tampers").status())
                .isEqualTo(403);
        assertThat(TestHttp.browser(port).get(base + "/tampers").status()).isEqualTo(401);
    }

    /** 21 days from {@code from}: the first 14 at {@code before}, the last 7 at {@code after}. */
    static List<IntervalReading> days(LocalDate from, int minutes, String before, String after) {
        List<IntervalReading> out = new ArrayList<>();
        for (int d = 0; d < 21; d++) {
            out.addAll(AuditNet.flat(from.plusDays(d), minutes, d < 14 ? before : after));
        }
        return out;
    }
}

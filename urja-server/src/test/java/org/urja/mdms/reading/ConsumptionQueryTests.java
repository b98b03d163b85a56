package org.urja.mdms.reading;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumption for other modules and the portals (issue "Outputs for other modules"): interval data that arrived
 * through the HES contract, read back over HTTP per interval, IST day or IST month, for a meter (UC22: staff) or a
 * service point (UC16.3: the consumer portal's consumption charts), with exact figures and quality counts.
 */
@UrjaIntegrationTest
class ConsumptionQueryTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    static final JsonMapper EXACT = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** 0.200, 0.205, … 0.235 kWh repeating every two hours: 20.880 kWh a day at 15 minutes. */
    static BigDecimal pattern(int slot) {
        return new BigDecimal("0.200").add(new BigDecimal("0.005").multiply(BigDecimal.valueOf(slot % 8)));
    }

    @Test
    void uc16_3_consumerPortalChartsDailyAndMonthlyConsumptionOfAServicePoint() {
        Net net = Net.create(port);
        String meter = net.code("A");
        net.install(meter, 15, "SP1", "2026-04-01T00:00:00+05:30");

        // May 2026 through the HES contract: every day complete, except slot 44 of 10 May and the first and last slot
        // of 20 May (never sent): VEE on arrival estimates them.
        LocalDate may1 = LocalDate.of(2026, 5, 1);
        Map<LocalDate, Set<Integer>> gaps = Map.of(LocalDate.of(2026, 5, 10), Set.of(44),
                LocalDate.of(2026, 5, 20), Set.of(0, 95));
        List<IntervalReading> readings = new ArrayList<>();
        for (LocalDate d = may1; d.getMonthValue() == 5; d = d.plusDays(1)) {
            readings.addAll(day(d, 15, ConsumptionQueryTests::pattern, gaps.getOrDefault(d, Set.of())));
        }
        push(meter, "interval.kWh.import", 15, readings);
        Eventually.await(Duration.ofSeconds(20), () -> jdbc.sql("SELECT count(*) FROM vee_day WHERE meter_serial = ?")
                .param(meter).query(Long.class).single(), n -> n == 31);

        // The one-interval gap of 10 May is a straight line (0.220 between 0.215 and 0.225); an operator's re-run
        // finds the same.
        TestHttp ops = Fixtures.admin(port);
        var run = ops.postJson("/api/v1/vee/runs", Map.of("day", "2026-05-10", "meterSerialNos", List.of(meter)));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("estimatedSlots").asInt()).isEqualTo(1);
        // Billing corrects slot 10 of 5 May (0.210) to 1.000 kWh: an edited interval.
        var edit = ops.postJson("/api/v1/meters/" + meter + "/intervals/edits", Map.of("channel", "KWH_IMPORT",
                "day", "2026-05-05", "reason", "Meter test at site", "values", List.of(Map.of("slot", 10, "value", 1))));
        assertThat(edit.status()).as(edit.body()).isEqualTo(201);

        // Daily chart of May for the consumer's service point.
        JsonNode daily = ok(ops.get("/api/v1/service-points/" + net.code("SP1")
                + "/consumption?granularity=DAY&from=2026-05-01&to=2026-05-31"));
        assertThat(daily.get("unit").asString()).isEqualTo("kWh");
        assertThat(daily.get("aggregation").asString()).isEqualTo("SUM");
        assertThat(daily.get("meters").findValuesAsString("meterSerialNo")).containsExactly(meter);
        JsonNode days = daily.get("periods");
        assertThat(days).hasSize(31);
        assertPeriod(days.get(0), "2026-05-01T00:00:00+05:30", "2026-05-02T00:00:00+05:30", "20.880", 96, 0, 0, 0, 96, true);
        assertPeriod(days.get(4), "2026-05-05T00:00:00+05:30", "2026-05-06T00:00:00+05:30", "21.670", 95, 0, 1, 0, 96, true);
        assertPeriod(days.get(9), "2026-05-10T00:00:00+05:30", "2026-05-11T00:00:00+05:30", "20.880", 95, 1, 0, 0, 96, true);
        // The day edges of 20 May come from like days (0.200 and 0.235): estimated, never counted as actual.
        assertPeriod(days.get(19), "2026-05-20T00:00:00+05:30", "2026-05-21T00:00:00+05:30", "20.880", 94, 2, 0, 0, 96, true);
        // 31 × 20.880, + 0.790 edited.
        assertPeriod(daily.get("total"), "2026-05-01T00:00:00+05:30", "2026-06-01T00:00:00+05:30", "648.070", 2972, 3, 1, 0,
                2976, true);

        // Monthly chart: every month of the range, including those without data.
        JsonNode monthly = ok(ops.get("/api/v1/service-points/" + net.code("SP1")
                + "/consumption?granularity=MONTH&from=2026-04-01&to=2026-06-30"));
        JsonNode months = monthly.get("periods");
        assertThat(months).hasSize(3);
        assertPeriod(months.get(0), "2026-04-01T00:00:00+05:30", "2026-05-01T00:00:00+05:30", null, 0, 0, 0, 2880, 2880, false);
        assertPeriod(months.get(1), "2026-05-01T00:00:00+05:30", "2026-06-01T00:00:00+05:30", "648.070", 2972, 3, 1, 0, 2976,
                true);
        assertPeriod(months.get(2), "2026-06-01T00:00:00+05:30", "2026-07-01T00:00:00+05:30", null, 0, 0, 0, 2880, 2880, false);

        // A month cut by the range: the period is what was asked for.
        JsonNode part = ok(ops.get("/api/v1/service-points/" + net.code("SP1")
                + "/consumption?granularity=MONTH&from=2026-05-09&to=2026-05-10"));
        assertPeriod(part.get("periods").get(0), "2026-05-09T00:00:00+05:30", "2026-05-11T00:00:00+05:30", "41.760", 191, 1,
                0, 0, 192, true);

        // The estimated interval is the one VEE filled, with its value, in the interval view.
        JsonNode intervals = ok(ops.get("/api/v1/meters/" + meter
                + "/consumption?granularity=INTERVAL&from=2026-05-10&to=2026-05-10"));
        assertThat(intervals.get("periods")).hasSize(96);
        assertPeriod(intervals.get("periods").get(44), "2026-05-10T11:00:00+05:30", "2026-05-10T11:15:00+05:30", "0.220", 0, 1,
                0, 0, 1, true);
        assertPeriod(intervals.get("periods").get(43), "2026-05-10T10:45:00+05:30", "2026-05-10T11:00:00+05:30", "0.215", 1, 0,
                0, 0, 1, true);
    }

    @Test
    void uc22_staffViewOfAMetersConsumptionPerIntervalDayAndDemand() {
        Net net = Net.create(port);
        String meter = net.code("H");
        net.install(meter, 30, "SP2", "2026-07-01T00:00:00+05:30");
        LocalDate day = LocalDate.of(2026, 7, 6);
        // A 30-minute meter: 48 intervals of 0.500 kWh, and a demand profile peaking at 3.250 kW at 19:00–19:30.
        push(meter, "interval.kWh.import", 30, day(day, 30, i -> new BigDecimal("0.500"), Set.of()));
        push(meter, "interval.kW.demand", 30, day(day, 30, i -> i == 38 ? new BigDecimal("3.250")
                : new BigDecimal("1.000"), Set.of()));

        // Any staff role may look (here a viewer), over HTTP Basic.
        String viewer = Fixtures.staffUser(port, "cqview", List.of("VIEWER"));
        TestHttp staff = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));
        JsonNode perInterval = ok(staff.get("/api/v1/meters/" + meter
                + "/consumption?granularity=INTERVAL&from=2026-07-06&to=2026-07-06"));
        assertThat(perInterval.get("meterSerialNo").asString()).isEqualTo(meter);
        assertThat(perInterval.get("channel").asString()).isEqualTo("KWH_IMPORT");
        assertThat(perInterval.get("meters").get(0).get("intervalMinutes").asInt()).isEqualTo(30);
        JsonNode slots = perInterval.get("periods");
        assertThat(slots).hasSize(48);
        assertPeriod(slots.get(0), "2026-07-06T00:00:00+05:30", "2026-07-06T00:30:00+05:30", "0.500", 1, 0, 0, 0, 1, true);
        assertPeriod(slots.get(47), "2026-07-06T23:30:00+05:30", "2026-07-07T00:00:00+05:30", "0.500", 1, 0, 0, 0, 1, true);
        assertPeriod(perInterval.get("total"), "2026-07-06T00:00:00+05:30", "2026-07-07T00:00:00+05:30", "24.000", 48, 0, 0,
                0, 48, true);

        // Days around it: the day before has nothing (48 missing), the day itself is complete.
        JsonNode daily = ok(staff.get("/api/v1/meters/" + meter + "/consumption?from=2026-07-05&to=2026-07-06"));
        assertThat(daily.get("granularity").asString()).isEqualTo("DAY");
        assertPeriod(daily.get("periods").get(0), "2026-07-05T00:00:00+05:30", "2026-07-06T00:00:00+05:30", null, 0, 0, 0, 48,
                48, false);
        assertPeriod(daily.get("periods").get(1), "2026-07-06T00:00:00+05:30", "2026-07-07T00:00:00+05:30", "24.000", 48, 0, 0,
                0, 48, true);

        // A demand channel gives the maximum, not a sum.
        JsonNode demand = ok(staff.get("/api/v1/meters/" + meter
                + "/consumption?channel=KW_DEMAND&granularity=DAY&from=2026-07-06&to=2026-07-06"));
        assertThat(demand.get("unit").asString()).isEqualTo("kW");
        assertThat(demand.get("aggregation").asString()).isEqualTo("MAX");
        assertThat(demand.get("periods").get(0).get("value").decimalValue()).isEqualByComparingTo("3.250");

        // Without credentials, or with the HES key, nothing is shown.
        String path = "/api/v1/meters/" + meter + "/consumption?from=2026-07-06&to=2026-07-06";
        assertThat(TestHttp.browser(port).get(path).status()).isEqualTo(401);
        assertThat(TestHttp.hes(port, Fixtures.HES_KEY).get(path).status()).isEqualTo(401);
    }

    @Test
    void uc16_3_servicePointWhoseMeterWasReplacedSumsBothMetersOverTheirOwnPeriods() {
        Net net = Net.create(port);
        String old = net.code("OLD");
        String replacement = net.code("NEW");
        net.install(old, 15, "SP3", "2026-06-01T00:00:00+05:30");
        net.replace(old, replacement, 30, "2026-06-15T12:00:00+05:30");

        // The old 15-minute meter: all of 14 June at 0.100, on 15 June 0.100 until noon. What it sent after its
        // removal (9.999 per interval, e.g. read out on the test bench) is its own but not the service point's.
        List<IntervalReading> oldData = new ArrayList<>(day(LocalDate.of(2026, 6, 14), 15, i -> new BigDecimal("0.100"),
                Set.of()));
        oldData.addAll(day(LocalDate.of(2026, 6, 15), 15, i -> i < 48 ? new BigDecimal("0.100") : new BigDecimal("9.999"),
                Set.of()));
        push(old, "interval.kWh.import", 15, oldData);
        // The new 30-minute meter from noon on 15 June at 0.300 per interval.
        List<IntervalReading> newData = new ArrayList<>(day(LocalDate.of(2026, 6, 15), 30, i -> new BigDecimal("0.300"),
                Set.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23)));
        newData.addAll(day(LocalDate.of(2026, 6, 16), 30, i -> new BigDecimal("0.300"), Set.of()));
        push(replacement, "interval.kWh.import", 30, newData);

        TestHttp staff = Fixtures.admin(port);
        JsonNode sp = ok(staff.get("/api/v1/service-points/" + net.code("SP3")
                + "/consumption?granularity=DAY&from=2026-06-14&to=2026-06-16"));
        assertThat(sp.get("servicePointCode").asString()).isEqualTo(net.code("SP3"));
        JsonNode sources = sp.get("meters");
        assertThat(sources.findValuesAsString("meterSerialNo")).containsExactly(old, replacement);
        assertThat(sources.get(0).get("from").asString()).isEqualTo("2026-06-14T00:00:00+05:30");
        assertThat(sources.get(0).get("to").asString()).isEqualTo("2026-06-15T12:00:00+05:30");
        assertThat(sources.get(1).get("from").asString()).isEqualTo("2026-06-15T12:00:00+05:30");
        assertThat(sources.get(1).get("to").asString()).isEqualTo("2026-06-17T00:00:00+05:30");
        JsonNode days = sp.get("periods");
        assertPeriod(days.get(0), "2026-06-14T00:00:00+05:30", "2026-06-15T00:00:00+05:30", "9.600", 96, 0, 0, 0, 96, true);
        // 48 × 0.100 from the old meter until noon + 24 × 0.300 from the new one after.
        assertPeriod(days.get(1), "2026-06-15T00:00:00+05:30", "2026-06-16T00:00:00+05:30", "12.000", 72, 0, 0, 0, 72, true);
        assertPeriod(days.get(2), "2026-06-16T00:00:00+05:30", "2026-06-17T00:00:00+05:30", "14.400", 48, 0, 0, 0, 48, true);
        assertPeriod(sp.get("total"), "2026-06-14T00:00:00+05:30", "2026-06-17T00:00:00+05:30", "36.000", 216, 0, 0, 0, 216,
                true);

        // June as a month: expected are 14.5 days of the old meter (1,392) and 15.5 days of the new one (744).
        JsonNode june = ok(staff.get("/api/v1/service-points/" + net.code("SP3")
                + "/consumption?granularity=MONTH&from=2026-06-01&to=2026-06-30"));
        assertPeriod(june.get("periods").get(0), "2026-06-01T00:00:00+05:30", "2026-07-01T00:00:00+05:30", "36.000", 216, 0, 0,
                1920, 2136, false);

        // The old meter on its own shows everything it sent that day.
        JsonNode oldMeter = ok(staff.get("/api/v1/meters/" + old + "/consumption?from=2026-06-15&to=2026-06-15"));
        assertPeriod(oldMeter.get("periods").get(0), "2026-06-15T00:00:00+05:30", "2026-06-16T00:00:00+05:30", "484.752", 96, 0,
                0, 0, 96, true);
    }

    @Test
    void badQueriesAreRefusedNamingTheFieldAndUnknownMetersAndServicePointsAreNotFound() {
        Net net = Net.create(port);
        String meter = net.code("B");
        net.install(meter, 15, "SP1", "2026-01-01T00:00:00+05:30");
        TestHttp staff = Fixtures.admin(port);
        String base = "/api/v1/meters/" + meter + "/consumption";

        assertProblem(staff.get(base + "?granularity=WEEK&from=2026-05-01&to=2026-05-31"), 400, "granularity");
        assertProblem(staff.get(base + "?channel=KWH_SIDEWAYS&from=2026-05-01&to=2026-05-31"), 400, "channel");
        assertProblem(staff.get(base + "?from=2026-05-31&to=2026-05-01"), 400, "to");
        assertProblem(staff.get(base + "?from=yesterday&to=2026-05-01"), 400, "from");
        assertProblem(staff.get(base + "?to=2026-05-01"), 400, "from");
        assertProblem(staff.get(base + "?granularity=INTERVAL&from=2026-05-01&to=2026-06-01"), 400, "to");
        assertProblem(staff.get(base + "?granularity=DAY&from=2025-01-01&to=2026-01-02"), 400, "to");
        assertProblem(staff.get(base + "?granularity=MONTH&from=2023-01-01&to=2026-01-01"), 400, "to");
        // The longest ranges allowed.
        assertThat(ok(staff.get(base + "?granularity=INTERVAL&from=2026-05-01&to=2026-05-31")).get("periods"))
                .hasSize(31 * 96);
        assertThat(ok(staff.get(base + "?granularity=DAY&from=2025-01-01&to=2026-01-01")).get("periods")).hasSize(366);
        assertThat(ok(staff.get(base + "?granularity=MONTH&from=2023-02-01&to=2026-01-31")).get("periods")).hasSize(36);

        assertProblem(staff.get("/api/v1/meters/" + net.code("NOPE") + "/consumption?from=2026-05-01&to=2026-05-01"),
                404, "serialNo");
        assertProblem(staff.get("/api/v1/service-points/" + net.code("NOPE")
                + "/consumption?from=2026-05-01&to=2026-05-01"), 404, "code");
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** The readings of one IST day (interval end times), leaving out the slots in {@code skip}. */
    static List<IntervalReading> day(LocalDate day, int minutes, IntFunction<BigDecimal> value, Set<Integer> skip) {
        List<IntervalReading> out = new ArrayList<>();
        Instant start = day.atStartOfDay(IST).toInstant();
        for (int i = 0; i < 1440 / minutes; i++) {
            if (!skip.contains(i)) {
                out.add(new IntervalReading(start.plusSeconds((i + 1L) * minutes * 60), value.apply(i), List.of()));
            }
        }
        return out;
    }

    /** Sends the readings as the HES does (signed MeterReadings) and waits until the MDM has ingested them. */
    void push(String serial, String readingType, int minutes, List<IntervalReading> readings) {
        String id = Fixtures.unique("cq-");
        var message = new MeterReadingsMessage(id, Instant.now(), null, List.of(new MeterReading(serial,
                ReadingProfile.BLOCK_LOAD, List.of(new IntervalBlock(readingType, minutes * 60, readings)), List.of())));
        var r = TestHttp.signedHes(port, Fixtures.HES_KEY_ID, Fixtures.HES_SECRET)
                .postJson("/api/v1/hes/meter-readings", message);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        Integer slots = Eventually.await(Duration.ofSeconds(20), () -> jdbc.sql(
                        "SELECT slots FROM reading_ingested_message WHERE message_id = ? AND slots + rejected > 0")
                .param(id).query(Integer.class).optional().orElse(null), s -> s != null);
        assertThat(slots).isEqualTo(readings.size());
    }

    /** The body of a 200, with decimals read exactly (never through a double). */
    static JsonNode ok(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return EXACT.readTree(r.body());
    }

    static void assertPeriod(JsonNode p, String start, String end, String value, int actual, int estimated, int edited,
                             int missing, int expected, boolean complete) {
        assertThat(p.get("start").asString()).as(p.toString()).isEqualTo(start);
        assertThat(p.get("end").asString()).as(p.toString()).isEqualTo(end);
        if (value == null) {
            assertThat(p.get("value").isNull()).as(p.toString()).isTrue();
        } else {
            assertThat(p.get("value").decimalValue()).as(p.toString()).isEqualByComparingTo(value);
        }
        assertThat(List.of(p.get("actualIntervals").asInt(), p.get("estimatedIntervals").asInt(),
                p.get("editedIntervals").asInt(), p.get("missingIntervals").asInt(), p.get("expectedIntervals").asInt()))
                .as(p.toString()).containsExactly(actual, estimated, edited, missing, expected);
        assertThat(p.get("complete").asBoolean()).as(p.toString()).isEqualTo(complete);
    }

    static void assertProblem(TestHttp.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsString("field")).as(r.body()).contains(field);
    }

    /**
     * A DT with consumers K1..K3 and service points SP1..SP3 imported by an administrator, codes unique to one test;
     * meters are installed and replaced by the HES over the contract (UC11.2).
     */
    record Net(int port, String p) {

        static Net create(int port) {
            Net n = new Net(port, Fixtures.unique("CQ").toUpperCase() + "-");
            Fixtures.importChain(port, n.p);
            Fixtures.importCsv(port, "consumers", """
                    consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                    %1$sK1,Asha Devi,"12 Gali 3, Shahdara",5,DOM,,
                    %1$sK2,Ravi Kumar,"7 Main Road, Laxmi Nagar",5,DOM,,
                    %1$sK3,Kirana Store,"1 Market, Preet Vihar",10,NDLT,,
                    """.formatted(n.p));
            Fixtures.importCsv(port, "service-points", """
                    code,consumer_no,address
                    %1$sSP1,%1$sK1,"12 Gali 3, Shahdara"
                    %1$sSP2,%1$sK2,"7 Main Road, Laxmi Nagar"
                    %1$sSP3,%1$sK3,"1 Market, Preet Vihar"
                    """.formatted(n.p));
            return n;
        }

        String code(String local) {
            return p + local;
        }

        void install(String serial, int intervalMinutes, String servicePoint, String at) {
            Map<String, Object> m = message("MeterInstalled", at);
            m.put("meter", nameplate(serial, intervalMinutes));
            m.put("dtCode", code("DT"));
            m.put("servicePointCode", code(servicePoint));
            send(m);
        }

        void replace(String oldSerial, String newSerial, int intervalMinutes, String at) {
            Map<String, Object> m = message("MeterReplaced", at);
            m.put("meterSerialNo", oldSerial);
            m.put("meter", nameplate(newSerial, intervalMinutes));
            send(m);
        }

        private Map<String, Object> message(String type, String at) {
            Map<String, Object> m = new HashMap<>();
            m.put("messageId", Fixtures.unique(p + "net-"));
            m.put("changeType", type);
            m.put("occurredAt", at);
            return m;
        }

        private void send(Map<String, Object> m) {
            var r = TestHttp.hes(port, Fixtures.HES_KEY).postJson("/api/v1/hes/network-changes", m);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }

        private static Map<String, Object> nameplate(String serial, int intervalMinutes) {
            Map<String, Object> m = new HashMap<>();
            m.put("serialNo", serial);
            m.put("manufacturer", "Genus");
            m.put("category", "SINGLE_PHASE_WC");
            m.put("multiplier", 1);
            m.put("intervalMinutes", intervalMinutes);
            m.put("paymentMode", "POSTPAID");
            m.put("relayCapable", true);
            m.put("commPath", "CELLULAR");
            m.put("role", "CONSUMER");
            return m;
        }
    }
}

package org.urja.mdms.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Eventually;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.tariff.Tariff;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * UC2.5: billing determinants of February 2026 for four service points, checked by hand against data sent through the
 * HES contract: a ToD split with an estimated gap and a spike (maximum demand from the billing profile beside the
 * intervals' own), a net meter without a profile (export, maximum demand from the intervals), a CT meter (multiplier
 * 40) missing a day, and a meter replaced mid-month (both meters summed, each over its installation). A late actual
 * that replaces the estimate after the determinants were issued restates them as version 2; version 1 stays.
 */
@UrjaIntegrationTest
class UC2BillingDeterminantsTests {

    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);
    static final LocalDate FEB_1 = LocalDate.of(2026, 2, 1);
    static final LocalDate FEB_28 = LocalDate.of(2026, 2, 28);
    static final Instant PERIOD_START = FEB_1.atStartOfDay(IST).toInstant();
    static final Instant PERIOD_END = LocalDate.of(2026, 3, 1).atStartOfDay(IST).toInstant();

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc2_5_determinantsAreHandCheckedAndALateActualRestatesThemInANewVersion() {
        String p = Fixtures.unique("BD").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        String user = Fixtures.staffUser(port, "bill", List.of("BILLING"));
        TestHttp billing = TestHttp.staffApi(port, user, Fixtures.password(user));
        BillingTestData data = new BillingTestData(port, committed, p);
        setUpNetwork(p, data);
        String a = p + "MA";
        String b = p + "MB";
        String c = p + "MC";
        String d1 = p + "MD1";
        String d2 = p + "MD2";
        LocalDate feb10 = LocalDate.of(2026, 2, 10);
        LocalDate feb12 = LocalDate.of(2026, 2, 12);
        LocalDate feb15 = LocalDate.of(2026, 2, 15);

        // SP A, 15-min: 0.25 kWh and 0.3 kVAh every quarter hour, a spike of 1.5 kWh / 1.8 kVAh at 10 Feb 19:00 (peak),
        // and 12 Feb 10:00-10:30 (solar) not sent at all: VEE fills it in (0.25 each by interpolation).
        data.push(a, 15, FEB_1, FEB_28, "interval.kWh.import", (day, s) -> day.equals(feb12) && (s == 40 || s == 41) ? null
                : day.equals(feb10) && s == 76 ? new BigDecimal("1.5") : new BigDecimal("0.25"));
        data.push(a, 15, FEB_1, FEB_28, "interval.kVAh.import", (day, s) -> day.equals(feb12) && (s == 40 || s == 41) ? null
                : day.equals(feb10) && s == 76 ? new BigDecimal("1.8") : new BigDecimal("0.3"));
        data.registers(a, ReadingProfile.DAILY_LOAD, List.of(Reading.of("register.kWh.import", PERIOD_START, new BigDecimal("1000"))));
        Instant spike = feb10.atTime(19, 0).atOffset(IST).toInstant();
        data.registers(a, ReadingProfile.BILLING, List.of(Reading.of("register.kWh.import", PERIOD_END, new BigDecimal("1673.25")),
                Reading.of("register.kVAh.import", PERIOD_END, new BigDecimal("2007.3")),
                Reading.of("register.kWh.import.tz1", PERIOD_END, new BigDecimal("224")),
                Reading.of("register.kWh.import.tz2", PERIOD_END, new BigDecimal("101.25")),
                new Reading("register.kW.maxDemand", PERIOD_END, new BigDecimal("6.5"), spike, List.of()),
                new Reading("register.kVA.maxDemand", PERIOD_END, new BigDecimal("7.3"), spike, List.of()),
                Reading.of("register.pf.average", PERIOD_END, new BigDecimal("0.834"))));
        // SP B, a 30-min net meter: 0.5 kWh each half hour, 0.2 kWh exported 10:00-14:00; no kVAh, no billing profile.
        data.push(b, 30, FEB_1, FEB_28, "interval.kWh.import", (day, s) -> new BigDecimal("0.5"));
        data.push(b, 30, FEB_1, FEB_28, "interval.kWh.export", (day, s) -> s >= 20 && s < 28 ? new BigDecimal("0.2")
                : BigDecimal.ZERO);
        // SP C, an LT-CT meter (multiplier 40: the HES sends primary values): 2 kWh a quarter; 28 Feb never arrives.
        data.push(c, 15, FEB_1, FEB_28.minusDays(1), "interval.kWh.import", (day, s) -> new BigDecimal("2"));
        // SP D: D1 until 15 Feb 00:00 (0.1 kWh a quarter; what it sent after its removal is not the consumer's), then
        // D2 (0.2 kWh a quarter) with a billing profile whose maximum demand matches its intervals. The HES reports the
        // exchange (UC11.2) once D1's data is in.
        data.push(d1, 15, FEB_1, feb15, "interval.kWh.import", (day, s) -> new BigDecimal("0.1"));
        data.awaitValidated(d1, FEB_1, feb15);
        Map<String, Object> replace = data.change("MeterReplaced", "2026-02-15T00:00:00+05:30");
        replace.put("meterSerialNo", d1);
        replace.put("meter", BillingTestData.nameplate(d2, "SINGLE_PHASE_WC", 15, 1, "POSTPAID"));
        data.send(replace);
        data.push(d2, 15, feb15, FEB_28, "interval.kWh.import", (day, s) -> new BigDecimal("0.2"));
        data.registers(d2, ReadingProfile.BILLING, List.of(Reading.of("register.kWh.import", PERIOD_END, new BigDecimal("268.8")),
                new Reading("register.kW.maxDemand", PERIOD_END, new BigDecimal("0.8"),
                        feb15.atStartOfDay(IST).toInstant(), List.of())));
        data.awaitValidated(a, FEB_1, FEB_28);
        data.awaitValidated(b, FEB_1, FEB_28);
        data.awaitValidated(c, FEB_1, FEB_28.minusDays(1));
        data.awaitValidated(d2, feb15, FEB_28);

        // The billing system asks for the cycle's determinants (nothing to collect: the profiles came in already).
        String g = p + "G";
        TestHttp.Response run = billing.postJson("/api/v1/billing/cycles/" + g + "/2026-02/determinants", Map.of());
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        JsonNode done = Eventually.await(Duration.ofSeconds(30),
                () -> billing.get("/api/v1/billing/cycles/" + g + "/2026-02/determinants?limit=10").json(),
                r -> r.get("state").asString().equals("DONE"));
        assertThat(done.get("issued").asInt()).isEqualTo(4);
        assertThat(done.get("determinants")).hasSize(4);
        assertThat(done.get("qualities").get("PARTLY_ESTIMATED").asInt()).isEqualTo(1);
        assertThat(done.get("qualities").get("ACTUAL").asInt()).isEqualTo(2);
        assertThat(done.get("qualities").get("INCOMPLETE").asInt()).isEqualTo(1);

        // SP A. Zones by interval start: SOLAR 09-17 (32 quarters a day), PEAK 18-22 (16), NORMAL the other 48.
        // kWh: 28 days x 0.25 = SOLAR 224, PEAK 112 + 1.25 (spike) = 113.25, NORMAL 336; 673.25 in all.
        // kVAh: SOLAR 28 x 32 x 0.3 - 2 x 0.3 (not sent) = 268.2, PEAK 134.4 + 1.5 = 135.9, NORMAL 403.2; 807.3.
        JsonNode spA = determinants(billing, p + "SPA", null).get("determinants");
        assertThat(spA.get("version").asInt()).isEqualTo(1);
        assertThat(spA.get("restated").asBoolean()).isFalse();
        assertThat(spA.get("tariffCategory").asString()).isEqualTo(p + "DOM");
        assertEnergy(spA.get("importKwh"), "673.25", Map.of("NORMAL", "336", "PEAK", "113.25", "SOLAR", "224"));
        assertEnergy(spA.get("importKvah"), "807.3", Map.of("NORMAL", "403.2", "PEAK", "135.9", "SOLAR", "268.2"));
        // Maximum demand: the profile's 6.5 kW; the intervals say 1.5 kWh in 15 min = 6 kW, at the same time.
        assertDemand(spA.get("maxDemandKw"), "6.5", spike, "BILLING_PROFILE");
        assertDemand(spA.get("intervalMaxDemandKw"), "6", spike, "INTERVALS");
        assertDemand(spA.get("maxDemandKva"), "7.3", spike, "BILLING_PROFILE");
        assertDemand(spA.get("intervalMaxDemandKva"), "7.2", spike, "INTERVALS");
        assertThat(spA.get("checks")).hasSize(1);
        assertThat(spA.get("checks").get(0).asString()).contains("billing profile 6.5 kW", "intervals 6.000 kW");
        // PF = 673.25 / 807.3 = 0.83395 -> 0.834.
        assertThat(spA.get("averagePowerFactor").decimalValue()).isEqualByComparingTo("0.834");
        assertIntervals(spA.get("intervals"), 2688, 2686, 2, 0, 0, 1);
        assertThat(spA.get("estimatedDays").asInt()).isEqualTo(1);
        assertThat(spA.get("quality").asString()).isEqualTo("PARTLY_ESTIMATED");
        assertThat(spA.get("reasons").toString()).contains("2 intervals estimated by VEE", "1 intervals failed validation");
        assertThat(spA.get("multiplier").decimalValue()).isEqualByComparingTo("1");
        assertThat(spA.get("netMetered").asBoolean()).isFalse();
        JsonNode profileA = spA.get("meters").get(0).get("billingProfile");
        assertThat(profileA.get("kwhImport").decimalValue()).isEqualByComparingTo("1673.25");
        assertThat(profileA.get("kwhImportAtPeriodStart").decimalValue()).isEqualByComparingTo("1000");
        assertThat(profileA.get("todKwh").get("tz2").decimalValue()).isEqualByComparingTo("101.25");

        // SP B: 48 half hours x 0.5 = 24 kWh a day: SOLAR 16 x 0.5 = 8, PEAK 8 x 0.5 = 4, NORMAL 12; x 28.
        // Export 8 x 0.2 = 1.6 kWh a day = 44.8. Maximum demand from the intervals: 0.5 kWh in 30 min = 1 kW, first at
        // 1 Feb 00:00.
        JsonNode spB = determinants(billing, p + "SPB", null).get("determinants");
        assertEnergy(spB.get("importKwh"), "672", Map.of("NORMAL", "336", "PEAK", "112", "SOLAR", "224"));
        assertThat(spB.get("exportKwh").decimalValue()).isEqualByComparingTo("44.8");
        assertThat(spB.get("netMetered").asBoolean()).isTrue();
        assertDemand(spB.get("maxDemandKw"), "1", PERIOD_START, "INTERVALS");
        assertThat(spB.get("averagePowerFactor").isNull()).isTrue();
        assertIntervals(spB.get("intervals"), 1344, 1344, 0, 0, 0, 0);
        assertThat(spB.get("quality").asString()).isEqualTo("ACTUAL");
        assertThat(spB.get("reasons").toString()).contains("from its intervals: no billing profile", "no kVAh");
        assertThat(spB.get("meters").get(0).get("demandIntegrationMinutes").asInt()).isEqualTo(30);

        // SP C: 27 days x 96 x 2 kWh = 5,184 kWh; 28 Feb (96 quarters) has no value: INCOMPLETE.
        JsonNode spC = determinants(billing, p + "SPC", null).get("determinants");
        assertThat(spC.get("importKwh").get("total").decimalValue()).isEqualByComparingTo("5184");
        assertThat(spC.get("multiplier").decimalValue()).isEqualByComparingTo("40");
        assertDemand(spC.get("maxDemandKw"), "8", PERIOD_START, "INTERVALS");
        assertIntervals(spC.get("intervals"), 2688, 2592, 0, 0, 96, 0);
        assertThat(spC.get("quality").asString()).isEqualTo("INCOMPLETE");
        assertThat(spC.get("reasons").get(0).asString()).isEqualTo("96 of 2688 intervals have no value");

        // SP D: D1 14 days x 96 x 0.1 = 134.4, D2 14 x 96 x 0.2 = 268.8: 403.2. PEAK 14 x 16 x (0.1 + 0.2) = 67.2,
        // SOLAR 14 x 32 x 0.3 = 134.4, NORMAL 14 x 48 x 0.3 = 201.6. Maximum demand: D2's profile 0.8 kW (D1's
        // intervals: 0.4 kW).
        JsonNode spD = determinants(billing, p + "SPD", null).get("determinants");
        assertEnergy(spD.get("importKwh"), "403.2", Map.of("NORMAL", "201.6", "PEAK", "67.2", "SOLAR", "134.4"));
        assertThat(spD.get("meters")).hasSize(2);
        assertThat(spD.get("meters").get(0).get("meterSerialNo").asString()).isEqualTo(d1);
        assertThat(spD.get("meters").get(0).get("importKwh").decimalValue()).isEqualByComparingTo("134.4");
        assertThat(Instant.parse(spD.get("meters").get(0).get("to").asString()))
                .isEqualTo(feb15.atStartOfDay(IST).toInstant());
        assertThat(spD.get("meters").get(1).get("meterSerialNo").asString()).isEqualTo(d2);
        assertDemand(spD.get("maxDemandKw"), "0.8", feb15.atStartOfDay(IST).toInstant(), "BILLING_PROFILE");
        assertDemand(spD.get("meters").get(0).get("intervalMaxDemandKw"), "0.4", PERIOD_START, "INTERVALS");
        assertThat(spD.get("checks")).isEmpty();
        assertIntervals(spD.get("intervals"), 2688, 2688, 0, 0, 0, 0);
        assertThat(spD.get("quality").asString()).isEqualTo("ACTUAL");
        assertThat(spD.get("reasons").toString()).contains("meters summed");

        // Pushed to billing systems: one event for the chunk, every service point at version 1.
        BillingDeterminantsReady ready = Eventually.await(Duration.ofSeconds(10), () -> committed
                .of(BillingDeterminantsReady.class).stream().filter(e -> e.groupCode().equals(g)).findFirst()
                .orElse(null), e -> e != null);
        assertThat(ready.determinants()).extracting(BillingDeterminantsReady.Item::servicePointCode)
                .containsExactly(p + "SPA", p + "SPB", p + "SPC", p + "SPD");
        assertThat(ready.determinants()).allMatch(i -> i.version() == 1 && !i.restated());

        // Asking again changes nothing: every service point unchanged, no new version.
        assertThat(billing.postJson("/api/v1/billing/cycles/" + g + "/2026-02/determinants", Map.of()).status())
                .isEqualTo(202);
        JsonNode again = Eventually.await(Duration.ofSeconds(30),
                () -> billing.get("/api/v1/billing/cycles/" + g + "/2026-02/determinants?limit=0").json(),
                r -> r.get("state").asString().equals("DONE"));
        assertThat(again.get("unchanged").asInt()).isEqualTo(4);
        assertThat(again.get("issued").asInt() + again.get("restated").asInt()).isZero();

        // The late actual of 12 Feb 10:00-10:30 (0.75 kWh each instead of the estimated 0.25): VEE revises the day,
        // and the determinants are restated: version 2 with 1 kWh more in SOLAR, nothing estimated; version 1 stays.
        data.push(a, 15, feb12, feb12, "interval.kWh.import", (day, s) -> s == 40 || s == 41 ? new BigDecimal("0.75") : null);
        JsonNode restated = Eventually.await(Duration.ofSeconds(30), () -> determinants(billing, p + "SPA", null),
                r -> r.get("determinants").get("version").asInt() == 2);
        JsonNode v2 = restated.get("determinants");
        assertThat(v2.get("restated").asBoolean()).isTrue();
        assertEnergy(v2.get("importKwh"), "674.25", Map.of("NORMAL", "336", "PEAK", "113.25", "SOLAR", "225"));
        assertIntervals(v2.get("intervals"), 2688, 2688, 0, 0, 0, 1);
        assertThat(v2.get("quality").asString()).isEqualTo("ACTUAL");
        assertThat(v2.get("averagePowerFactor").decimalValue()).isEqualByComparingTo("0.835");
        assertThat(restated.get("versions")).hasSize(2);
        assertThat(restated.get("versions").get(0).get("restated").asBoolean()).isFalse();
        JsonNode v1 = determinants(billing, p + "SPA", 1).get("determinants");
        assertThat(v1.get("importKwh").get("total").decimalValue()).isEqualByComparingTo("673.25");
        assertThat(v1.get("quality").asString()).isEqualTo("PARTLY_ESTIMATED");
        BillingDeterminantsReady republished = Eventually.await(Duration.ofSeconds(10), () -> committed
                .of(BillingDeterminantsReady.class).stream().filter(e -> e.groupCode().equals(g)
                        && e.determinants().stream().anyMatch(BillingDeterminantsReady.Item::restated))
                .findFirst().orElse(null), e -> e != null);
        assertThat(republished.determinants()).singleElement().satisfies(i -> {
            assertThat(i.servicePointCode()).isEqualTo(p + "SPA");
            assertThat(i.version()).isEqualTo(2);
        });
        // The other service points were not touched.
        assertThat(determinants(billing, p + "SPB", null).get("versions")).hasSize(1);
    }

    @Test
    void uc2_5_badRequestsForDeterminantsAreRefusedNamingTheFieldAndChangeNothing() {
        String p = Fixtures.unique("BX").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        assertThat(admin.postJson("/api/v1/billing/groups", Map.of("code", p + "G", "name", "Ward 7", "readDay", 1))
                .status()).isEqualTo(201);
        assertField(admin.get("/api/v1/billing/determinants?period=2026-02"), 400, "servicePoint");
        assertField(admin.get("/api/v1/billing/determinants?servicePoint=X&period=2026-2"), 400, "period");
        assertField(admin.get("/api/v1/billing/determinants?servicePoint=" + p + "NONE&period=2026-02"), 404,
                "servicePoint");
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "NONE/2026-02/determinants", Map.of()), 404, "group");
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "G/2026-13/determinants", Map.of()), 400, "period");
        // A period that has not ended cannot be billed: nothing is started.
        String future = java.time.YearMonth.now().plusMonths(1).toString();
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "G/" + future + "/determinants", Map.of()), 422,
                "period");
        assertField(admin.get("/api/v1/billing/cycles/" + p + "G/" + future + "/determinants"), 404, "period");
        // Only billing and administrators ask for determinants; a viewer reads.
        String viewer = Fixtures.staffUser(port, "view", List.of("VIEWER"));
        TestHttp v = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));
        assertThat(v.postJson("/api/v1/billing/cycles/" + p + "G/2026-02/determinants", Map.of()).status())
                .isEqualTo(403);
        assertThat(v.get("/api/v1/billing/groups/" + p + "G").status()).isEqualTo(200);
    }

    static void assertField(TestHttp.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsString("field")).as(r.body()).contains(field);
    }

    private JsonNode determinants(TestHttp http, String servicePoint, Integer version) {
        TestHttp.Response r = http.get("/api/v1/billing/determinants?servicePoint=" + servicePoint + "&period=2026-02"
                + (version == null ? "" : "&version=" + version));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static void assertEnergy(JsonNode energy, String total, Map<String, String> byZone) {
        assertThat(energy.get("total").decimalValue()).isEqualByComparingTo(total);
        assertThat(energy.get("byZone").propertyNames()).containsExactly("NORMAL", "PEAK", "SOLAR");
        byZone.forEach((zone, kwh) -> assertThat(energy.get("byZone").get(zone).decimalValue()).as(zone)
                .isEqualByComparingTo(kwh));
    }

    private static void assertDemand(JsonNode demand, String value, Instant at, String source) {
        assertThat(demand.get("value").decimalValue()).isEqualByComparingTo(value);
        assertThat(Instant.parse(demand.get("at").asString())).isEqualTo(at);
        assertThat(demand.get("source").asString()).isEqualTo(source);
    }

    private static void assertIntervals(JsonNode n, int expected, int actual, int estimated, int edited, int missing,
                                        int failed) {
        assertThat(List.of(n.get("expected").asInt(), n.get("actual").asInt(), n.get("estimated").asInt(),
                n.get("edited").asInt(), n.get("missing").asInt(), n.get("failedValidation").asInt()))
                .as(n.toString()).containsExactly(expected, actual, estimated, edited, missing, failed);
    }

    /**
     * The network: consumers on a tariff with ToD zones in force in February, four service points, meters installed
     * on 1 Feb as the HES reports them (UC11.2); the bill group (read on the 1st).
     */
    private void setUpNetwork(String p, BillingTestData data) {
        Fixtures.importChain(port, p);
        Tariff tariff = new Tariff(p + "DOM", LocalDate.of(2026, 1, 1), new BigDecimal("11000"),
                List.of(new Tariff.Slab(null, new BigDecimal("500"))),
                List.of(new Tariff.TodZone("PEAK", LocalTime.of(18, 0), LocalTime.of(22, 0), new BigDecimal("20")),
                        new Tariff.TodZone("SOLAR", LocalTime.of(9, 0), LocalTime.of(17, 0), new BigDecimal("-20"))),
                List.of(), null);
        assertThat(Fixtures.admin(port).postJson("/api/v1/tariffs", Map.of("tariff", tariff, "reason",
                "Tariff order 2025-26")).status()).isEqualTo(201);
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sKA,Asha Devi,"12 Gali 3, Shahdara",5,%1$sDOM,,
                %1$sKB,Ravi Kumar,"7 Main Road, Laxmi Nagar",5,%1$sDOM,,
                %1$sKC,Shakti Castings,"Plot 4, Okhla Phase II",60,%1$sDOM,,
                %1$sKD,Meena Bai,"3 Kacha Bagh, Chandni Chowk",3,%1$sDOM,,
                """.formatted(p));
        Fixtures.importCsv(port, "service-points", """
                code,consumer_no,address
                %1$sSPA,%1$sKA,"12 Gali 3, Shahdara"
                %1$sSPB,%1$sKB,"7 Main Road, Laxmi Nagar"
                %1$sSPC,%1$sKC,"Plot 4, Okhla Phase II"
                %1$sSPD,%1$sKD,"3 Kacha Bagh, Chandni Chowk"
                """.formatted(p));
        String feb1 = "2026-02-01T00:00:00+05:30";
        data.install(p + "MA", "SINGLE_PHASE_WC", 15, 1, "POSTPAID", p + "SPA", feb1);
        data.install(p + "MB", "THREE_PHASE_WC", 30, 1, "POSTPAID", p + "SPB", feb1);
        data.install(p + "MC", "LT_CT", 15, 40, "POSTPAID", p + "SPC", feb1);
        data.install(p + "MD1", "SINGLE_PHASE_WC", 15, 1, "POSTPAID", p + "SPD", feb1);
        TestHttp admin = Fixtures.admin(port);
        assertThat(admin.postJson("/api/v1/billing/groups", Map.of("code", p + "G", "name", "Shahdara ward 7",
                "readDay", 1)).status()).isEqualTo(201);
        TestHttp.Response assigned = admin.postJson("/api/v1/billing/groups/" + p + "G/service-points",
                Map.of("servicePointCodes", List.of(p + "SPA", p + "SPB", p + "SPC", p + "SPD")));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("servicePoints").asInt()).isEqualTo(4);
    }
}

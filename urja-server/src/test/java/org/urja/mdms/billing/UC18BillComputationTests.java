package org.urja.mdms.billing;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Feeds;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import org.urja.mdms.tariff.Tariff;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.billing.BillingTestData.assertLines;
import static org.urja.mdms.billing.BillingTestData.assertTotals;
import static org.urja.mdms.billing.BillingTestData.pdfText;
import static org.urja.mdms.billing.UC2BillingDeterminantsTests.assertField;

/**
 * UC18.2–18.3 and issue 7 part 3: the hand-checked bills of docs/billing.md — one per tariff category the demo ships
 * (DOM domestic, NDLT non-domestic, NDLT-C non-domestic CT-operated on kVAh with a demand charge) — built from data
 * sent through the HES contract, billed through the bill-run API and compared line by line to the paisa; a run again
 * bills nothing twice; INCOMPLETE determinants are held with their reason and a prepaid consumer is not billed; the
 * consumer's bill history, the bill, its PDF (read back) and the integration feed; bad requests named.
 */
@UrjaIntegrationTest
class UC18BillComputationTests {

    static final LocalDate FEB_1 = LocalDate.of(2026, 2, 1);
    static final LocalDate FEB_28 = LocalDate.of(2026, 2, 28);
    static final String FEB_1_IST = "2026-02-01T00:00:00+05:30";

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    /** The demo's three categories as docs/billing.md states them, under the test's own codes. */
    static List<Tariff> docTariffs(String p) {
        LocalDate from = LocalDate.of(2026, 1, 1);
        List<Tariff.TodZone> tod = List.of(new Tariff.TodZone("PEAK", LocalTime.of(18, 0), LocalTime.of(22, 0), d("20")),
                new Tariff.TodZone("SOLAR", LocalTime.of(9, 0), LocalTime.of(17, 0), d("-20")));
        List<Tariff.Levy> levies = List.of(new Tariff.Levy("PPAC", d("3.5"), Tariff.LevyBase.ENERGY),
                new Tariff.Levy("Electricity duty", d("5"), Tariff.LevyBase.ENERGY_AND_FIXED));
        return List.of(
                new Tariff(p + "DOM", from, d("11000"), List.of(new Tariff.Slab(d("200"), d("300")),
                        new Tariff.Slab(d("400"), d("450")), new Tariff.Slab(d("800"), d("650")),
                        new Tariff.Slab(d("1200"), d("700")), new Tariff.Slab(null, d("800"))), tod, levies,
                        new Tariff.Subsidy("State subsidy", d("100"), d("100"))),
                new Tariff(p + "NDLT", from, d("25000"), List.of(new Tariff.Slab(d("200"), d("800")),
                        new Tariff.Slab(null, d("900"))), tod, levies, null),
                new Tariff(p + "NDLT-C", from, d("30000"), List.of(new Tariff.Slab(null, d("850"))), tod, levies, null,
                        Tariff.BillingUnit.KVAH, Tariff.DemandBasis.MAX_DEMAND, d("75"), d("100"), d("2")));
    }

    @Test
    void uc18_handCheckedBillOfEachCategoryMatchesToThePaisaAndIsListedDownloadedAndIssuedOnce() throws IOException {
        String p = Fixtures.unique("BC").toUpperCase() + "-";
        BillingTestData data = new BillingTestData(port, committed, p);
        TestHttp admin = Fixtures.admin(port);
        String user = Fixtures.staffUser(port, "bill", List.of("BILLING"));
        TestHttp billing = TestHttp.staffApi(port, user, Fixtures.password(user));
        Fixtures.importChain(port, p);
        for (Tariff t : docTariffs(p)) {
            TestHttp.Response r = admin.postJson("/api/v1/tariffs", Map.of("tariff", t, "reason", "Tariff order 2025-26"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Asha Devi,"12 Gali 3, Shahdara",4,%1$sDOM,,
                %1$sK2,Ravi Traders,"7 Main Road, Laxmi Nagar",10,%1$sNDLT,,
                %1$sK3,Shakti Castings,"Plot 4, Okhla Phase II",45,%1$sNDLT-C,,
                %1$sK4,Meena Bai,"3 Kacha Bagh, Chandni Chowk",2,%1$sDOM,,
                %1$sK5,Farida Khan,"9 Park Street, Daryaganj",3,%1$sDOM,,
                """.formatted(p));
        StringBuilder points = new StringBuilder("code,consumer_no,address\n");
        for (int i = 1; i <= 5; i++) {
            points.append(p).append("SP").append(i).append(',').append(p).append('K').append(i).append(",Addr ").append(i)
                    .append('\n');
        }
        Fixtures.importCsv(port, "service-points", points.toString());
        data.install(p + "M1", "SINGLE_PHASE_WC", 15, 1, "POSTPAID", p + "SP1", FEB_1_IST);
        data.install(p + "M2", "THREE_PHASE_WC", 15, 1, "POSTPAID", p + "SP2", FEB_1_IST);
        data.install(p + "M3", "LT_CT", 15, 20, "POSTPAID", p + "SP3", FEB_1_IST);
        data.install(p + "M4", "SINGLE_PHASE_WC", 15, 1, "POSTPAID", p + "SP4", FEB_1_IST);
        data.install(p + "M5", "SINGLE_PHASE_WC", 15, 1, "PREPAID", p + "SP5", FEB_1_IST);
        String g = p + "G";
        data.group(g, List.of(p + "SP1", p + "SP2", p + "SP3", p + "SP4", p + "SP5"));

        // DOM: 0.1 kWh a quarter hour, registers 1000 at the period start and 1268.8 in the billing profile at its end.
        data.push(p + "M1", 15, FEB_1, FEB_28, "interval.kWh.import", (day, s) -> d("0.1"));
        data.registers(p + "M1", ReadingProfile.DAILY_LOAD, List.of(Reading.of("register.kWh.import",
                BillingTestData.startOf(FEB_1), d("1000"))));
        data.registers(p + "M1", ReadingProfile.BILLING, List.of(Reading.of("register.kWh.import",
                BillingTestData.startOf(FEB_28.plusDays(1)), d("1268.8")), new Reading("register.kW.maxDemand",
                BillingTestData.startOf(FEB_28.plusDays(1)), d("0.4"), BillingTestData.startOf(FEB_1), List.of())));
        // NDLT: 0.5 kWh a quarter hour, no billing profile.
        data.push(p + "M2", 15, FEB_1, FEB_28, "interval.kWh.import", (day, s) -> d("0.5"));
        // NDLT-C: 2 kWh and 2.43 kVAh a quarter hour (primary values); the billing profile's maximum demand 50 kVA.
        data.push(p + "M3", 15, FEB_1, FEB_28, "interval.kWh.import", (day, s) -> d("2"));
        data.push(p + "M3", 15, FEB_1, FEB_28, "interval.kVAh.import", (day, s) -> d("2.43"));
        java.time.Instant end = BillingTestData.startOf(FEB_28.plusDays(1));
        java.time.Instant mdAt = LocalDate.of(2026, 2, 17).atTime(11, 0).atOffset(BillingTestData.IST).toInstant();
        data.registers(p + "M3", ReadingProfile.BILLING, List.of(Reading.of("register.kWh.import", end, d("25376")),
                Reading.of("register.kVAh.import", end, d("26531.84")),
                new Reading("register.kW.maxDemand", end, d("40"), mdAt, List.of()),
                new Reading("register.kVA.maxDemand", end, d("50"), mdAt, List.of())));
        // DOM, INCOMPLETE: 28 Feb never arrives. The prepaid consumer's meter sends nothing.
        data.push(p + "M4", 15, FEB_1, FEB_28.minusDays(1), "interval.kWh.import", (day, s) -> d("0.1"));
        data.awaitValidated(p + "M1", FEB_1, FEB_28);
        data.awaitValidated(p + "M2", FEB_1, FEB_28);
        data.awaitValidated(p + "M3", FEB_1, FEB_28);
        data.awaitValidated(p + "M4", FEB_1, FEB_28.minusDays(1));
        data.determinants(billing, g, "2026-02");

        // The bill run: three bills, the INCOMPLETE one held with its reason, the prepaid consumer not billed.
        JsonNode run = BillingTestData.bill(billing, g, "2026-02", "2026-03-05");
        assertThat(run.get("billed").asInt()).as(run.toString()).isEqualTo(3);
        assertThat(run.get("prepaid").asInt()).isEqualTo(1);
        assertThat(run.get("held")).hasSize(1);
        assertThat(run.get("held").get(0).get("servicePointCode").asString()).isEqualTo(p + "SP4");
        assertThat(run.get("held").get(0).get("reason").asString())
                .startsWith("determinants INCOMPLETE: 96 of 2688 intervals have no value");
        List<String> numbers = new ArrayList<>();
        run.get("billNos").forEach(n -> numbers.add(n.asString()));
        assertThat(numbers).allMatch(n -> n.matches("B202603\\d{7}"));
        long first = Long.parseLong(numbers.get(0).substring(7));
        assertThat(numbers).containsExactly(numbers.get(0), "B202603%07d".formatted(first + 1),
                "B202603%07d".formatted(first + 2));

        // Again: nothing billed twice, the same one held.
        JsonNode again = BillingTestData.bill(billing, g, "2026-02", "2026-03-05");
        assertThat(again.get("billed").asInt()).isZero();
        assertThat(again.get("alreadyBilled").asInt()).isEqualTo(3);
        assertThat(again.get("held")).hasSize(1);
        JsonNode cycle = billing.get("/api/v1/billing/cycles/" + g + "/2026-02/bills").json();
        assertThat(cycle.get("bills")).hasSize(3);
        assertThat(cycle.get("held").get(0).get("servicePointCode").asString()).isEqualTo(p + "SP4");

        // DOM, docs/billing.md "DOM": 268.8 kWh on 4 kW.
        JsonNode dom = billFor(billing, numbers, p + "K1");
        assertLines(dom, List.of(
                "FIXED|Fixed charge|4|44000",
                "ENERGY|Energy 0–200 units|200|60000",
                "ENERGY|Energy 200–400 units|68.8|30960",
                "TOD|ToD PEAK +20%|44.8|3032",
                "TOD|ToD SOLAR -20%|89.6|-6064",
                "LEVY|PPAC 3.5%|87928|3077",
                "LEVY|Electricity duty 5%|131928|6596",
                "SUBSIDY|State subsidy|100|-10000",
                "ROUNDING|Rounding|-|-1"));
        assertTotals(dom, 131_601, 0, 0, -1, 131_600, 133_600);
        assertThat(dom.get("units").decimalValue()).isEqualByComparingTo("268.8");
        assertThat(dom.get("billingUnit").asString()).isEqualTo("KWH");
        assertThat(dom.get("billDate").asString()).isEqualTo("2026-03-05");
        assertThat(dom.get("dueDate").asString()).isEqualTo("2026-03-20");
        assertThat(dom.get("meters").get(0).get("previousKwh").decimalValue()).isEqualByComparingTo("1000");
        assertThat(dom.get("meters").get(0).get("presentKwh").decimalValue()).isEqualByComparingTo("1268.8");
        assertThat(dom.get("consumer").get("name").asString()).isEqualTo("Asha Devi");
        assertThat(dom.get("history")).hasSize(1);

        // NDLT: 1,344 kWh on 10 kW.
        JsonNode ndlt = billFor(billing, numbers, p + "K2");
        assertLines(ndlt, List.of(
                "FIXED|Fixed charge|10|250000",
                "ENERGY|Energy 0–200 units|200|160000",
                "ENERGY|Energy above 200 units|1144|1029600",
                "TOD|ToD PEAK +20%|224|39653",
                "TOD|ToD SOLAR -20%|448|-79307",
                "LEVY|PPAC 3.5%|1149946|40248",
                "LEVY|Electricity duty 5%|1399946|69997",
                "ROUNDING|Rounding|-|9"));
        assertTotals(ndlt, 1_510_191, 0, 0, 9, 1_510_200, 1_532_900);

        // NDLT-C: 6,531.84 kVAh, maximum demand 50 kVA on a 45 kVA contract demand.
        JsonNode ct = billFor(billing, numbers, p + "K3");
        assertThat(ct.get("billingUnit").asString()).isEqualTo("KVAH");
        assertThat(ct.get("maxDemand").decimalValue()).isEqualByComparingTo("50");
        assertLines(ct, List.of(
                "FIXED|Demand charge|50|1500000",
                "FIXED|Excess demand +100%|5|150000",
                "ENERGY|Energy above 0 units|6531.84|5552064",
                "TOD|ToD PEAK +20%|1088.64|185069",
                "TOD|ToD SOLAR -20%|2177.28|-370138",
                "LEVY|PPAC 3.5%|5366995|187845",
                "LEVY|Electricity duty 5%|7016995|350850",
                "ROUNDING|Rounding|-|10"));
        assertTotals(ct, 7_555_690, 0, 0, 10, 7_555_700, 7_706_800);
        assertThat(ct.get("latePaymentSurchargePercent").decimalValue()).isEqualByComparingTo("2");

        // UC18.2: the consumer's history — overdue by now, the whole amount outstanding.
        JsonNode history = billing.get("/api/v1/consumers/" + p + "K1/bills").json();
        assertThat(history.get("outstandingPaise").asLong()).isEqualTo(131_600);
        assertThat(history.get("bills")).hasSize(1);
        JsonNode summary = history.get("bills").get(0);
        assertThat(summary.get("billNo").asString()).isEqualTo(dom.get("billNo").asString());
        assertThat(summary.get("standing").get("status").asString()).isEqualTo("OVERDUE");
        assertThat(summary.get("standing").get("outstandingPaise").asLong()).isEqualTo(131_600);
        // A viewer reads bills; only billing and administrators bill.
        String viewer = Fixtures.staffUser(port, "view", List.of("VIEWER"));
        TestHttp v = TestHttp.staffApi(port, viewer, Fixtures.password(viewer));
        assertThat(v.get("/api/v1/bills/" + dom.get("billNo").asString()).status()).isEqualTo(200);
        assertThat(v.postJson("/api/v1/billing/cycles/" + g + "/2026-02/bills", Map.of()).status()).isEqualTo(403);

        // UC18.3: the PDF, read back.
        String text = pdfText(v.getBytes("/api/v1/bills/" + dom.get("billNo").asString() + "/pdf", 200));
        assertThat(text).contains("ELECTRICITY BILL", dom.get("billNo").asString(), "Asha Devi", p + "K1",
                "12 Gali 3, Shahdara", p + "DOM", "4 kW", p + "M1", "05-03-2026", "20-03-2026", "01-02-2026 to 28-02-2026",
                "1000", "1268.8", "268.8", "PEAK", "44.8", "SOLAR", "89.6", "Fixed charge", "440.00", "30.32", "-60.64",
                "Electricity duty 5%", "65.96", "State subsidy", "-100.00", "Rounding", "-0.01", "1316.00", "1336.00",
                "Consumption history", "2026-02");
        String ctText = pdfText(v.getBytes("/api/v1/bills/" + ct.get("billNo").asString() + "/pdf", 200));
        assertThat(ctText).contains("Demand charge", "15000.00", "Excess demand +100%", "1500.00", "6531.84 kVAh",
                "Maximum demand", "50 kVA", "75557.00", "77068.00");

        // Issued bills go to the integration feed.
        assertThat(Feeds.event(port, "BillIssued", "billNo", dom.get("billNo").asString()).get("data")
                .get("payablePaise").asLong()).isEqualTo(131_600);

        // Determinants unchanged since billing: nothing to revise.
        assertField(billing.postJson("/api/v1/bills/" + dom.get("billNo").asString() + "/revisions", Map.of()), 422,
                "billNo");
    }

    @Test
    void uc18_badBillRequestsAreRefusedNamingTheFieldAndChangeNothing() {
        String p = Fixtures.unique("BB").toUpperCase() + "-";
        TestHttp admin = Fixtures.admin(port);
        assertThat(admin.postJson("/api/v1/billing/groups", Map.of("code", p + "G", "name", "Ward 9", "readDay", 1))
                .status()).isEqualTo(201);
        String bills = "/api/v1/billing/cycles/" + p + "G/2026-02/bills";
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "G/2026-13/bills", Map.of()), 400, "period");
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "NONE/2026-02/bills", Map.of()), 404, "group");
        assertField(admin.postJson(bills, Map.of("billDate", "5 March")), 400, "billDate");
        assertField(admin.postJson(bills, Map.of("billDate", "2026-02-20")), 422, "billDate");
        assertField(admin.postJson(bills, Map.of("billDate", LocalDate.now().plusDays(2).toString())), 422, "billDate");
        String future = java.time.YearMonth.now().plusMonths(1).toString();
        assertField(admin.postJson("/api/v1/billing/cycles/" + p + "G/" + future + "/bills", Map.of()), 422, "period");
        // No determinants issued for the cycle: nothing to bill yet.
        assertField(admin.postJson(bills, Map.of("billDate", "2026-03-05")), 422, "period");
        assertField(admin.get("/api/v1/bills/" + p + "NONE"), 404, "billNo");
        assertField(admin.get("/api/v1/bills/" + p + "NONE/pdf"), 404, "billNo");
        assertField(admin.postJson("/api/v1/bills/" + p + "NONE/revisions", Map.of()), 404, "billNo");
        assertField(admin.get("/api/v1/consumers/" + p + "K1/bills"), 404, "consumerNo");
        assertField(admin.get("/api/v1/consumers/" + p + "K1/bills?limit=0"), 400, "limit");
        assertThat(admin.get("/api/v1/billing/cycles/" + p + "G/2026-02/bills").json().get("bills")).isEmpty();
    }

    /** Each line as kind|name|quantity|paise ("-" for no quantity), in order. */
    static JsonNode billFor(TestHttp http, List<String> numbers, String consumerNo) {
        for (String n : numbers) {
            JsonNode b = http.get("/api/v1/bills/" + n).json();
            if (b.get("consumer").get("consumerNo").asString().equals(consumerNo)) {
                return b;
            }
        }
        throw new AssertionError("no bill of " + consumerNo + " among " + numbers);
    }

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }
}

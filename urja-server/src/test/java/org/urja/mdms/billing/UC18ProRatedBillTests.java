package org.urja.mdms.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.urja.mdms.support.CommittedEvents;
import org.urja.mdms.support.Fixtures;
import org.urja.mdms.support.TestHttp;
import org.urja.mdms.support.UrjaIntegrationTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.mdms.billing.BillingTestData.assertLines;
import static org.urja.mdms.billing.BillingTestData.assertTotals;

/**
 * A part month (docs/billing.md "A part month"): a domestic service point connected on 10 February 2026 at 14:00 is
 * billed for 19 of February's 28 days — the fixed charge, the slab limits and the subsidy's units pro-rated — from data
 * sent through the HES contract and billed through the bill-run API, checked to the paisa, with "pro-rated: 19 of 28
 * days" on the bill and its PDF.
 */
@UrjaIntegrationTest
class UC18ProRatedBillTests {

    static final LocalDate FEB_10 = LocalDate.of(2026, 2, 10);
    static final LocalDate FEB_28 = LocalDate.of(2026, 2, 28);
    /** The first quarter hour of 10 Feb after 14:00 (slot 56 ends at 14:15). */
    static final int FIRST_SLOT = 56;

    @LocalServerPort
    int port;

    @Autowired
    CommittedEvents committed;

    @Test
    void uc18_aServicePointConnectedInTheMonthIsBilledForItsDaysToThePaisa() throws Exception {
        String p = Fixtures.unique("PR").toUpperCase() + "-";
        BillingTestData data = new BillingTestData(port, committed, p);
        TestHttp admin = Fixtures.admin(port);
        String user = Fixtures.staffUser(port, "bill", List.of("BILLING"));
        TestHttp billing = TestHttp.staffApi(port, user, Fixtures.password(user));
        Fixtures.importChain(port, p);
        TestHttp.Response tariff = admin.postJson("/api/v1/tariffs", Map.of("tariff",
                BillingTestData.domesticTariff(p), "reason", "Tariff order 2025-26"));
        assertThat(tariff.status()).as(tariff.body()).isEqualTo(201);
        Fixtures.importCsv(port, "consumers", """
                consumer_no,name,address,sanctioned_load_kw,tariff_category,phone,email
                %1$sK1,Neha Gupta,"21 Preet Vihar, Delhi",4,%1$sDOM,,
                """.formatted(p));
        Fixtures.importCsv(port, "service-points", "code,consumer_no,address\n%1$sSP1,%1$sK1,Addr\n".formatted(p));
        String m = p + "M1";
        data.install(m, "SINGLE_PHASE_WC", 15, 1, "POSTPAID", p + "SP1", "2026-02-10T14:00:00+05:30");
        String g = p + "G";
        data.group(g, List.of(p + "SP1"));
        // 0.1 kWh every quarter hour from the connection: 176.8 kWh (PEAK 30.4, SOLAR 58.8).
        data.push(m, 15, FEB_10, FEB_28, "interval.kWh.import", (day, s) -> day.equals(FEB_10) && s < FIRST_SLOT
                ? null : new BigDecimal("0.1"));
        data.awaitValidated(m, FEB_10, FEB_28);
        JsonNode run = data.determinants(billing, g, "2026-02");
        assertThat(run.get("qualities").get("ACTUAL").asInt()).as(run.toString()).isEqualTo(1);

        String billNo = BillingTestData.bill(billing, g, "2026-02", "2026-03-05").get("billNos").get(0).asString();
        JsonNode bill = billing.get("/api/v1/bills/" + billNo).json();
        assertThat(bill.get("proRated").get("days").asInt()).isEqualTo(19);
        assertThat(bill.get("proRated").get("ofDays").asInt()).isEqualTo(28);
        assertLines(bill, List.of(
                "FIXED|Fixed charge|4|29857",
                "ENERGY|Energy 0–135.71 units|135.71|40713",
                "ENERGY|Energy 135.71–271.43 units|41.09|18491",
                "TOD|ToD PEAK +20%|30.4|2036",
                "TOD|ToD SOLAR -20%|58.8|-3938",
                "LEVY|PPAC 3.5%|57302|2006",
                "LEVY|Electricity duty 5%|87159|4358",
                "SUBSIDY|State subsidy|67.86|-6786",
                "ROUNDING|Rounding|-|-37"));
        assertTotals(bill, 86_737, 0, 0, -37, 86_700, 88_000);
        assertThat(BillingTestData.pdfText(billing.getBytes("/api/v1/bills/" + billNo + "/pdf", 200)))
                .contains("pro-rated: 19 of 28 days", "Energy 0–135.71 units");
    }
}

package org.urja.mdms.demo;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.billing.BillGroups;
import org.urja.mdms.network.Meter;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.ImportMode;
import org.urja.mdms.platform.csv.ImportReport;
import org.urja.mdms.prepaid.PrepaidAccounts;
import org.urja.mdms.tariff.Tariff;
import org.urja.mdms.tariff.Tariffs;

/**
 * The money side of the demo, through the modules' published APIs and idempotent (each step is skipped once done, so
 * a restart or an older demo database is brought up to date without doubling anything):
 * <ul>
 * <li>the example tariff orders of docs/billing.md for the demo's categories DOM, NDLT and NDLT-C, in force from
 * 1 April of the financial year the demo's data starts in (a category that has any version is left alone);</li>
 * <li>with them, an opening balance in every demo prepaid consumer's wallet (₹1,000; every 20th consumer ₹250, so
 * low-balance notices show up within days), so the daily charge never starts from an empty wallet;</li>
 * <li>bill group {@value #BILL_GROUP} of the demo's postpaid consumers, read on the 1st (created once).</li>
 * </ul>
 */
@Component
@Order(20)
@ConditionalOnBooleanProperty("urja.demo.enabled")
class DemoBilling implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoBilling.class);
    static final String BILL_GROUP = "DEMO-G1";
    static final String BY = "demo";
    static final String OPENING_REFERENCE = "demo-opening-balance";
    static final long OPENING_BALANCE_PAISE = 100_000;
    static final long LOW_OPENING_BALANCE_PAISE = 25_000;

    private final Tariffs tariffs;
    private final PrepaidAccounts wallets;
    private final BillGroups billGroups;
    private final AssetImporter billGroupImporter;
    private final NetworkRegistry network;
    private final TransactionTemplate tx;

    DemoBilling(Tariffs tariffs, PrepaidAccounts wallets, BillGroups billGroups, List<AssetImporter> importers,
                NetworkRegistry network, TransactionTemplate tx) {
        this.tariffs = tariffs;
        this.wallets = wallets;
        this.billGroups = billGroups;
        this.billGroupImporter = importers.stream().filter(i -> i.kind().equals("bill-group-members")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bill-group-members importer"));
        this.network = network;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (network.node(DemoData.DEMO_CIRCLE).isEmpty()) {
            return;
        }
        LocalDate effective = financialYearStart(DemoData.since(LocalDate.now(DemoData.IST)));
        tx.executeWithoutResult(s -> tariffsAndWallets(effective));
        tx.executeWithoutResult(s -> billGroup());
    }

    /** 1 April of the Indian financial year (April to March) {@code day} lies in: when tariff orders take effect. */
    static LocalDate financialYearStart(LocalDate day) {
        return LocalDate.of(day.getMonthValue() >= 4 ? day.getYear() : day.getYear() - 1, Month.APRIL, 1);
    }

    private void tariffsAndWallets(LocalDate effective) {
        List<Tariff> missing = tariffs(effective).stream().filter(t -> tariffs.versions(t.category()).isEmpty()).toList();
        if (missing.isEmpty()) {
            return;
        }
        String order = "Demo tariff order FY %d-%02d (docs/billing.md)".formatted(effective.getYear(),
                (effective.getYear() + 1) % 100);
        missing.forEach(t -> tariffs.publish(t, BY, order));
        // The wallets get their opening balance with the tariffs that start charging them.
        int opened = 0;
        for (String consumerNo : demoConsumers(DemoData::prepaidConsumer).keySet()) {
            long balance = ++opened % 20 == 0 ? LOW_OPENING_BALANCE_PAISE : OPENING_BALANCE_PAISE;
            wallets.open(consumerNo, balance, 0, OPENING_REFERENCE, BY);
        }
        log.info("Demo tariffs {} published, in force from {}; {} prepaid wallets opened",
                missing.stream().map(Tariff::category).toList(), effective, opened);
    }

    private void billGroup() {
        if (billGroups.exists(BILL_GROUP)) {
            return;
        }
        billGroups.create(BILL_GROUP, "Demo postpaid consumers", 1, BY);
        StringBuilder csv = new StringBuilder("service_point_code,group_code\n");
        Map<String, NetworkRegistry.MeterSummary> postpaid = demoConsumers(DemoData::postpaidConsumer);
        postpaid.values().forEach(m -> csv.append(m.servicePointCode()).append(',').append(BILL_GROUP).append('\n'));
        ImportReport report = billGroupImporter.importTable(CsvTable.parse(new StringReader(csv.toString())),
                ImportMode.ALL_OR_NOTHING);
        if (!report.errors().isEmpty()) {
            throw new IllegalStateException("Demo bill group import failed: " + report.errors());
        }
        log.info("Demo bill group {} created: {} postpaid service points, read on the 1st", BILL_GROUP, postpaid.size());
    }

    /** The demo's consumer meters that {@code which} selects and serve a consumer, by consumer number. */
    private Map<String, NetworkRegistry.MeterSummary> demoConsumers(Predicate<Meter> which) {
        List<String> serials = network.metersUnder(DemoData.DEMO_CIRCLE, 100_000, 0).stream().filter(which)
                .map(Meter::serialNo).toList();
        Map<String, NetworkRegistry.MeterSummary> byConsumer = new TreeMap<>();
        network.meterSummaries(serials).values().stream().filter(m -> m.consumerNo() != null && m.servicePointCode() != null)
                .forEach(m -> byConsumer.put(m.consumerNo(), m));
        return byConsumer;
    }

    /**
     * The hand-checked example versions of docs/billing.md (figures of the kind an Indian state commission's tariff
     * order sets): ToD PEAK 18–22 h +20 %, SOLAR 09–17 h −20 %, PPAC 3.5 % of energy, electricity duty 5 % of energy
     * and fixed; DOM slabs with a state subsidy on the first 100 units, NDLT two slabs, NDLT-C on kVAh with a demand
     * charge (at least 75 % of the contract demand, excess +100 %) and a 2 % late-payment surcharge.
     */
    static List<Tariff> tariffs(LocalDate from) {
        List<Tariff.TodZone> tod = List.of(new Tariff.TodZone("PEAK", LocalTime.of(18, 0), LocalTime.of(22, 0), d("20")),
                new Tariff.TodZone("SOLAR", LocalTime.of(9, 0), LocalTime.of(17, 0), d("-20")));
        List<Tariff.Levy> levies = List.of(new Tariff.Levy("PPAC", d("3.5"), Tariff.LevyBase.ENERGY),
                new Tariff.Levy("Electricity duty", d("5"), Tariff.LevyBase.ENERGY_AND_FIXED));
        return List.of(
                new Tariff("DOM", from, d("11000"), List.of(new Tariff.Slab(d("200"), d("300")),
                        new Tariff.Slab(d("400"), d("450")), new Tariff.Slab(d("800"), d("650")),
                        new Tariff.Slab(d("1200"), d("700")), new Tariff.Slab(null, d("800"))), tod, levies,
                        new Tariff.Subsidy("State subsidy", d("100"), d("100"))),
                new Tariff("NDLT", from, d("25000"), List.of(new Tariff.Slab(d("200"), d("800")),
                        new Tariff.Slab(null, d("900"))), tod, levies, null),
                new Tariff("NDLT-C", from, d("30000"), List.of(new Tariff.Slab(null, d("850"))), tod, levies, null,
                        Tariff.BillingUnit.KVAH, Tariff.DemandBasis.MAX_DEMAND, d("75"), d("100"), d("2")));
    }

    private static BigDecimal d(String v) {
        return new BigDecimal(v);
    }
}

package org.urja.mdms.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.urja.mdms.tariff.DailyCharge.Kind;
import org.urja.mdms.tariff.Tariff.Slab;
import org.urja.mdms.tariff.Tariff.TodZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worked example of docs/tariffs.md, checked by hand, and the edges of each rule. */
class ChargingTests {

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    static Tariff domestic() {
        return ExampleTariffs.domestic();
    }

    @Test
    void workedExampleOfTheDocsAddsUpToTheHandCheckedTotal() {
        // 12 kWh on 20 May 2026 (4 peak, 3 solar, 5 normal) after 195 kWh earlier in May; 5 kW sanctioned.
        DailyCharge c = Charging.daily(domestic(), LocalDate.of(2026, 5, 20),
                Map.of("PEAK", d("4"), "SOLAR", d("3"), Charging.NORMAL, d("5")), d("195"), d("5"));
        assertThat(c.lines()).extracting(DailyCharge.Line::kind, DailyCharge.Line::paise).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.FIXED, 1774L),        // 11000 × 5 / 31 = 1774.19
                org.assertj.core.groups.Tuple.tuple(Kind.ENERGY, 1500L),       // 5 kWh of slab 1 × 300
                org.assertj.core.groups.Tuple.tuple(Kind.ENERGY, 3150L),       // 7 kWh of slab 2 × 450
                org.assertj.core.groups.Tuple.tuple(Kind.TOD, 310L),           // 4 × 387.5 × 20 %
                org.assertj.core.groups.Tuple.tuple(Kind.TOD, -233L),          // 3 × 387.5 × −20 % = −232.5
                org.assertj.core.groups.Tuple.tuple(Kind.LEVY, 165L),          // 3.5 % of 4727 = 165.445
                org.assertj.core.groups.Tuple.tuple(Kind.LEVY, 325L));         // 5 % of 6501 = 325.05
        assertThat(c.totalPaise()).isEqualTo(6991);
    }

    @Test
    void subsidyCoversOnlyTheDaysUnitsWithinTheFirstUnitsOfTheMonth() {
        Tariff t = domestic();
        DailyCharge c = Charging.daily(t, LocalDate.of(2026, 5, 3), Map.of(Charging.NORMAL, d("10")), d("95"), d("1"));
        assertThat(c.lines()).filteredOn(l -> l.kind() == Kind.SUBSIDY).singleElement()
                .satisfies(l -> {
                    assertThat(l.units()).isEqualByComparingTo("5");
                    assertThat(l.paise()).isEqualTo(-500);
                });
        assertThat(Charging.daily(t, LocalDate.of(2026, 5, 3), Map.of(Charging.NORMAL, d("10")), d("100"), d("1")).lines())
                .noneMatch(l -> l.kind() == Kind.SUBSIDY);
    }

    @Test
    void aDayCanSpanSeveralSlabsIncludingTheOpenTopOne() {
        DailyCharge c = Charging.daily(domestic(), LocalDate.of(2026, 6, 30), Map.of(Charging.NORMAL, d("1000")),
                d("150"), d("0"));
        assertThat(c.lines()).filteredOn(l -> l.kind() == Kind.ENERGY).extracting(DailyCharge.Line::units)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(d("50"), d("200"), d("400"), d("350"));
        assertThat(c.lines()).filteredOn(l -> l.kind() == Kind.ENERGY).extracting(DailyCharge.Line::name)
                .containsExactly("Energy 0–200 units", "Energy 200–400 units", "Energy 400–800 units",
                        "Energy 800–1200 units");
        DailyCharge top = Charging.daily(domestic(), LocalDate.of(2026, 6, 30), Map.of(Charging.NORMAL, d("10")),
                d("1195"), d("0"));
        assertThat(top.lines()).filteredOn(l -> l.kind() == Kind.ENERGY).extracting(DailyCharge.Line::paise)
                .containsExactly(3500L, 4000L);
    }

    @Test
    void aDayWithoutConsumptionPaysTheFixedChargeAndItsDuty() {
        DailyCharge c = Charging.daily(domestic(), LocalDate.of(2027, 2, 10), Map.of(), d("0"), d("2"));
        // February 2027 has 28 days: 11000 × 2 / 28 = 785.71 → 786; duty 5 % of 786 = 39.3 → 39.
        assertThat(c.lines()).extracting(DailyCharge.Line::paise).containsExactly(786L, 39L);
        assertThat(c.totalPaise()).isEqualTo(825);
    }

    @Test
    void todZonesMayWrapMidnightAndSplitAnIntervalDayByStartTime() {
        Tariff night = new Tariff("AGRI-NIGHT", LocalDate.of(2026, 1, 1), BigDecimal.ZERO,
                List.of(new Slab(null, d("250"))),
                List.of(new TodZone("NIGHT", LocalTime.of(22, 0), LocalTime.of(6, 0), d("-10"))), List.of(), null);
        BigDecimal[] slots = new BigDecimal[48];
        Arrays.fill(slots, d("0.5"));
        slots[20] = null; // a missing interval is not charged
        Map<String, BigDecimal> zones = Charging.unitsByZone(night, 30, slots);
        assertThat(zones.get("NIGHT")).isEqualByComparingTo("8.0");      // 00:00–06:00 and 22:00–24:00: 16 slots
        assertThat(zones.get(Charging.NORMAL)).isEqualByComparingTo("15.5"); // 32 slots, one missing
        DailyCharge c = Charging.daily(night, LocalDate.of(2026, 1, 5), zones, d("0"), d("0"));
        assertThat(c.totalPaise()).isEqualTo(5875 - 200); // 23.5 × 250 = 5875; night rebate 8 × 250 × 10 % = 200
    }

    @Test
    void badTariffsAndInputsAreRefused() {
        assertThatThrownBy(() -> new Tariff("X", LocalDate.of(2026, 1, 1), d("0"),
                List.of(new Slab(d("200"), d("300")), new Slab(d("100"), d("400")), new Slab(null, d("500"))),
                List.of(), List.of(), null)).hasMessageContaining("upper bounds must increase");
        assertThatThrownBy(() -> new Tariff("X", LocalDate.of(2026, 1, 1), d("0"), List.of(new Slab(d("200"), d("300"))),
                List.of(), List.of(), null)).hasMessageContaining("only the last slab is open-ended");
        assertThatThrownBy(() -> new Tariff("X", LocalDate.of(2026, 1, 1), d("0"), List.of(new Slab(null, d("300"))),
                List.of(new TodZone("A", LocalTime.of(18, 0), LocalTime.of(22, 0), d("20")),
                        new TodZone("B", LocalTime.of(21, 0), LocalTime.of(23, 0), d("10"))), List.of(), null))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> new Slab(d("10"), d("-1"))).hasMessageContaining("paisePerUnit");
        assertThatThrownBy(() -> Charging.daily(domestic(), LocalDate.of(2026, 3, 31), Map.of(), d("0"), d("1")))
                .hasMessageContaining("takes effect on 2026-04-01");
        assertThatThrownBy(() -> Charging.daily(domestic(), LocalDate.of(2026, 5, 1), Map.of("OFFPEAK", d("1")), d("0"),
                d("1"))).hasMessageContaining("OFFPEAK is not a zone");
    }

    @Test
    void aMonthOnMaximumDemandBillsAtLeastTheMinimumShareOfTheContractDemandAndChargesExcessOnTop() {
        Tariff t = new Tariff("HT", LocalDate.of(2026, 1, 1), d("30000"), List.of(new Tariff.Slab(null, d("850"))),
                List.of(), List.of(), null, Tariff.BillingUnit.KVAH, Tariff.DemandBasis.MAX_DEMAND, d("75"), d("100"),
                null);
        // 30 kVA recorded on a 45 kVA contract: 75 % of 45 = 33.75 kVA billed, no excess.
        MonthlyCharge low = Charging.monthly(t, java.time.YearMonth.of(2026, 2), Map.of(Charging.NORMAL, d("100")),
                d("45"), d("30"));
        assertThat(low.lines().get(0).name()).isEqualTo("Demand charge (minimum 75% of contract demand)");
        assertThat(low.lines().get(0).units()).isEqualByComparingTo("33.75");
        assertThat(low.lines().get(0).paise()).isEqualTo(1_012_500);
        assertThat(low.lines()).hasSize(2);
        assertThat(low.totalPaise()).isEqualTo(1_012_500 + 85_000);
        // 47.5 kVA: billed as recorded, and 2.5 kVA of excess at the rate again.
        MonthlyCharge high = Charging.monthly(t, java.time.YearMonth.of(2026, 2), Map.of(Charging.NORMAL, d("100")),
                d("45"), d("47.5"));
        assertThat(high.lines()).extracting(DailyCharge.Line::name).containsExactly("Demand charge",
                "Excess demand +100%", "Energy above 0 units");
        assertThat(high.lines()).extracting(DailyCharge.Line::paise).containsExactly(1_425_000L, 75_000L, 85_000L);
        // A tariff of the prepaid shape bills the sanctioned load for the whole month (no pro-rating); duty on it.
        MonthlyCharge fixed = Charging.monthly(domestic(), java.time.YearMonth.of(2026, 5),
                Map.of(Charging.NORMAL, d("0")), d("5"), null);
        assertThat(fixed.lines()).extracting(DailyCharge.Line::paise).containsExactly(55_000L, 2_750L);
    }

    @Test
    void aPartMonthProRatesTheDemandChargeAndExcessAndTheSlabAndSubsidyLimitsByDays() {
        Tariff t = new Tariff("HT", LocalDate.of(2026, 1, 1), d("30000"), List.of(new Tariff.Slab(null, d("850"))),
                List.of(), List.of(), null, Tariff.BillingUnit.KVAH, Tariff.DemandBasis.MAX_DEMAND, d("75"), d("100"),
                null);
        // 47.5 kVA on 45 kVA, 10 of 28 days: 1,425,000 × 10 / 28 = 508,928.57; excess 75,000 × 10 / 28 = 26,785.71.
        MonthlyCharge demand = Charging.monthly(t, java.time.YearMonth.of(2026, 2), Map.of(Charging.NORMAL, d("100")),
                d("45"), d("47.5"), new Charging.ProRata(10, 28));
        assertThat(demand.lines()).extracting(DailyCharge.Line::paise).containsExactly(508_929L, 26_786L, 85_000L);
        // Domestic, 5 kW, 15 of 31 days, 150 kWh: fixed 55,000 × 15 / 31 = 26,612.90; slabs at 96.77, 193.55;
        // subsidy on the first 48.39 units.
        MonthlyCharge dom = Charging.monthly(domestic(), java.time.YearMonth.of(2026, 5),
                Map.of(Charging.NORMAL, d("150")), d("5"), null, new Charging.ProRata(15, 31));
        assertThat(dom.lines()).extracting(DailyCharge.Line::name, DailyCharge.Line::units, DailyCharge.Line::paise)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Fixed charge", d("5"), 26_613L),
                        org.assertj.core.groups.Tuple.tuple("Energy 0–96.77 units", d("96.77"), 29_031L),
                        org.assertj.core.groups.Tuple.tuple("Energy 96.77–193.55 units", d("53.23"), 23_954L),
                        org.assertj.core.groups.Tuple.tuple("PPAC 3.5%", d("52985"), 1_854L),
                        org.assertj.core.groups.Tuple.tuple("Electricity duty 5%", d("79598"), 3_980L),
                        org.assertj.core.groups.Tuple.tuple("State subsidy", d("48.39"), -4_839L));
        assertThatThrownBy(() -> new Charging.ProRata(0, 28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Charging.ProRata(29, 28)).isInstanceOf(IllegalArgumentException.class);
    }
}

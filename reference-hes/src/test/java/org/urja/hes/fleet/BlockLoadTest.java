package org.urja.hes.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.hes.fleet.TestMeters.COMMISSIONED;
import static org.urja.hes.fleet.TestMeters.MONDAY;
import static org.urja.hes.fleet.TestMeters.ist;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockLoadTest {

    private final Fleet fleet = new Fleet(11, TestMeters.mixed(), FaultProfile.none());

    @Test
    void aDayHas96QuarterHoursOr48HalfHoursAlignedAndContiguous() {
        Instant from = Ist.startOf(MONDAY);
        Instant to = Ist.startOf(MONDAY.plusDays(1));
        for (VirtualMeter m : fleet.meters()) {
            int minutes = m.spec().intervalMinutes();
            List<IntervalRecord> day = m.blockLoadProfile(from, to);
            assertThat(day).hasSize(24 * 60 / minutes);
            assertThat(day.get(0).start()).isEqualTo(from);
            assertThat(day.get(day.size() - 1).end()).isEqualTo(to);
            for (int i = 0; i < day.size(); i++) {
                IntervalRecord r = day.get(i);
                assertThat(Duration.between(r.start(), r.end())).isEqualTo(Duration.ofMinutes(minutes));
                assertThat(r.start().getEpochSecond() % (minutes * 60L)).isZero();
                if (i > 0) {
                    assertThat(r.start()).isEqualTo(day.get(i - 1).end());
                }
            }
        }
    }

    @Test
    void onlyWholeIntervalsInsideTheRangeAreReturned() {
        VirtualMeter m = fleet.meter("R15");
        List<IntervalRecord> part = m.blockLoadProfile(ist(MONDAY, 10, 7), ist(MONDAY, 11, 20));
        assertThat(part).extracting(IntervalRecord::start)
                .containsExactly(ist(MONDAY, 10, 15), ist(MONDAY, 10, 30), ist(MONDAY, 10, 45), ist(MONDAY, 11, 0));
        assertThat(m.blockLoadProfile(ist(MONDAY, 10, 0), ist(MONDAY, 10, 0))).isEmpty();
    }

    @Test
    void nothingBeforeCommissioning() {
        VirtualMeter m = fleet.meter("R15");
        LocalDate first = Ist.dayOf(COMMISSIONED);
        List<IntervalRecord> day = m.blockLoadProfile(Ist.startOf(first.minusDays(2)), Ist.startOf(first.plusDays(1)));
        assertThat(day.get(0).start()).isEqualTo(COMMISSIONED);
        assertThat(day).hasSize((int) Duration.between(COMMISSIONED, Ist.startOf(first.plusDays(1))).toMinutes() / 15);
        assertThat(m.events(Instant.EPOCH, COMMISSIONED)).isEmpty();
    }

    @Test
    void energyIsNeverNegativeAndApparentEnergyCoversActiveEnergy() {
        for (VirtualMeter m : fleet.meters()) {
            for (IntervalRecord r : m.blockLoadProfile(Ist.startOf(MONDAY), Ist.startOf(MONDAY.plusDays(28)))) {
                assertThat(r.kWhImport().signum()).isNotNegative();
                assertThat(r.kWhExport().signum()).isNotNegative();
                assertThat(r.kVAhImport()).isGreaterThanOrEqualTo(r.kWhImport());
                assertThat(r.kVAhExport()).isGreaterThanOrEqualTo(r.kWhExport());
                assertThat(r.kWhImport().scale()).isEqualTo(3);
                assertThat(r.avgVoltage().scale()).isEqualTo(1);
                assertThat(r.avgCurrent().scale()).isEqualTo(2);
                assertThat(r.kWDemand().scale()).isEqualTo(2);
                assertThat(r.avgCurrent().signum()).isNotNegative();
            }
        }
    }

    @Test
    void demandIsIntervalEnergyTimesIntervalsPerHour() {
        for (VirtualMeter m : fleet.meters()) {
            BigDecimal perHour = BigDecimal.valueOf(60 / m.spec().intervalMinutes());
            for (IntervalRecord r : m.blockLoadProfile(Ist.startOf(MONDAY), Ist.startOf(MONDAY.plusDays(1)))) {
                assertThat(r.kWDemand()).isEqualByComparingTo(r.kWhImport().multiply(perHour)
                        .setScale(2, RoundingMode.HALF_UP));
                assertThat(r.kVADemand()).isEqualByComparingTo(r.kVAhImport().multiply(perHour)
                        .setScale(2, RoundingMode.HALF_UP));
            }
        }
    }

    @Test
    void energyIsAWholeMultipleOfTheMultiplierStep() {
        VirtualMeter ht = fleet.meter("HT1");
        BigDecimal step = new BigDecimal("0.200");
        for (IntervalRecord r : ht.blockLoadProfile(Ist.startOf(MONDAY), Ist.startOf(MONDAY.plusDays(1)))) {
            assertThat(r.kWhImport().remainder(step)).isZero();
        }
    }

    @Test
    void dailyTotalsFallInTheClassRanges() {
        Fleet generated = Fleet.generate(3, 300, "D", COMMISSIONED, FaultProfile.none());
        for (VirtualMeter m : generated.meters()) {
            if (m.registersAt(COMMISSIONED).kWhExport().signum() > 0) {
                continue; // net metering lowers the import of solar homes
            }
            LocalDate from = LocalDate.of(2025, 4, 1);
            BigDecimal month = m.dailyProfile(from.plusDays(30)).registers().kWhImport()
                    .subtract(m.dailyProfile(from).registers().kWhImport());
            double perDay = month.doubleValue() / 30;
            switch (m.spec().consumerClass()) {
                case RESIDENTIAL -> assertThat(perDay).isBetween(4.0, 15.0);
                case COMMERCIAL -> assertThat(perDay).isBetween(20.0, 80.0);
                case INDUSTRIAL -> assertThat(perDay).isBetween(300.0, 3000.0);
            }
        }
    }

    @Test
    void residentialLoadPeaksInTheEveningAndInSummer() {
        VirtualMeter m = fleet.meter("R15");
        double evening = 0;
        double night = 0;
        for (int d = 0; d < 5; d++) {
            LocalDate day = MONDAY.plusDays(d);
            evening += sum(m.blockLoadProfile(ist(day, 19, 0), ist(day, 22, 0)));
            night += sum(m.blockLoadProfile(ist(day, 1, 0), ist(day, 4, 0)));
        }
        assertThat(evening).isGreaterThan(2.5 * night);
        assertThat(monthKWh(m, LocalDate.of(2025, 6, 1))).isGreaterThan(1.3 * monthKWh(m, LocalDate.of(2025, 3, 1)));
    }

    @Test
    void commerceIsLowOnSundaysAndOutsideBusinessHours() {
        VirtualMeter m = fleet.meter("C15");
        LocalDate sunday = MONDAY.minusDays(1);
        double sundayKWh = sum(m.blockLoadProfile(Ist.startOf(sunday), Ist.startOf(MONDAY)));
        double mondayKWh = sum(m.blockLoadProfile(Ist.startOf(MONDAY), Ist.startOf(MONDAY.plusDays(1))));
        assertThat(sundayKWh).isLessThan(0.6 * mondayKWh);
        double business = sum(m.blockLoadProfile(ist(MONDAY, 11, 0), ist(MONDAY, 13, 0)));
        double lateNight = sum(m.blockLoadProfile(ist(MONDAY, 2, 0), ist(MONDAY, 4, 0)));
        assertThat(business).isGreaterThan(4 * lateNight);
    }

    @Test
    void onlyNetMeteredHomesExportAndOnlyInDaylight() {
        Fleet generated = Fleet.generate(8, 400, "S", COMMISSIONED, FaultProfile.none());
        int netMetered = 0;
        for (VirtualMeter m : generated.meters()) {
            boolean net = m.registersAt(COMMISSIONED).kWhExport().signum() > 0;
            BigDecimal exported = BigDecimal.ZERO;
            for (IntervalRecord r : m.blockLoadProfile(Ist.startOf(MONDAY), Ist.startOf(MONDAY.plusDays(3)))) {
                if (r.kWhExport().signum() > 0) {
                    int hour = Ist.hourOf(r.start().getEpochSecond());
                    assertThat(hour).isBetween(7, 16);
                }
                exported = exported.add(r.kWhExport());
            }
            if (net) {
                netMetered++;
                assertThat(m.spec().consumerClass()).isEqualTo(ConsumerClass.RESIDENTIAL);
                assertThat(exported.signum()).isPositive();
            } else {
                assertThat(exported.signum()).isZero();
            }
        }
        assertThat(netMetered).isBetween(5, 35);
    }

    @Test
    void spikeAndZeroConsumptionDaysOccurAtTheirRates() {
        Fleet generated = Fleet.generate(21, 300, "A", COMMISSIONED, FaultProfile.none());
        LocalDate start = LocalDate.of(2025, 2, 1);
        int spikes = 0;
        int zeroDays = 0;
        for (VirtualMeter m : generated.meters()) {
            MeterModel model = new MeterModel(21, m.spec(), FaultProfile.none());
            boolean netMetered = model.solarKwp > 0;
            for (int d = 1; d <= 60; d++) {
                LocalDate day = start.plusDays(d);
                BigDecimal total = m.dailyProfile(day.plusDays(1)).registers().kWhImport()
                        .subtract(m.dailyProfile(day).registers().kWhImport());
                if (total.signum() == 0) {
                    zeroDays++;
                    continue;
                }
                int slot = model.plan(day).spikeSlot();
                if (slot >= 0) {
                    spikes++;
                    if (netMetered) {
                        continue; // midday solar may hide a spike
                    }
                    Instant at = Ist.startOf(day).plusSeconds(slot * 900L);
                    double spike = spikeIntervalKWh(m, at);
                    double sameDayOtherWeeks = (spikeIntervalKWh(m, at.minus(Duration.ofDays(7)))
                            + spikeIntervalKWh(m, at.plus(Duration.ofDays(7)))) / 2;
                    assertThat(spike).isGreaterThan(4 * sameDayOtherWeeks);
                }
            }
        }
        // 18,000 meter-days: about 90 spike days (1/200) and 60 zero days (1/300).
        assertThat(spikes).isBetween(50, 140);
        assertThat(zeroDays).isBetween(30, 100);
    }

    private static double spikeIntervalKWh(VirtualMeter m, Instant at) {
        for (IntervalRecord r : m.blockLoadProfile(at.minus(Duration.ofMinutes(30)), at.plus(Duration.ofMinutes(30)))) {
            if (!r.start().isAfter(at) && r.end().isAfter(at)) {
                return r.kWhImport().doubleValue();
            }
        }
        throw new AssertionError("no interval at " + at);
    }

    private static double monthKWh(VirtualMeter m, LocalDate first) {
        return m.dailyProfile(first.plusMonths(1)).registers().kWhImport()
                .subtract(m.dailyProfile(first).registers().kWhImport()).doubleValue();
    }

    private static double sum(List<IntervalRecord> intervals) {
        return intervals.stream().map(IntervalRecord::kWhImport).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue();
    }
}

package org.urja.hes.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.urja.hes.fleet.TestMeters.COMMISSIONED;
import static org.urja.hes.fleet.TestMeters.MONDAY;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RegistersTest {

    private final Fleet fleet = new Fleet(17, TestMeters.mixed(), TestMeters.outagesEveryDay());

    @Test
    void registersNeverDecrease() {
        for (VirtualMeter m : fleet.meters()) {
            CumulativeRegisters previous = m.registersAt(COMMISSIONED.minus(Duration.ofDays(1)));
            for (Instant t = COMMISSIONED; t.isBefore(COMMISSIONED.plus(Duration.ofDays(12)));
                 t = t.plus(Duration.ofMinutes(47))) {
                CumulativeRegisters now = m.registersAt(t);
                assertThat(now.at()).isEqualTo(t);
                assertThat(now.kWhImport()).isGreaterThanOrEqualTo(previous.kWhImport());
                assertThat(now.kVAhImport()).isGreaterThanOrEqualTo(previous.kVAhImport());
                assertThat(now.kWhExport()).isGreaterThanOrEqualTo(previous.kWhExport());
                assertThat(now.kVAhExport()).isGreaterThanOrEqualTo(previous.kVAhExport());
                previous = now;
            }
        }
    }

    @Test
    void openingReadingIsNonZeroAndHeldUntilTheFirstIntervalEnds() {
        for (VirtualMeter m : fleet.meters()) {
            CumulativeRegisters opening = m.registersAt(COMMISSIONED);
            assertThat(opening.kWhImport()).isGreaterThanOrEqualTo(new BigDecimal("1000"));
            assertThat(opening.kVAhImport()).isGreaterThanOrEqualTo(opening.kWhImport());
            assertThat(m.registersAt(Instant.EPOCH).kWhImport()).isEqualTo(opening.kWhImport());
        }
    }

    @Test
    void registerDifferenceOverADayEqualsTheSumOfItsIntervalsExactly() {
        for (VirtualMeter m : fleet.meters()) {
            for (int d = 0; d < 10; d++) {
                LocalDate day = MONDAY.plusDays(d);
                Instant start = Ist.startOf(day);
                Instant end = Ist.startOf(day.plusDays(1));
                List<IntervalRecord> intervals = m.blockLoadProfile(start, end);
                CumulativeRegisters a = m.registersAt(start);
                CumulativeRegisters b = m.registersAt(end);
                assertSum(a.kWhImport(), b.kWhImport(), intervals, IntervalRecord::kWhImport);
                assertSum(a.kVAhImport(), b.kVAhImport(), intervals, IntervalRecord::kVAhImport);
                assertSum(a.kWhExport(), b.kWhExport(), intervals, IntervalRecord::kWhExport);
                assertSum(a.kVAhExport(), b.kVAhExport(), intervals, IntervalRecord::kVAhExport);
                BigDecimal daily = m.dailyProfile(day.plusDays(1)).registers().kWhImport()
                        .subtract(m.dailyProfile(day).registers().kWhImport());
                assertThat(daily).isEqualTo(sum(intervals, IntervalRecord::kWhImport));
            }
        }
    }

    @Test
    void midDayRegistersCountTheIntervalsEndedSoFar() {
        VirtualMeter m = fleet.meter("R30");
        Instant start = Ist.startOf(MONDAY);
        Instant t = start.plus(Duration.ofHours(10)).plusSeconds(17 * 60 + 3);
        List<IntervalRecord> ended = m.blockLoadProfile(start, t);
        assertThat(ended).hasSize(20);
        assertThat(m.registersAt(t).kWhImport().subtract(m.registersAt(start).kWhImport()))
                .isEqualTo(sum(ended, IntervalRecord::kWhImport));
    }

    @Test
    void theSameAnswerWhetherDaysAreFilledInOrderOrNot() {
        Fleet other = new Fleet(17, TestMeters.mixed(), TestMeters.outagesEveryDay());
        for (VirtualMeter m : fleet.meters()) {
            VirtualMeter n = other.meter(m.spec().serialNo());
            Instant late = Ist.startOf(LocalDate.of(2025, 4, 1));
            CumulativeRegisters jumped = m.registersAt(late);
            for (LocalDate d = Ist.dayOf(COMMISSIONED); !d.isAfter(LocalDate.of(2025, 4, 1)); d = d.plusDays(1)) {
                n.dailyProfile(d);
            }
            assertThat(n.registersAt(late)).isEqualTo(jumped);
        }
    }

    @Test
    void dailySnapshotIsTakenAtIstMidnight() {
        DailySnapshot s = fleet.meter("R15").dailyProfile(MONDAY);
        assertThat(s.day()).isEqualTo(MONDAY);
        assertThat(s.capturedAt()).isEqualTo(Instant.parse("2025-03-09T18:30:00Z"));
        assertThat(s.registers()).isEqualTo(fleet.meter("R15").registersAt(s.capturedAt()));
    }

    @Test
    void billingProfileMatchesRegistersAndTodZonesSumToTheMonth() {
        YearMonth month = YearMonth.of(2025, 3);
        for (VirtualMeter m : fleet.meters()) {
            BillingProfile b = m.billingProfile(month);
            assertThat(b.month()).isEqualTo(month);
            assertThat(b.billingDate()).isEqualTo(Instant.parse("2025-03-31T18:30:00Z"));
            assertThat(b.registers()).isEqualTo(m.registersAt(b.billingDate()));
            Instant monthStart = Ist.startOf(month.atDay(1));
            List<IntervalRecord> intervals = m.blockLoadProfile(monthStart, b.billingDate());
            BigDecimal monthKWh = b.registers().kWhImport().subtract(m.registersAt(monthStart).kWhImport());
            assertThat(b.todKWh()).containsOnlyKeys(TodZone.values());
            assertThat(b.todKWh().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualTo(monthKWh);
            for (TodZone zone : TodZone.values()) {
                BigDecimal expected = intervals.stream()
                        .filter(r -> zone.contains(Ist.hourOf(r.start().getEpochSecond())))
                        .map(IntervalRecord::kWhImport).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(b.todKWh().get(zone)).isEqualTo(expected);
            }
            IntervalRecord peak = intervals.stream().max(Comparator.comparing(IntervalRecord::kWDemand)).orElseThrow();
            assertThat(b.maxDemandKw()).isEqualTo(peak.kWDemand());
            assertThat(b.maxDemandKwAt()).isEqualTo(peak.start());
            IntervalRecord peakKva = intervals.stream().max(Comparator.comparing(IntervalRecord::kVADemand))
                    .orElseThrow();
            assertThat(b.maxDemandKva()).isEqualTo(peakKva.kVADemand());
            BigDecimal kVAh = b.registers().kVAhImport().subtract(m.registersAt(monthStart).kVAhImport());
            assertThat(b.averagePowerFactor()).isEqualTo(monthKWh.divide(kVAh, 3, RoundingMode.HALF_UP));
            assertThat(b.averagePowerFactor().doubleValue()).isBetween(0.8, 1.0);
        }
    }

    @Test
    void billingBeforeCommissioningHoldsTheOpeningReading() {
        VirtualMeter m = fleet.meter("C15");
        BillingProfile b = m.billingProfile(YearMonth.of(2024, 11));
        assertThat(b.registers().kWhImport()).isEqualTo(m.registersAt(COMMISSIONED).kWhImport());
        assertThat(b.maxDemandKwAt()).isNull();
        assertThat(b.maxDemandKw()).isZero();
        assertThat(b.averagePowerFactor()).isZero();
    }

    private static void assertSum(BigDecimal start, BigDecimal end, List<IntervalRecord> intervals,
                                  Function<IntervalRecord, BigDecimal> value) {
        assertThat(end.subtract(start)).isEqualTo(sum(intervals, value));
    }

    private static BigDecimal sum(List<IntervalRecord> intervals, Function<IntervalRecord, BigDecimal> value) {
        return intervals.stream().map(value).reduce(BigDecimal.ZERO.setScale(3), BigDecimal::add);
    }
}

package org.urja.hes.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.urja.hes.fleet.TestMeters.COMMISSIONED;
import static org.urja.hes.fleet.TestMeters.MONDAY;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetTest {

    private static final Instant DAY_START = Ist.startOf(MONDAY);
    private static final Instant DAY_END = Ist.startOf(MONDAY.plusDays(1));

    @Test
    void sameSeedGivesIdenticalData() {
        FaultProfile faults = new FaultProfile(0.2, 0.2, 0.05, 0.1, 0.2, 0.2, 0.2, 0.1);
        Fleet a = Fleet.generate(7, 100, "UJ", COMMISSIONED, faults);
        Fleet b = Fleet.generate(7, 100, "UJ", COMMISSIONED, faults);
        for (VirtualMeter m : a.meters()) {
            VirtualMeter n = b.meter(m.spec().serialNo());
            assertThat(n.spec()).isEqualTo(m.spec());
            assertThat(n.blockLoadProfile(DAY_START, DAY_END)).isEqualTo(m.blockLoadProfile(DAY_START, DAY_END));
            assertThat(n.firstReadBlockLoad(DAY_START, DAY_END)).isEqualTo(m.firstReadBlockLoad(DAY_START, DAY_END));
            assertThat(n.registersAt(DAY_END)).isEqualTo(m.registersAt(DAY_END));
            assertThat(n.billingProfile(YearMonth.of(2025, 2))).isEqualTo(m.billingProfile(YearMonth.of(2025, 2)));
            assertThat(n.events(COMMISSIONED, DAY_END)).isEqualTo(m.events(COMMISSIONED, DAY_END));
            assertThat(n.instantaneous(DAY_END)).isEqualTo(m.instantaneous(DAY_END));
        }
    }

    @Test
    void readingTheSamePeriodTwiceGivesTheSameValues() {
        VirtualMeter m = Fleet.generate(7, 1, "UJ", COMMISSIONED, FaultProfile.realistic()).meters().iterator().next();
        var first = m.blockLoadProfile(DAY_START, DAY_END);
        m.registersAt(DAY_END.plusSeconds(86_400 * 30));
        assertThat(m.blockLoadProfile(DAY_START, DAY_END)).isEqualTo(first);
        assertThat(m.registersAt(DAY_END)).isEqualTo(m.registersAt(DAY_END));
    }

    @Test
    void differentSeedGivesDifferentData() {
        Fleet a = new Fleet(1, TestMeters.mixed(), FaultProfile.none());
        Fleet b = new Fleet(2, TestMeters.mixed(), FaultProfile.none());
        for (VirtualMeter m : a.meters()) {
            VirtualMeter n = b.meter(m.spec().serialNo());
            assertThat(n.blockLoadProfile(DAY_START, DAY_END)).isNotEqualTo(m.blockLoadProfile(DAY_START, DAY_END));
            assertThat(n.registersAt(DAY_END)).isNotEqualTo(m.registersAt(DAY_END));
        }
    }

    @Test
    void generatedMixMatchesTheShares() {
        Fleet fleet = Fleet.generate(99, 10_000, "UJ", COMMISSIONED, FaultProfile.realistic());
        assertThat(fleet.meters()).hasSize(10_000);
        Map<MeterCategory, Integer> byCategory = new EnumMap<>(MeterCategory.class);
        int wholeCurrent = 0;
        int prepaid = 0;
        int quarterHour = 0;
        for (VirtualMeter m : fleet.meters()) {
            MeterSpec s = m.spec();
            byCategory.merge(s.category(), 1, Integer::sum);
            if (s.category().hasRelay()) {
                wholeCurrent++;
                prepaid += s.paymentMode() == PaymentMode.PREPAID ? 1 : 0;
                assertThat(s.multiplier()).isEqualByComparingTo(BigDecimal.ONE);
            } else {
                assertThat(s.paymentMode()).isEqualTo(PaymentMode.POSTPAID);
                assertThat(s.consumerClass()).isEqualTo(ConsumerClass.INDUSTRIAL);
                assertThat(s.multiplier().intValueExact()).isIn(20, 40, 100, 200);
            }
            if (s.category() == MeterCategory.SINGLE_PHASE_WC) {
                assertThat(s.consumerClass()).isEqualTo(ConsumerClass.RESIDENTIAL);
            }
            quarterHour += s.intervalMinutes() == 15 ? 1 : 0;
            assertThat(s.sanctionedLoadKw()).isPositive();
            assertThat(s.commissionedAt()).isEqualTo(COMMISSIONED);
        }
        assertThat(byCategory.get(MeterCategory.SINGLE_PHASE_WC)).isBetween(8_300, 8_700);
        assertThat(byCategory.get(MeterCategory.THREE_PHASE_WC)).isBetween(850, 1_150);
        assertThat(byCategory.get(MeterCategory.LT_CT)).isBetween(320, 480);
        assertThat(byCategory.get(MeterCategory.HT_CT)).isBetween(60, 140);
        assertThat((double) prepaid / wholeCurrent).isBetween(0.67, 0.73);
        assertThat(quarterHour).isBetween(7_800, 8_200);
        assertThat(fleet.meter("UJ0000001").spec().serialNo()).isEqualTo("UJ0000001");
        assertThat(fleet.meter("UJ0010000")).isNotNull();
    }

    @Test
    void faultGroupsFollowTheShares() {
        FaultProfile faults = new FaultProfile(0.1, 0.1, 0.1, 0.1, 0.1, 0, 0, 0);
        Fleet fleet = Fleet.generate(5, 4_000, "F", COMMISSIONED, faults);
        int silent = 0;
        int duplicates = 0;
        int missing = 0;
        int drifting = 0;
        int late = 0;
        for (VirtualMeter m : fleet.meters()) {
            silent += m.silent() ? 1 : 0;
            duplicates += m.sendsDuplicates() ? 1 : 0;
            missing += m.firstReadBlockLoad(DAY_START, DAY_END).size() < m.blockLoadProfile(DAY_START, DAY_END).size()
                    ? 1 : 0;
            drifting += m.clockOffset(DAY_END).isZero() ? 0 : 1;
            late += m.answersLate(MONDAY) ? 1 : 0;
        }
        for (int count : new int[] {silent, duplicates, drifting, late}) {
            assertThat(count).isBetween(320, 480);
        }
        // About 3 % of a miss-group meter's 48–96 intervals are dropped, so most but not all show a gap on a day.
        assertThat(missing).isBetween(280, 450);
        assertThat(FaultProfile.inGroup(5, "F0000001", "silent", 0.1))
                .isEqualTo(fleet.meter("F0000001").silent());
    }

    @Test
    void noFaultsMeansAWellBehavedFleet() {
        Fleet fleet = Fleet.generate(5, 1_000, "N", COMMISSIONED, FaultProfile.none());
        for (VirtualMeter m : fleet.meters()) {
            assertThat(m.silent()).isFalse();
            assertThat(m.sendsDuplicates()).isFalse();
            assertThat(m.answersLate(MONDAY)).isFalse();
            assertThat(m.clockOffset(DAY_END)).isZero();
            assertThat(m.firstReadBlockLoad(DAY_START, DAY_END)).isEqualTo(m.blockLoadProfile(DAY_START, DAY_END));
            assertThat(m.events(DAY_START, DAY_END)).allMatch(e -> e.group() == EventGroup.VOLTAGE);
        }
    }

    @Test
    void lookupByUnknownSerialFails() {
        Fleet fleet = new Fleet(1, TestMeters.mixed(), FaultProfile.none());
        assertThatThrownBy(() -> fleet.meter("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThat(fleet.find("nope")).isEmpty();
        assertThat(fleet.find("R15")).containsSame(fleet.meter("R15"));
        assertThat(fleet.seed()).isEqualTo(1);
        assertThat(fleet.faults()).isEqualTo(FaultProfile.none());
        assertThat(fleet.meters()).extracting(m -> m.spec().serialNo())
                .containsExactly("R15", "R30", "C15", "LT1", "HT1");
    }

    @Test
    void duplicateSerialsAreRejected() {
        MeterSpec spec = TestMeters.residential("X", 15);
        assertThatThrownBy(() -> new Fleet(1, List.of(spec, spec), FaultProfile.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X");
    }

    @Test
    void specAndProfileValidateTheirInput() {
        assertThatThrownBy(() -> TestMeters.residential("X", 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultProfile(0, 0, 0, 0, 0, 1.5, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outageShare");
        assertThat(Set.of(FaultProfile.realistic().missIntervalShare(), FaultProfile.realistic().silentShare()))
                .containsExactlyInAnyOrder(0.02, 0.005);
    }
}

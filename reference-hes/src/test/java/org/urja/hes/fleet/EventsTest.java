package org.urja.hes.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.urja.hes.fleet.TestMeters.COMMISSIONED;
import static org.urja.hes.fleet.TestMeters.MONDAY;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void outageIntervalsCarryPowerFailAndNoEnergyWithLastGaspAndFirstBreath() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("O1", 15), TestMeters.outagesEveryDay());
        for (int d = 0; d < 20; d++) {
            LocalDate day = MONDAY.plusDays(d);
            Instant from = Ist.startOf(day);
            Instant to = Ist.startOf(day.plusDays(1));
            List<MeterEvent> power = m.events(from, to).stream()
                    .filter(e -> e.group() == EventGroup.POWER_FAILURE).toList();
            assertThat(power).extracting(MeterEvent::code).containsExactly(101, 102);
            assertThat(power).allSatisfy(e -> assertThat(e.highPriority()).isTrue());
            Instant down = power.get(0).occurredAt();
            Instant up = power.get(1).occurredAt();
            long minutes = Duration.between(down, up).toMinutes();
            assertThat(minutes).isBetween(30L, 360L);
            for (IntervalRecord r : m.blockLoadProfile(from, to)) {
                boolean overlaps = r.start().isBefore(up) && r.end().isAfter(down);
                boolean inside = !r.start().isBefore(down) && !r.end().isAfter(up);
                assertThat(r.has(IntervalFlag.POWER_FAIL)).isEqualTo(overlaps);
                if (inside) {
                    assertThat(r.kWhImport()).isZero();
                    assertThat(r.kVAhImport()).isZero();
                    assertThat(r.avgVoltage()).isZero();
                    assertThat(r.avgCurrent()).isZero();
                }
            }
            Instant during = down.plusSeconds(60);
            InstantaneousProfile p = m.instantaneous(during);
            assertThat(p.voltageR()).isZero();
            assertThat(p.activePowerKw()).isZero();
            assertThat(p.frequencyHz()).isZero();
            assertThat(p.powerOffCount()).isEqualTo(p.powerOnCount() + 1);
        }
        Instant end = Ist.startOf(MONDAY.plusDays(20));
        int days = (int) (MONDAY.plusDays(20).toEpochDay() - Ist.dayOf(COMMISSIONED).toEpochDay());
        assertThat(m.powerOffCount(end)).isBetween(days - 1, days + 1);
        assertThat(m.powerOnCount(end)).isEqualTo(m.powerOffCount(end));
    }

    @Test
    void tamperProneMetersLogHighPriorityTamperAndFlagIntervals() {
        FaultProfile tamper = new FaultProfile(0, 0, 0, 0, 0, 0, 1, 0);
        VirtualMeter m = TestMeters.single(TestMeters.residential("T1", 15), tamper);
        Instant from = Ist.startOf(MONDAY);
        Instant to = Ist.startOf(MONDAY.plusDays(60));
        List<MeterEvent> tampers = m.events(from, to).stream()
                .filter(e -> e.group() == EventGroup.OTHER || e.group() == EventGroup.NON_ROLLOVER).toList();
        assertThat(tampers).isNotEmpty().allSatisfy(e -> {
            assertThat(e.highPriority()).isTrue();
            assertThat(e.code()).isIn(201, 202, 203, 204, 205, 206, 251);
            assertThat(e.description()).isEqualTo(MeterEvent.describe(e.code()));
        });
        long occurrences = tampers.stream().filter(e -> e.code() % 2 == 1 && e.code() != 251).count();
        long restorations = tampers.stream().filter(e -> e.code() % 2 == 0).count();
        assertThat(restorations).isEqualTo(occurrences);
        assertThat(m.blockLoadProfile(from, to)).anyMatch(r -> r.has(IntervalFlag.TAMPER));

        Instant after = tampers.get(tampers.size() - 1).occurredAt().plusSeconds(1);
        assertThat(m.instantaneous(after).tamperLatched()).isTrue();
        assertThat(m.resetTamper(after).success()).isTrue();
        assertThat(m.instantaneous(after.plusSeconds(1)).tamperLatched()).isFalse();
        assertThat(m.instantaneous(after.minusSeconds(2)).tamperLatched()).isTrue();
    }

    @Test
    void meterWithoutFaultsHasNoTamperOrPowerEvents() {
        VirtualMeter m = TestMeters.single(TestMeters.commercial("Q1"), FaultProfile.none());
        List<MeterEvent> events = m.events(COMMISSIONED, Ist.startOf(MONDAY));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.group()).isEqualTo(EventGroup.VOLTAGE);
            assertThat(e.highPriority()).isFalse();
        });
        assertThat(m.instantaneous(Ist.startOf(MONDAY)).tamperLatched()).isFalse();
    }

    @Test
    void voltageExcursionsComeInPairsAndShowInTheIntervals() {
        Fleet fleet = Fleet.generate(4, 100, "V", COMMISSIONED, FaultProfile.none());
        Instant from = Ist.startOf(MONDAY);
        Instant to = Ist.startOf(MONDAY.plusDays(30));
        int episodes = 0;
        for (VirtualMeter m : fleet.meters()) {
            List<MeterEvent> events = m.events(from, to);
            for (int i = 0; i < events.size(); i += 2) {
                MeterEvent start = events.get(i);
                MeterEvent end = events.get(i + 1);
                assertThat(start.code()).isIn(7, 9);
                assertThat(end.code()).isEqualTo(start.code() + 1);
                assertThat(end.occurredAt()).isAfter(start.occurredAt());
                InstantaneousProfile p = m.instantaneous(start.occurredAt());
                if (start.code() == 7) {
                    assertThat(p.voltageR()).isGreaterThan(new BigDecimal("253"));
                } else {
                    assertThat(p.voltageR()).isLessThan(new BigDecimal("200"));
                }
                episodes++;
            }
        }
        // 3,000 meter-days at 3 % a day.
        assertThat(episodes).isBetween(50, 140);
    }

    @Test
    void eventsAreSortedAndFilteredToTheHalfOpenRange() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("O2", 15), TestMeters.outagesEveryDay());
        List<MeterEvent> day = m.events(Ist.startOf(MONDAY), Ist.startOf(MONDAY.plusDays(5)));
        assertThat(day).isSortedAccordingTo(Comparator.comparing(MeterEvent::occurredAt));
        MeterEvent first = day.get(0);
        assertThat(m.events(first.occurredAt(), first.occurredAt())).isEmpty();
        assertThat(m.events(first.occurredAt(), first.occurredAt().plusNanos(1))).containsExactly(first);
        assertThat(m.events(first.occurredAt().plusNanos(1), Ist.startOf(MONDAY.plusDays(5)))).doesNotContain(first);
    }

    @Test
    void codesAreDescribedGroupedAndPrioritised() {
        assertThat(MeterEvent.describe(101)).contains("last gasp");
        assertThat(MeterEvent.describe(102)).contains("first breath");
        assertThat(MeterEvent.describe(201)).isEqualTo("Magnet influence - occurrence");
        assertThat(MeterEvent.describe(202)).isEqualTo("Magnet influence - restoration");
        assertThat(MeterEvent.describe(251)).isEqualTo("Meter cover opened");
        assertThat(MeterEvent.describe(999)).isEqualTo("Unknown event 999");
        for (int code : new int[] {1, 12, 51, 70, 151, 152, 153, 154, 155, 157, 158, 159, 160, 166, 167, 207, 210,
            211, 212, 215, 216, 301, 302}) {
            assertThat(MeterEvent.describe(code)).doesNotStartWith("Unknown");
        }
        assertThat(EventGroup.ofCode(9)).isEqualTo(EventGroup.VOLTAGE);
        assertThat(EventGroup.ofCode(67)).isEqualTo(EventGroup.CURRENT);
        assertThat(EventGroup.ofCode(101)).isEqualTo(EventGroup.POWER_FAILURE);
        assertThat(EventGroup.ofCode(151)).isEqualTo(EventGroup.TRANSACTION);
        assertThat(EventGroup.ofCode(205)).isEqualTo(EventGroup.OTHER);
        assertThat(EventGroup.ofCode(251)).isEqualTo(EventGroup.NON_ROLLOVER);
        assertThat(EventGroup.ofCode(302)).isEqualTo(EventGroup.CONTROL);
        assertThat(EventGroup.CONTROL.obis()).isEqualTo("0.0.99.98.6.255");
        assertThatThrownBy(() -> EventGroup.ofCode(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MeterEvent.of("S", Instant.EPOCH, 251).highPriority()).isTrue();
        assertThat(MeterEvent.of("S", Instant.EPOCH, 7).highPriority()).isFalse();
        assertThat(MeterEvent.of("S", Instant.EPOCH, 211).highPriority()).isFalse();
        assertThat(MeterEvent.of("S", Instant.EPOCH, 301).group()).isEqualTo(EventGroup.CONTROL);
    }

    @Test
    void todZonesCoverTheDayOnce() {
        for (int hour = 0; hour < 24; hour++) {
            int h = hour;
            assertThat(Arrays.stream(TodZone.values()).filter(z -> z.contains(h))).hasSize(1);
        }
        assertThat(TodZone.of(12)).isEqualTo(TodZone.SOLAR);
        assertThat(TodZone.of(19)).isEqualTo(TodZone.PEAK);
        assertThat(TodZone.of(6)).isEqualTo(TodZone.NORMAL);
        assertThat(TodZone.of(2)).isEqualTo(TodZone.OFF_PEAK);
        assertThat(TodZone.OFF_PEAK.register()).isEqualTo("TZ4");
    }
}

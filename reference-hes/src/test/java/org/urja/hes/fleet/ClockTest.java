package org.urja.hes.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.urja.hes.fleet.TestMeters.COMMISSIONED;
import static org.urja.hes.fleet.TestMeters.MONDAY;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClockTest {

    private static final FaultProfile DRIFT = new FaultProfile(0, 0, 0, 0, 1, 0, 0, 0);

    @Test
    void driftingMetersRunFastUntilSynchronised() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("K1", 15), DRIFT);
        Instant tenDays = COMMISSIONED.plus(Duration.ofDays(10));
        assertThat(m.clockOffset(COMMISSIONED)).isZero();
        assertThat(m.clockOffset(tenDays).getSeconds()).isBetween(20L, 80L);
        assertThat(m.meterTime(tenDays)).isEqualTo(tenDays.plus(m.clockOffset(tenDays)));
        assertThat(m.instantaneous(tenDays).meterTime()).isEqualTo(m.meterTime(tenDays));

        Duration justBefore = m.clockOffset(tenDays.minusSeconds(1));
        assertThat(m.syncClock(tenDays).success()).isTrue();
        assertThat(m.clockOffset(tenDays)).isZero();
        assertThat(m.clockOffset(tenDays.plus(Duration.ofDays(1))).getSeconds()).isBetween(2L, 8L);
        assertThat(m.clockOffset(tenDays.minusSeconds(1))).isEqualTo(justBefore);
    }

    @Test
    void aFaultyRtcGainsTwentyTimesWhatADriftingClockDoes() {
        VirtualMeter drifting = TestMeters.single(TestMeters.residential("K4", 15), DRIFT);
        VirtualMeter faulty = TestMeters.single(TestMeters.residential("K4", 15), FaultProfile.none().withFaultyRtcShare(1));
        assertThat(faulty.clockDriftSecondsPerDay()).isEqualTo(20 * drifting.clockDriftSecondsPerDay()).isBetween(40.0, 160.0);
        Instant day = COMMISSIONED.plus(Duration.ofDays(1));
        assertThat(faulty.clockOffset(day).toMillis()).isEqualTo(Math.round(faulty.clockDriftSecondsPerDay() * 1000));
        faulty.syncClock(day);
        assertThat(faulty.clockOffset(day.plus(Duration.ofDays(1)))).isEqualTo(faulty.clockOffset(day.minusNanos(1)));
    }

    @Test
    void aDcuClockDriftsFromItsInstallationUntilItIsSet() {
        VirtualDcu dcu = new VirtualDcu(7L, "DCU-7", COMMISSIONED);
        double rate = dcu.clockDriftSecondsPerDay();
        assertThat(rate).isBetween(-3.0, 3.0).isNotZero();
        assertThat(new VirtualDcu(7L, "DCU-7", COMMISSIONED).clockDriftSecondsPerDay()).isEqualTo(rate);
        Instant tenDays = COMMISSIONED.plus(Duration.ofDays(10));
        Duration before = dcu.clockOffset(tenDays);
        assertThat(before.toMillis()).isEqualTo(Math.round(10_000 * rate));
        assertThat(dcu.syncClock(tenDays)).isEqualTo(before);
        assertThat(dcu.clockOffset(tenDays)).isZero();
        assertThat(dcu.clockOffset(tenDays.plus(Duration.ofDays(1))).toMillis()).isEqualTo(Math.round(1000 * rate));
        assertThat(dcu.syncCount()).isEqualTo(1);
    }

    @Test
    void meterWithoutDriftKeepsTime() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("K2", 15), FaultProfile.none());
        Instant t = COMMISSIONED.plus(Duration.ofDays(300));
        assertThat(m.clockOffset(t)).isZero();
        assertThat(m.meterTime(t)).isEqualTo(t);
    }

    @Test
    void farDriftedIntervalsAreSuspectAndTheSyncIntervalIsClockAdjusted() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("K3", 15), DRIFT);
        Instant from = Ist.startOf(MONDAY.plusDays(60));
        Instant to = from.plus(Duration.ofDays(1));
        assertThat(m.clockOffset(from).getSeconds()).isGreaterThanOrEqualTo(VirtualMeter.SUSPECT_CLOCK_OFFSET_SECONDS);
        assertThat(m.blockLoadProfile(from, to)).allMatch(r -> r.has(IntervalFlag.SUSPECT));

        Instant sync = from.plus(Duration.ofHours(6)).plusSeconds(100);
        m.syncClock(sync);
        List<IntervalRecord> day = m.blockLoadProfile(from, to);
        for (IntervalRecord r : day) {
            boolean containsSync = !r.start().isAfter(sync) && r.end().isAfter(sync);
            assertThat(r.has(IntervalFlag.CLOCK_ADJUSTED)).isEqualTo(containsSync);
            assertThat(r.has(IntervalFlag.SUSPECT)).isEqualTo(r.start().isBefore(sync));
        }
        BigDecimal energy = day.stream().map(IntervalRecord::kWhImport).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(energy).isPositive();
    }

    @Test
    void manualClockMovesOnlyWhenAdvanced() {
        Instant start = Instant.parse("2025-03-10T00:00:00Z");
        SimClock clock = SimClock.manual(start);
        assertThat(clock.instant()).isEqualTo(start);
        assertThat(clock.instant()).isEqualTo(start);
        clock.advance(Duration.ofMinutes(15));
        assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(15)));
        assertThat(clock.millis()).isEqualTo(start.plus(Duration.ofMinutes(15)).toEpochMilli());
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.speed()).isZero();
    }

    @Test
    void fastClockRunsAtItsSpeed() throws InterruptedException {
        Instant start = Instant.parse("2025-03-10T00:00:00Z");
        SimClock clock = new SimClock(start, 3600);
        Thread.sleep(20);
        Instant first = clock.instant();
        // At least 20 ms of real time have passed: at least 72 simulated seconds.
        assertThat(first).isAfterOrEqualTo(start.plusSeconds(72));
        clock.advance(Duration.ofDays(1));
        assertThat(clock.instant()).isAfter(first.plus(Duration.ofDays(1)));
        assertThatThrownBy(() -> new SimClock(start, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.withZone(ZoneOffset.UTC).instant()).isAfter(start);
    }
}

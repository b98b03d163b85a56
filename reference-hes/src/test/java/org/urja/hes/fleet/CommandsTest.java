package org.urja.hes.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.urja.hes.fleet.TestMeters.MONDAY;
import static org.urja.hes.fleet.TestMeters.ist;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandsTest {

    private static final FaultProfile ALWAYS_FAILS = new FaultProfile(0, 0, 0, 0, 0, 0, 0, 1);
    private static final FaultProfile SILENT = new FaultProfile(0, 0, 1, 0, 0, 0, 0, 0);

    @Test
    void ctMetersHaveNoRelay() {
        for (MeterCategory category : List.of(MeterCategory.LT_CT, MeterCategory.HT_CT)) {
            VirtualMeter m = TestMeters.single(TestMeters.industrial("CT", category, 40), FaultProfile.none());
            assertThat(category.hasRelay()).isFalse();
            assertThat(m.disconnect(ist(MONDAY, 10, 0))).isEqualTo(CommandResult.failed("no relay"));
            assertThat(m.connect(ist(MONDAY, 11, 0))).isEqualTo(CommandResult.failed("no relay"));
            assertThat(m.relayConnected()).isTrue();
            assertThat(m.events(Ist.startOf(MONDAY), Ist.startOf(MONDAY.plusDays(1))))
                    .noneMatch(e -> e.group() == EventGroup.CONTROL);
        }
        assertThat(MeterCategory.SINGLE_PHASE_WC.hasRelay()).isTrue();
        assertThat(MeterCategory.THREE_PHASE_WC.hasRelay()).isTrue();
    }

    @Test
    void disconnectStopsConsumptionAndConnectRestoresItWithControlEvents() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("D1", 15), FaultProfile.none());
        Instant dayStart = Ist.startOf(MONDAY);
        Instant dayEnd = Ist.startOf(MONDAY.plusDays(1));
        Instant later = Ist.startOf(MONDAY.plusDays(5));
        CumulativeRegisters before = m.registersAt(later);

        Instant off = ist(MONDAY, 9, 7);
        Instant on = ist(MONDAY, 14, 0);
        assertThat(m.disconnect(off)).isEqualTo(CommandResult.ok());
        assertThat(m.relayConnected()).isFalse();
        assertThat(m.disconnect(off.plusSeconds(60)).success()).isTrue();
        assertThat(m.connect(on).success()).isTrue();
        assertThat(m.relayConnected()).isTrue();

        List<MeterEvent> control = m.events(dayStart, dayEnd).stream()
                .filter(e -> e.group() == EventGroup.CONTROL).toList();
        assertThat(control).extracting(MeterEvent::code).containsExactly(301, 302);
        assertThat(control).extracting(MeterEvent::occurredAt).containsExactly(off, on);

        for (IntervalRecord r : m.blockLoadProfile(dayStart, dayEnd)) {
            if (!r.start().isBefore(ist(MONDAY, 9, 15)) && !r.end().isAfter(on)) {
                assertThat(r.kWhImport()).isZero();
                assertThat(r.avgVoltage()).isPositive();
            } else if (r.start().equals(ist(MONDAY, 9, 0))) {
                assertThat(r.kWhImport()).isPositive();
            }
        }
        assertThat(m.instantaneous(ist(MONDAY, 12, 0)).relayConnected()).isFalse();
        assertThat(m.instantaneous(ist(MONDAY, 12, 0)).activePowerKw()).isZero();
        // The cached registers after the change were recomputed, and the sum check still holds.
        CumulativeRegisters after = m.registersAt(later);
        assertThat(after.kWhImport()).isLessThan(before.kWhImport());
        BigDecimal dayKWh = m.blockLoadProfile(dayStart, dayEnd).stream()
                .map(IntervalRecord::kWhImport).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(m.registersAt(dayEnd).kWhImport().subtract(m.registersAt(dayStart).kWhImport())).isEqualTo(dayKWh);
    }

    @Test
    void aFailedCommandChangesNothing() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("F1", 15), ALWAYS_FAILS);
        assertFailsWithoutChange(m);
        VirtualMeter silent = TestMeters.single(TestMeters.residential("F2", 15), SILENT);
        assertThat(silent.silent()).isTrue();
        assertFailsWithoutChange(silent);
    }

    private static void assertFailsWithoutChange(VirtualMeter m) {
        Instant at = ist(MONDAY, 10, 0);
        Instant dayStart = Ist.startOf(MONDAY);
        Instant dayEnd = Ist.startOf(MONDAY.plusDays(1));
        List<IntervalRecord> load = m.blockLoadProfile(dayStart, dayEnd);
        CommandResult noAnswer = CommandResult.failed("meter did not respond");
        assertThat(m.disconnect(at)).isEqualTo(noAnswer);
        assertThat(m.setPaymentMode(PaymentMode.POSTPAID, at)).isEqualTo(noAnswer);
        assertThat(m.setLoadLimitKw(1.5, at)).isEqualTo(noAnswer);
        assertThat(m.setDemandIntegrationPeriod(30, at)).isEqualTo(noAnswer);
        assertThat(m.setProfileCapturePeriod(30, at)).isEqualTo(noAnswer);
        assertThat(m.resetMaxDemand(at)).isEqualTo(noAnswer);
        assertThat(m.resetTamper(at)).isEqualTo(noAnswer);
        assertThat(m.upgradeFirmware("9.9.9", at)).isEqualTo(noAnswer);
        assertThat(m.syncClock(at)).isEqualTo(noAnswer);
        assertThat(m.updateCredit(new BigDecimal("42"), at)).isEqualTo(noAnswer);
        assertThat(m.ping(at)).isEqualTo(noAnswer);
        assertThat(m.relayConnected()).isTrue();
        assertThat(m.paymentMode()).isEqualTo(PaymentMode.PREPAID);
        assertThat(m.loadLimitKw()).isEqualTo(3.0);
        assertThat(m.demandIntegrationPeriod()).isEqualTo(15);
        assertThat(m.profileCapturePeriod()).isEqualTo(15);
        assertThat(m.firmwareVersion()).isNotEqualTo("9.9.9");
        assertThat(m.credit()).isNotEqualByComparingTo("42");
        assertThat(m.blockLoadProfile(dayStart, dayEnd)).isEqualTo(load);
        assertThat(m.events(dayStart, dayEnd)).noneMatch(e -> e.group() == EventGroup.TRANSACTION
                || e.group() == EventGroup.CONTROL);
    }

    @Test
    void commandFailuresAreDeterministicAndAtTheConfiguredRate() {
        FaultProfile faults = new FaultProfile(0, 0, 0, 0, 0, 0, 0, 0.2);
        VirtualMeter a = TestMeters.single(TestMeters.residential("P1", 15), faults);
        VirtualMeter b = TestMeters.single(TestMeters.residential("P1", 15), faults);
        int failures = 0;
        for (int i = 0; i < 1000; i++) {
            Instant at = ist(MONDAY, 0, 0).plusSeconds(i * 37L);
            CommandResult r = a.ping(at);
            assertThat(b.ping(at)).isEqualTo(r);
            failures += r.success() ? 0 : 1;
        }
        assertThat(failures).isBetween(150, 250);
    }

    @Test
    void settingsCommandsLogTransactionEvents() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("S1", 15), FaultProfile.none());
        Instant t = ist(MONDAY, 10, 0);
        assertThat(m.setLoadLimitKw(2.5, t.plusSeconds(1)).success()).isTrue();
        assertThat(m.setDemandIntegrationPeriod(30, t.plusSeconds(2)).success()).isTrue();
        assertThat(m.resetMaxDemand(t.plusSeconds(3)).success()).isTrue();
        assertThat(m.upgradeFirmware("2.0.1", t.plusSeconds(4)).success()).isTrue();
        assertThat(m.syncClock(t.plusSeconds(5)).success()).isTrue();
        assertThat(m.setPaymentMode(PaymentMode.POSTPAID, t.plusSeconds(6)).success()).isTrue();
        assertThat(m.setPaymentMode(PaymentMode.POSTPAID, t.plusSeconds(7)).success()).isTrue();
        assertThat(m.setPaymentMode(PaymentMode.PREPAID, t.plusSeconds(8)).success()).isTrue();
        assertThat(m.events(t, t.plusSeconds(60))).extracting(MeterEvent::code)
                .containsExactly(158, 152, 166, 157, 151, 212, 211);
        assertThat(m.events(t, t.plusSeconds(60)).get(3).description()).isEqualTo("Firmware activated: 2.0.1");
        assertThat(m.loadLimitKw()).isEqualTo(2.5);
        assertThat(m.demandIntegrationPeriod()).isEqualTo(30);
        assertThat(m.firmwareVersion()).isEqualTo("2.0.1");
        assertThat(m.paymentMode()).isEqualTo(PaymentMode.PREPAID);
        assertThat(m.instantaneous(t.plusSeconds(60)).firmwareVersion()).isEqualTo("2.0.1");
        assertThat(m.instantaneous(t.plusSeconds(60)).loadLimitKw()).isEqualTo(2.5);
    }

    @Test
    void invalidArgumentsAreRejected() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("I1", 15), FaultProfile.none());
        Instant t = ist(MONDAY, 10, 0);
        assertThatThrownBy(() -> m.setDemandIntegrationPeriod(20, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setProfileCapturePeriod(60, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setLoadLimitKw(0, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.upgradeFirmware(" ", t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.connect(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void creditIsHeldOnlyByPrepaidMeters() {
        VirtualMeter prepaid = TestMeters.single(TestMeters.residential("C1", 15), FaultProfile.none());
        Instant t = ist(MONDAY, 10, 0);
        assertThat(prepaid.credit().scale()).isEqualTo(2);
        assertThat(prepaid.credit()).isPositive();
        assertThat(prepaid.updateCredit(new BigDecimal("-123.456"), t).success()).isTrue();
        assertThat(prepaid.credit()).isEqualTo(new BigDecimal("-123.46"));
        assertThat(prepaid.instantaneous(t).credit()).isEqualTo(new BigDecimal("-123.46"));

        VirtualMeter postpaid = TestMeters.single(TestMeters.commercial("C2"), FaultProfile.none());
        assertThat(postpaid.updateCredit(BigDecimal.TEN, t).success()).isFalse();
        assertThat(postpaid.credit()).isZero();
        assertThat(postpaid.instantaneous(t).credit()).isNull();
    }

    @Test
    void captureperiodChangeAppliesFromTheNextHalfHourWithoutGaps() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("K1", 15), FaultProfile.none());
        Instant dayStart = Ist.startOf(MONDAY);
        Instant dayEnd = Ist.startOf(MONDAY.plusDays(1));
        m.registersAt(Ist.startOf(MONDAY.plusDays(3)));
        assertThat(m.setProfileCapturePeriod(30, ist(MONDAY, 10, 7)).success()).isTrue();
        assertThat(m.profileCapturePeriod()).isEqualTo(30);
        List<IntervalRecord> day = m.blockLoadProfile(dayStart, dayEnd);
        assertThat(day).hasSize(42 + 27);
        for (int i = 1; i < day.size(); i++) {
            assertThat(day.get(i).start()).isEqualTo(day.get(i - 1).end());
            long minutes = Duration.between(day.get(i).start(), day.get(i).end()).toMinutes();
            assertThat(minutes).isEqualTo(day.get(i).start().isBefore(ist(MONDAY, 10, 30)) ? 15 : 30);
        }
        assertThat(m.blockLoadProfile(dayEnd, Ist.startOf(MONDAY.plusDays(2)))).hasSize(48);
        BigDecimal sum = day.stream().map(IntervalRecord::kWhImport).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(m.registersAt(dayEnd).kWhImport().subtract(m.registersAt(dayStart).kWhImport())).isEqualTo(sum);
        assertThat(m.events(dayStart, dayEnd)).extracting(MeterEvent::code).contains(153);
    }

    @Test
    void maxDemandCountsFromTheResetAndOverTheIntegrationPeriod() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("M1", 15), FaultProfile.none());
        YearMonth month = YearMonth.of(2025, 3);
        Instant monthStart = Ist.startOf(month.atDay(1));
        Instant billing = Ist.startOf(month.plusMonths(1).atDay(1));
        BillingProfile before = m.billingProfile(month);

        Instant reset = before.maxDemandKwAt().plus(Duration.ofMinutes(15));
        assertThat(m.resetMaxDemand(reset).success()).isTrue();
        BillingProfile afterReset = m.billingProfile(month);
        IntervalRecord peakAfter = m.blockLoadProfile(reset, billing).stream()
                .max((x, y) -> x.kWDemand().compareTo(y.kWDemand())).orElseThrow();
        assertThat(afterReset.maxDemandKw()).isEqualTo(peakAfter.kWDemand());
        assertThat(afterReset.maxDemandKwAt()).isAfterOrEqualTo(reset);
        assertThat(afterReset.maxDemandKw()).isLessThanOrEqualTo(before.maxDemandKw());
        assertThat(afterReset.todKWh()).isEqualTo(before.todKWh());

        VirtualMeter n = TestMeters.single(TestMeters.residential("M1", 15), FaultProfile.none());
        assertThat(n.setDemandIntegrationPeriod(30, monthStart.minus(Duration.ofDays(1))).success()).isTrue();
        BillingProfile halfHourly = n.billingProfile(month);
        assertThat(halfHourly.maxDemandKw()).isLessThanOrEqualTo(before.maxDemandKw());
        assertThat(halfHourly.maxDemandKwAt().getEpochSecond() % 1800).isZero();
        List<IntervalRecord> intervals = n.blockLoadProfile(halfHourly.maxDemandKwAt(),
                halfHourly.maxDemandKwAt().plus(Duration.ofMinutes(30)));
        BigDecimal windowKWh = intervals.get(0).kWhImport().add(intervals.get(1).kWhImport());
        assertThat(halfHourly.maxDemandKw()).isEqualTo(windowKWh.multiply(BigDecimal.valueOf(2))
                .setScale(2, RoundingMode.HALF_UP));
    }
    @Test
    void eventStatusWordLatchesAlarmsUntilReset() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("ESW", 15), TestMeters.outagesEveryDay());
        Instant evening = ist(MONDAY, 23, 0);
        assertThat(m.eventStatusWord(evening).testBit(85)).as("last gasp latched").isTrue();
        assertThat(m.resetEventStatusWord(evening)).isEqualTo(CommandResult.ok());
        assertThat(m.eventStatusWord(evening)).isZero();
        assertThat(m.eventStatusWord(ist(MONDAY.plusDays(2), 23, 0)).testBit(85)).as("a later outage").isTrue();
    }

    @Test
    void aMeterIgnoringConfigurationWritesAcknowledgesButKeepsItsValues() {
        VirtualMeter m = TestMeters.single(TestMeters.residential("CFG", 15), FaultProfile.none());
        Instant at = ist(MONDAY, 10, 0);
        m.ignoreConfigurationWrites(true);
        assertThat(m.setLoadLimitKw(7.5, at).success()).isTrue();
        assertThat(m.setDemandIntegrationPeriod(30, at).success()).isTrue();
        assertThat(m.setProfileCapturePeriod(30, at).success()).isTrue();
        InstantaneousProfile p = m.instantaneous(at.plusSeconds(3600));
        assertThat(p.loadLimitKw()).isEqualTo(3.0);
        assertThat(p.demandIntegrationMinutes()).isEqualTo(15);
        assertThat(p.profileCaptureMinutes()).isEqualTo(15);
        m.ignoreConfigurationWrites(false);
        m.setLoadLimitKw(7.5, at.plusSeconds(60));
        m.setDemandIntegrationPeriod(30, at.plusSeconds(60));
        assertThat(m.instantaneous(at.plusSeconds(120)).loadLimitKw()).isEqualTo(7.5);
        assertThat(m.instantaneous(at.plusSeconds(120)).demandIntegrationMinutes()).as("as programmed").isEqualTo(30);
    }
}

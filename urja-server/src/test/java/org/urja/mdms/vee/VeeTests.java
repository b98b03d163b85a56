package org.urja.mdms.vee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.urja.mdms.reading.IntervalFlags.ESTIMATED;
import static org.urja.mdms.reading.IntervalFlags.FAILED_VALIDATION;
import static org.urja.mdms.reading.IntervalFlags.POWER_FAIL;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;
import static org.urja.mdms.vee.VeeFixtures.DAY;
import static org.urja.mdms.vee.VeeFixtures.GAP;
import static org.urja.mdms.vee.VeeFixtures.dayDelta;
import static org.urja.mdms.vee.VeeFixtures.flat;
import static org.urja.mdms.vee.VeeFixtures.kwh;
import static org.urja.mdms.vee.VeeFixtures.meter;
import static org.urja.mdms.vee.VeeFixtures.series;
import static org.urja.mdms.vee.VeeFixtures.set;
import static org.urja.mdms.vee.VeeFixtures.slots;
import static org.urja.mdms.vee.VeeFixtures.sum;
import static org.urja.mdms.vee.VeeFixtures.wc;
import static org.urja.mdms.vee.VeeFixtures.withOutages;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.rules.MissingIntervals;
import org.urja.mdms.vee.rules.SpikeCheck;

class VeeTests {

    private final Vee vee = Vee.standard();
    private final VeeProfile profile = VeeProfile.defaults(MeterContext.SINGLE_PHASE_WC);

    /** The four Wednesdays before DAY, every slot {@code value}. */
    private static List<DaySeries> wednesdays(int slots, int value) {
        return IntStream.rangeClosed(1, 4).mapToObj(w -> series(Channel.KWH_IMPORT, DAY.minusWeeks(w), flat(slots, value)))
                .toList();
    }

    private static void assertActualsUnchanged(DaySeries input, VeeResult result) {
        for (int i = 0; i < input.slots(); i++) {
            if (input.present(i)) {
                assertThat(result.estimated().values()[i]).as("slot %d", i).isEqualTo(input.values()[i]);
                assertThat(result.estimated().flags()[i] & ESTIMATED).as("slot %d", i).isZero();
            }
        }
    }

    @Test
    void aCleanDayPassesUnchanged() {
        DaySeries day = kwh(flat(96, 100));
        VeeResult result = vee.run(new DayInput(day, wc(), wednesdays(96, 100), null, dayDelta(9600)), profile);
        assertThat(result.findings()).isEmpty();
        assertThat(result.validated()).isEqualTo(day);
        assertThat(result.estimated()).isEqualTo(day);
        assertThat(result.estimatedSlots()).isZero();
        assertThat(result.remainingGaps()).isZero();
    }

    @Test
    void aShortGapIsInterpolatedAndReportedAsAWarning() {
        DaySeries day = kwh(set(set(flat(96, 100), 40, 43, GAP), 43, 44, 300));
        VeeResult result = vee.run(DayInput.of(day, wc()), profile);
        assertThat(result.findings()).extracting(Finding::rule, Finding::severity)
                .containsExactly(tuple(MissingIntervals.NAME, Severity.WARNING));
        assertThat(result.hasErrors()).isFalse();
        assertThat(Arrays.copyOfRange(result.estimated().values(), 40, 43)).containsExactly(150, 200, 250);
        assertThat(result.estimatedSlots()).isEqualTo(3);
        assertThat(result.remainingGaps()).isZero();
        assertActualsUnchanged(day, result);
    }

    @Test
    void aLongGapComesFromLikeDays() {
        DaySeries day = kwh(set(flat(48, 100), 10, 30, GAP));
        VeeResult result = vee.run(new DayInput(day, wc(), wednesdays(48, 120), null, null), profile);
        assertThat(Arrays.copyOfRange(result.estimated().values(), 10, 30)).containsOnly(120L);
        assertThat(result.estimated().flags()[10]).isEqualTo((short) (PRESENT | ESTIMATED));
        assertThat(result.estimatedSlots()).isEqualTo(20);
        assertActualsUnchanged(day, result);
    }

    @Test
    void anOutageBecomesZerosWithPowerFailNotEstimates() {
        DaySeries day = kwh(set(flat(96, 100), 0, 8, GAP));
        MeterContext meter = withOutages(wc(), slots(DAY, 15, 0, 8));
        VeeResult result = vee.run(new DayInput(day, meter, wednesdays(96, 300), null, dayDelta(8800)), profile);
        assertThat(result.findings()).isEmpty();
        assertThat(Arrays.copyOfRange(result.estimated().values(), 0, 8)).containsOnly(0L);
        assertThat(Arrays.copyOfRange(result.estimated().flags(), 0, 8)).containsOnly((short) (PRESENT | POWER_FAIL));
        assertThat(result.estimatedSlots()).isZero();
        assertThat(result.remainingGaps()).isZero();
    }

    @Test
    void aSpikeIsAnErrorAndFailsItsSlotButKeepsItsValue() {
        DaySeries day = kwh(set(flat(96, 100), 95, 96, 5000));
        VeeResult result = vee.run(DayInput.of(day, wc()), profile);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(SpikeCheck.NAME);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
        });
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.validated().flags()[95]).isEqualTo((short) (PRESENT | FAILED_VALIDATION));
        assertThat(result.validated().flags()[94]).isEqualTo(PRESENT);
        assertThat(result.estimated().values()[95]).isEqualTo(5000);
    }

    @Test
    void estimatesAreScaledToTheRegisterSoTheDayAddsUpExactly() {
        DaySeries day = kwh(set(set(flat(96, 1_000_000), 2, 3, GAP), 50, 70, GAP));
        VeeResult result = vee.run(new DayInput(day, meter(MeterContext.LT_CT, 200), wednesdays(96, 900_000), null,
                dayDelta(96_000_123)), VeeProfile.defaults(MeterContext.LT_CT));
        assertThat(result.findings()).extracting(Finding::severity)
                .containsExactly(Severity.WARNING, Severity.WARNING, Severity.INFO);
        assertThat(sum(result.estimated())).isEqualTo(96_000_123);
        assertThat(result.estimatedSlots()).isEqualTo(21);
        assertActualsUnchanged(day, result);
    }

    @Test
    void anAllGapDayWithoutHistoryStaysAGap() {
        VeeResult result = vee.run(DayInput.of(kwh(flat(48, GAP)), wc()), profile);
        assertThat(result.findings()).extracting(Finding::rule).containsExactly(MissingIntervals.NAME);
        assertThat(result.estimatedSlots()).isZero();
        assertThat(result.remainingGaps()).isEqualTo(48);
    }

    @Test
    void gapsUnderAnErrorFindingAreLeftForTheWorkQueue() {
        DaySeries day = kwh(set(flat(96, 100), 40, 41, GAP));
        VeeProfile strict = profile.with(MissingIntervals.NAME, RuleConfig.of(Severity.ERROR));
        VeeResult result = vee.run(DayInput.of(day, wc()), strict);
        assertThat(result.validated().flags()[40]).isEqualTo(FAILED_VALIDATION);
        assertThat(result.remainingGaps()).isEqualTo(1);
    }

    @Test
    void theProfileChoosesTheRulesAndTheEstimation() {
        DaySeries day = kwh(set(set(flat(96, 100), 95, 96, 5000), 40, 42, GAP));
        VeeProfile lenient = profile.without(SpikeCheck.NAME).with(new EstimationConfig(15, 3, 21));
        VeeResult result = vee.run(DayInput.of(day, wc()), lenient);
        assertThat(result.findings()).extracting(Finding::rule).containsExactly(MissingIntervals.NAME);
        assertThat(result.remainingGaps()).isEqualTo(2);
    }

    @Test
    void ruleNamesMustBeUnique() {
        assertThatThrownBy(() -> new Vee(List.of(new SpikeCheck(), new SpikeCheck())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

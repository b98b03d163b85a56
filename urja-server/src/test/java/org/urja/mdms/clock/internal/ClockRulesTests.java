package org.urja.mdms.clock.internal;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a meter's clock readings become its state (UC10.1), on their own. */
class ClockRulesTests {

    static final ClockRules RULES = new ClockProperties(null, null, null, null, null, null, null, null, null).rules();
    static final Instant T = Instant.parse("2026-04-01T00:00:00Z");

    @Test
    void defaultsAreSixtySecondsAndThreeSettingsInAWeek() {
        assertThat(RULES.beyond(60_000)).isFalse();
        assertThat(RULES.beyond(60_001)).isTrue();
        assertThat(RULES.beyond(-60_001)).as("a clock behind is as wrong as one ahead").isTrue();
        assertThat(RULES.likelyFaultyRtc(2)).isFalse();
        assertThat(RULES.likelyFaultyRtc(3)).isTrue();
    }

    @Test
    void theRateIsTheChangeOfOffsetPerDayBetweenReadingsWithoutASettingBetweenThem() {
        ClockRules.State first = RULES.next(null, null, T, 10_000);
        assertThat(first.driftSecondsPerDay()).isNull();
        assertThat(first.beyond()).isFalse();
        ClockRules.State halfDay = RULES.next(first, null, T.plus(Duration.ofHours(12)), 12_500);
        assertThat(halfDay.driftSecondsPerDay()).isEqualByComparingTo("5.000");
        assertThat(halfDay.rateFrom()).isEqualTo(T);
        // Too soon after the previous reading: the rate stands.
        ClockRules.State soon = RULES.next(halfDay, null, T.plus(Duration.ofHours(12)).plusSeconds(60), 12_600);
        assertThat(soon.driftSecondsPerDay()).isEqualByComparingTo("5.000");
        assertThat(soon.rateFrom()).isEqualTo(T);
        // A setting at or after the previous reading: the offset jumped, the rate stands.
        Instant set = T.plus(Duration.ofDays(1));
        ClockRules.State afterSetting = RULES.next(soon, set, set.plus(Duration.ofHours(2)), 500);
        assertThat(afterSetting.driftSecondsPerDay()).isEqualByComparingTo("5.000");
        ClockRules.State next = RULES.next(afterSetting, set, set.plus(Duration.ofHours(26)), 5_500);
        assertThat(next.driftSecondsPerDay()).isEqualByComparingTo("5.000");
        assertThat(next.rateFrom()).isEqualTo(set.plus(Duration.ofHours(2)));
    }

    @Test
    void beyondToleranceSinceTheFirstReadingOfTheEpisodeAndALateReadingChangesNothing() {
        ClockRules.State beyond = RULES.next(null, null, T, -75_000);
        assertThat(beyond.beyond()).isTrue();
        assertThat(beyond.beyondSince()).isEqualTo(T);
        ClockRules.State still = RULES.next(beyond, null, T.plusSeconds(600), -75_100);
        assertThat(still.beyondSince()).isEqualTo(T);
        assertThat(RULES.next(still, null, T.plusSeconds(300), 0)).as("older than the state").isNull();
        assertThat(RULES.next(still, null, T.plusSeconds(600), 0)).as("same time").isNull();
        ClockRules.State back = RULES.next(still, T.plusSeconds(700), T.plusSeconds(900), 100);
        assertThat(back.beyond()).isFalse();
        assertThat(back.beyondSince()).isNull();
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new ClockProperties(Duration.ZERO, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClockProperties(null, 0, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClockProperties(null, null, Duration.ofDays(30), null, null, null, null, Duration.ofDays(7), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

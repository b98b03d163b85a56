package org.urja.mdms.outage.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule that turns near-simultaneous last gasps into one DT or feeder outage (UC7.2), on its own. */
class UC7OutageGroupingTests {

    static final OutageGrouping RULE = new OutageProperties(null, null, null, null, null, null).rule();
    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void defaultsAreTwoMinutesThreeMetersOrHalfTheDtAndTwoDts() {
        assertThat(RULE.window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(RULE.dtOutage(3, 200)).as("3 meters of a big DT").isTrue();
        assertThat(RULE.dtOutage(2, 200)).isFalse();
        assertThat(RULE.dtOutage(2, 4)).as("half of a DT of 4").isTrue();
        assertThat(RULE.dtOutage(2, 5)).isFalse();
        assertThat(RULE.dtOutage(1, 1)).as("one meter is never a DT outage").isFalse();
        assertThat(RULE.dtOutage(1, 2)).isFalse();
        assertThat(RULE.feederOutage(1)).isFalse();
        assertThat(RULE.feederOutage(2)).isTrue();
    }

    @Test
    void theLargestGroupWithinTheWindowIsTaken() {
        List<Instant> gasps = List.of(T.plusSeconds(600), T, T.plusSeconds(30), T.plusSeconds(100), T.plusSeconds(130),
                T.plusSeconds(125));
        // 0, 30, 100 fit in 2 minutes; so do 30, 100, 125, 130 — the larger group wins.
        assertThat(RULE.largestCluster(gasps, t -> t)).containsExactly(T.plusSeconds(30), T.plusSeconds(100),
                T.plusSeconds(125), T.plusSeconds(130));
        assertThat(RULE.largestCluster(List.of(T, T.plusSeconds(600)), t -> t)).containsExactly(T);
        assertThat(RULE.largestCluster(List.<Instant>of(), t -> t)).isEmpty();
        // Exactly the window apart still counts as near-simultaneous.
        assertThat(RULE.largestCluster(List.of(T, T.plusSeconds(120)), t -> t)).hasSize(2);
    }

    @Test
    void aRuleThatWouldGroupSingleMetersIsRefused() {
        assertThatThrownBy(() -> new OutageGrouping(Duration.ofMinutes(2), 1, 0.5, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutageGrouping(Duration.ofMinutes(2), 3, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutageGrouping(Duration.ofMinutes(2), 3, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}

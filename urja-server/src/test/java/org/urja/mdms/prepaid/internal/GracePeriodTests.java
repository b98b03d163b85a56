package org.urja.mdms.prepaid.internal;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the grace period after an exhaustion ends: a fixed period, the next working-day hour, or the later of both. */
class GracePeriodTests {

    static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    static Instant ist(String t) {
        return LocalDateTime.parse(t).atZone(IST).toInstant();
    }

    @Test
    void aPeriodEndsThatLongAfterTheExhaustion() {
        GracePeriod day = new GracePeriod(Duration.ofHours(24), null, Set.of(DayOfWeek.SUNDAY), IST);
        assertThat(day.endAfter(ist("2026-11-28T21:15"))).isEqualTo(ist("2026-11-29T21:15"));
    }

    @Test
    void noPeriodAndNoHourIsNoGrace() {
        assertThat(new GracePeriod(Duration.ZERO, null, Set.of(), IST).endAfter(ist("2026-11-28T21:15"))).isNull();
    }

    @Test
    void theNextWorkingDayHourSkipsRestDaysAndIsTodayBeforeTheHour() {
        GracePeriod tenAm = new GracePeriod(Duration.ZERO, LocalTime.of(10, 0), Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), IST);
        // Wednesday night: Thursday 10:00.
        assertThat(tenAm.endAfter(ist("2026-11-25T22:00"))).isEqualTo(ist("2026-11-26T10:00"));
        // Wednesday 02:00, before the hour: the same morning.
        assertThat(tenAm.endAfter(ist("2026-11-25T02:00"))).isEqualTo(ist("2026-11-25T10:00"));
        // Exactly at the hour: the next working day.
        assertThat(tenAm.endAfter(ist("2026-11-25T10:00"))).isEqualTo(ist("2026-11-26T10:00"));
        // Friday evening and Saturday morning: Monday 10:00.
        assertThat(tenAm.endAfter(ist("2026-11-27T19:00"))).isEqualTo(ist("2026-11-30T10:00"));
        assertThat(tenAm.endAfter(ist("2026-11-28T08:00"))).isEqualTo(ist("2026-11-30T10:00"));
    }

    @Test
    void withBothTheLaterEndWins() {
        GracePeriod both = new GracePeriod(Duration.ofHours(24), LocalTime.of(10, 0), Set.of(DayOfWeek.SUNDAY), IST);
        // Saturday 21:00 + 24 h is Sunday 21:00; Monday 10:00 is later.
        assertThat(both.endAfter(ist("2026-11-28T21:00"))).isEqualTo(ist("2026-11-30T10:00"));
        // Monday 09:00 + 24 h is Tuesday 09:00, later than Monday 10:00.
        assertThat(both.endAfter(ist("2026-11-30T09:00"))).isEqualTo(ist("2026-12-01T09:00"));
    }

    @Test
    void aWeekWithoutWorkingDaysIsRefused() {
        assertThatThrownBy(() -> new GracePeriod(Duration.ZERO, LocalTime.NOON, Set.of(DayOfWeek.values()), IST))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

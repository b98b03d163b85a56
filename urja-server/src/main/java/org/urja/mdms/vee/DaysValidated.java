package org.urja.mdms.vee;

import java.util.List;

/**
 * Published (after commit) once per VEE batch with the meter-days whose outcome is new or changed — one event for
 * up to a few hundred {@link DailyDataValidated}, so a day of two million meters is thousands of events, not
 * millions, through the event publication registry.
 */
public record DaysValidated(List<DailyDataValidated> days) {

    public DaysValidated {
        days = List.copyOf(days);
    }
}

package org.urja.mdms.vee.estimation;

import static org.urja.mdms.reading.IntervalFlags.CLOCK_ADJUSTED;
import static org.urja.mdms.reading.IntervalFlags.DISCONNECTED;
import static org.urja.mdms.reading.IntervalFlags.FAILED_VALIDATION;
import static org.urja.mdms.reading.IntervalFlags.POWER_FAIL;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;
import static org.urja.mdms.reading.IntervalFlags.SUSPECT;
import static org.urja.mdms.reading.IntervalFlags.TAMPER;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalFlags;

/** Which slots estimators may fill and which they may estimate from. */
final class Slots {

    private static final int DOUBTFUL =
            POWER_FAIL | DISCONNECTED | FAILED_VALIDATION | SUSPECT | TAMPER | CLOCK_ADJUSTED;

    private Slots() {
    }

    /** A gap that no ERROR finding covers. */
    static boolean fillable(short flags) {
        return (flags & (PRESENT | FAILED_VALIDATION)) == 0;
    }

    /** A measured, non-negative value with nothing doubtful about it: fit to estimate from. */
    static boolean reliable(DaySeries day, int slot) {
        short flags = day.flags()[slot];
        return IntervalFlags.actual(flags) && (flags & DOUBTFUL) == 0 && day.values()[slot] >= 0;
    }

    static DaySeries with(DaySeries day, long[] values, short[] flags) {
        return new DaySeries(day.meterSerialNo(), day.channel(), day.day(), day.intervalMinutes(), values, flags);
    }
}

package org.urja.mdms.vee.estimation;

import static org.urja.mdms.reading.IntervalFlags.DISCONNECTED;
import static org.urja.mdms.reading.IntervalFlags.POWER_FAIL;
import static org.urja.mdms.reading.IntervalFlags.PRESENT;

import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.vee.MeterContext;

/**
 * Gaps whose value is known: a slot wholly inside a known outage becomes 0 with POWER_FAIL | PRESENT, and, on an
 * energy channel, a slot wholly inside a disconnection becomes 0 with DISCONNECTED | PRESENT. Not ESTIMATED: no
 * supply (or an open relay) means zero, not a guess. Slots only partly inside are left to the other estimators.
 */
public final class OutageFill {

    private OutageFill() {
    }

    public static DaySeries apply(DaySeries day, MeterContext meter) {
        long[] values = day.values().clone();
        short[] flags = day.flags().clone();
        for (int i = 0; i < day.slots(); i++) {
            if (!Slots.fillable(flags[i])) {
                continue;
            }
            if (meter.outageCovers(day, i)) {
                values[i] = 0;
                flags[i] |= PRESENT | POWER_FAIL;
            } else if (day.channel().energy() && meter.disconnectionCovers(day, i)) {
                values[i] = 0;
                flags[i] |= PRESENT | DISCONNECTED;
            }
        }
        return Slots.with(day, values, flags);
    }
}

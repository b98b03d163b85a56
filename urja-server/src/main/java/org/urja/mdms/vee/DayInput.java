package org.urja.mdms.vee;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;

/**
 * Everything VEE looks at for one channel-day: the series, its meter, earlier days of the same channel (any order,
 * possibly empty), the same day's KVAH_IMPORT series for power-factor checks (nullable) and the register advance
 * (nullable).
 */
public record DayInput(DaySeries series, MeterContext meter, List<DaySeries> history, DaySeries kvah,
                       RegisterDelta register) {

    public DayInput {
        Objects.requireNonNull(series);
        Objects.requireNonNull(meter);
        if (!series.meterSerialNo().equals(meter.meterSerialNo())) {
            throw new IllegalArgumentException("series and meter context are of different meters");
        }
        history = List.copyOf(history);
        Set<LocalDate> days = new HashSet<>();
        for (DaySeries h : history) {
            if (!h.meterSerialNo().equals(series.meterSerialNo()) || h.channel() != series.channel()
                    || !h.day().isBefore(series.day()) || !days.add(h.day())) {
                throw new IllegalArgumentException("history must hold distinct earlier days of the same channel: " + h);
            }
        }
        if (kvah != null && (kvah.channel() != Channel.KVAH_IMPORT || !kvah.day().equals(series.day())
                || !kvah.meterSerialNo().equals(series.meterSerialNo())
                || kvah.intervalMinutes() != series.intervalMinutes())) {
            throw new IllegalArgumentException("kvah must be the same meter's KVAH_IMPORT of the same day: " + kvah);
        }
    }

    /** A day with nothing but its series and meter. */
    public static DayInput of(DaySeries series, MeterContext meter) {
        return new DayInput(series, meter, List.of(), null, null);
    }
}

package org.urja.mdms.reading;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Published read API over stored interval data. */
public interface IntervalData {

    /** The current version (highest) of a meter's channel for an IST day. */
    Optional<DaySeries> current(String meterSerialNo, Channel channel, LocalDate day);

    /** What the meter sent (version 0) for an IST day, merged from every message received. */
    Optional<DaySeries> asReceived(String meterSerialNo, Channel channel, LocalDate day);

    /** Current versions for the days in {@code [from, to]}, oldest first; days without data are left out. */
    List<DaySeries> currentRange(String meterSerialNo, Channel channel, LocalDate from, LocalDate to);
}

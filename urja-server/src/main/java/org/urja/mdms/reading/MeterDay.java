package org.urja.mdms.reading;

import java.time.LocalDate;

/** A meter's IST day: the unit of interval storage, VEE and daily outputs. */
public record MeterDay(String meterSerialNo, LocalDate day) {
}

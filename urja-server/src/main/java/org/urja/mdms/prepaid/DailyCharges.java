package org.urja.mdms.prepaid;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Published API (read only): what each day of a prepaid consumer was charged, as it stands after any revision — for
 * the consumer portal's "daily deductions" (UC16.4). Amounts are paise.
 */
public interface DailyCharges {

    /**
     * One charged day: the meter, the units, what the day cost, and how many of its intervals VEE estimated (more than
     * zero: the charge rests partly on estimated data and may be adjusted when actual data arrives).
     */
    record Day(LocalDate day, String meterSerialNo, BigDecimal units, long chargedPaise, int estimatedIntervals) {

        public boolean estimated() {
            return estimatedIntervals > 0;
        }
    }

    /** The consumer's charged days in {@code from..to} (inclusive), newest first. */
    List<Day> days(String consumerNo, LocalDate from, LocalDate to);
}

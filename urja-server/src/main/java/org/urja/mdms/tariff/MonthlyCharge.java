package org.urja.mdms.tariff;

import java.time.YearMonth;
import java.util.List;

/**
 * The charge of one consumer-month for a postpaid bill, line by line ({@link DailyCharge.Line}), in whole paise;
 * see {@link Charging#monthly}.
 */
public record MonthlyCharge(YearMonth period, List<DailyCharge.Line> lines, long totalPaise) {

    public MonthlyCharge {
        lines = List.copyOf(lines);
        long sum = lines.stream().mapToLong(DailyCharge.Line::paise).sum();
        if (sum != totalPaise) {
            throw new IllegalArgumentException("total " + totalPaise + " is not the sum of the lines " + sum);
        }
    }
}

package org.urja.mdms.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The charge of one consumer-day, line by line as a consumer would see it, in whole paise. {@code units} is the
 * quantity a line is charged on (kWh, kW, or the paise a percentage applies to), for the statement.
 */
public record DailyCharge(LocalDate day, List<Line> lines, long totalPaise) {

    public enum Kind { FIXED, ENERGY, TOD, LEVY, SUBSIDY }

    public record Line(Kind kind, String name, BigDecimal units, long paise) {
    }

    public DailyCharge {
        lines = List.copyOf(lines);
        long sum = lines.stream().mapToLong(Line::paise).sum();
        if (sum != totalPaise) {
            throw new IllegalArgumentException("total " + totalPaise + " is not the sum of the lines " + sum);
        }
    }
}

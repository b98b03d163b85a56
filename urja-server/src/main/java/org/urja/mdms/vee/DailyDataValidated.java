package org.urja.mdms.vee;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * VEE's outcome of a meter's day of kWh import, published (after commit, in batches as {@link DaysValidated}) when
 * VEE settled the day, and again whenever that outcome changes (a
 * late actual replacing an estimate, re-acquired data, an edit): {@code revision} is then true and consumers (the
 * prepaid engine's daily charge, UC1.4; billing) must post an adjustment rather than silently rewrite. {@code kWh} is
 * the day's total of the current version, estimated intervals included ({@code estimated} says how many); {@code
 * missing} intervals have no value at all.
 */
public record DailyDataValidated(String meterSerialNo, LocalDate day, int version, BigDecimal kWh, int actual,
                                 int estimated, int edited, int missing, int errors, boolean revision) {

    /** Every interval of the day has a value (actual, estimated or edited). */
    public boolean complete() {
        return missing == 0;
    }
}

package org.urja.mdms.reading;

/**
 * Per-interval status bits stored beside each value (a {@code smallint} per interval). An interval without
 * {@link #PRESENT} has no value (a gap). {@link #ESTIMATED} and {@link #EDITED} values are never counted as actuals.
 */
public final class IntervalFlags {

    /** A value exists for the interval. */
    public static final short PRESENT = 1;
    /** The value was estimated by the MDM (VEE), not measured. */
    public static final short ESTIMATED = 1 << 1;
    /** The value was edited by a person (with a reason, in a new version). */
    public static final short EDITED = 1 << 2;
    /** Supply was off during (part of) the interval (from the meter, or an outage record). */
    public static final short POWER_FAIL = 1 << 3;
    /** The meter clock was set during the interval. */
    public static final short CLOCK_ADJUSTED = 1 << 4;
    /** A tamper condition was active. */
    public static final short TAMPER = 1 << 5;
    /** The meter or HES flagged the value as doubtful. */
    public static final short SUSPECT = 1 << 6;
    /** A validation rule of severity ERROR failed for the interval. */
    public static final short FAILED_VALIDATION = 1 << 7;
    /** The meter's relay was open (disconnected) during the interval. */
    public static final short DISCONNECTED = 1 << 8;

    private IntervalFlags() {
    }

    public static boolean has(short flags, short bit) {
        return (flags & bit) != 0;
    }

    /** A measured value: present, neither estimated nor edited. */
    public static boolean actual(short flags) {
        return has(flags, PRESENT) && !has(flags, ESTIMATED) && !has(flags, EDITED);
    }
}

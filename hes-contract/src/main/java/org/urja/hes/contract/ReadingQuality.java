package org.urja.hes.contract;

/** Quality flags a meter or the HES attaches to a value (IEC 61968-9 ReadingQuality, simplified). */
public enum ReadingQuality {
    /** Supply was off during (part of) the interval. */
    POWER_FAIL,
    /** The meter clock was set during the interval. */
    CLOCK_ADJUSTED,
    /** A tamper condition was active during the interval. */
    TAMPER,
    /** The meter or HES flagged the value as doubtful. */
    SUSPECT
}

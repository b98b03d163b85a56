package org.urja.hes.fleet;

/** Status flags a meter attaches to a block-load interval. */
public enum IntervalFlag {
    /** The supply failed during (part of) the interval. */
    POWER_FAIL,
    /** The meter clock was set during the interval. */
    CLOCK_ADJUSTED,
    /** A tamper condition was active during the interval. */
    TAMPER,
    /** The meter clock was off by {@value VirtualMeter#SUSPECT_CLOCK_OFFSET_SECONDS} s or more at the start. */
    SUSPECT
}

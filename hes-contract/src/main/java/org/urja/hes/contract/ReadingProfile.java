package org.urja.hes.contract;

/** IS 15959 profiles a reading can come from (OBIS of the profile generic object in brackets). */
public enum ReadingProfile {
    /** Instantaneous parameters (1.0.94.91.0.255). */
    INSTANTANEOUS,
    /** Block load profile, 15 or 30 min (1.0.99.1.0.255). */
    BLOCK_LOAD,
    /** Daily load profile, midnight snapshot (1.0.99.2.0.255). */
    DAILY_LOAD,
    /** Monthly billing profile (1.0.98.1.0.255). */
    BILLING
}

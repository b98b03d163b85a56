package org.urja.mdms.vee;

/** How serious a {@link Finding} is. */
public enum Severity {
    /** Noted only, e.g. a check that could not be made. */
    INFO,
    /** Reported for review; the data stays valid. */
    WARNING,
    /** The covered intervals are flagged FAILED_VALIDATION and an exception goes to the work queue. */
    ERROR
}

package org.urja.mdms.workorder;

/** What the field force found at a tamper inspection. */
public enum InspectionOutcome {
    /** A valid tamper: triggers the resulting action (disconnection subject to policy, UC5.4) and assessment (UC5.6). */
    TAMPER_CONFIRMED,
    /** Nothing wrong found at site. */
    NO_TAMPER,
    /** The meter itself is faulty (a malfunction rather than a tamper): to be replaced. */
    METER_FAULTY,
    /** The premises could not be entered; the inspection is closed and a new one follows the next event. */
    NO_ACCESS
}

package org.urja.mdms.workorder;

/**
 * What the field force found or did: the first four at a tamper inspection (TAMPER_CONFIRMED and NO_TAMPER only
 * there), DONE and NOT_DONE for any other work order.
 */
public enum InspectionOutcome {
    /** A valid tamper: triggers the resulting action (disconnection subject to policy, UC5.4) and assessment (UC5.6). */
    TAMPER_CONFIRMED,
    /** Nothing wrong found at site. */
    NO_TAMPER,
    /** The meter itself is faulty (a malfunction rather than a tamper): to be replaced. */
    METER_FAULTY,
    /** The premises could not be entered; the inspection is closed and a new one follows the next event. */
    NO_ACCESS,
    /** The work was done (the complaint attended, the supply cut or restored, the meter tested, the site surveyed). */
    DONE,
    /** The work could not be done for another reason than access; the findings say why. */
    NOT_DONE
}

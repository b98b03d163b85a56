package org.urja.mdms.care;

/** Where a complaint is resolved (UC20.4). */
public enum ComplaintRoute {
    /** The outage management system: the outage module's incident for the consumer's meter, DT or feeder. */
    OMS,
    /** The work-force management system: a complaint visit work order. */
    WFM,
    /** The billing desk: billing staff resolve it through the API. */
    BILLING_DESK,
    /** The customer-care desk: care staff (operations) resolve it through the API. */
    CARE_DESK
}

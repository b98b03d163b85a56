package org.urja.mdms.billing;

/** Published API: bill group membership for other modules (a new postpaid connection joins its group, UC12.6). */
public interface BillGroups {

    /** Whether a bill group with this code exists. */
    boolean exists(String groupCode);

    /**
     * Puts a service point in a bill group (moving it from any other); in the caller's transaction. An unknown group
     * or service point is an {@link org.urja.mdms.platform.ApiProblem}.
     */
    void join(String groupCode, String servicePointCode, String by);
}

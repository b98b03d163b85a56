package org.urja.mdms.billing;

/**
 * Published API: bill groups and their membership for other modules (a new postpaid connection joins its group,
 * UC12.6; the demo creates its group).
 */
public interface BillGroups {

    /**
     * Creates a group read on {@code readDay} (1–28) of every month; the same definition again is a repeat (false),
     * another one under the code a conflict ({@link org.urja.mdms.platform.ApiProblem} naming code).
     */
    boolean create(String code, String name, int readDay, String by);

    /** Whether a bill group with this code exists. */
    boolean exists(String groupCode);

    /**
     * Puts a service point in a bill group (moving it from any other); in the caller's transaction. An unknown group
     * or service point is an {@link org.urja.mdms.platform.ApiProblem}.
     */
    void join(String groupCode, String servicePointCode, String by);
}

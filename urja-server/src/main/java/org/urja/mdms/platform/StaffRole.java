package org.urja.mdms.platform;

/**
 * Roles of the utility's staff in the portal. Integration systems (the HES) authenticate with role {@code HES},
 * which is not a staff role.
 */
public enum StaffRole {
    ADMIN("Administrator"),
    OPERATOR("Operations"),
    BILLING("Billing"),
    REVENUE_PROTECTION("Revenue protection"),
    FIELD_SUPERVISOR("Field supervisor"),
    VIEWER("Viewer");

    private final String label;

    StaffRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The Spring Security authority name. */
    public String authority() {
        return "ROLE_" + name();
    }
}

package org.urja.mdms.platform;

import java.util.Set;

/**
 * One function of the staff portal, declared as a bean by the module that serves it. The home page lists only
 * the functions whose roles include one of the signed-in user's roles (UC22.2); the module's own controller
 * enforces the same roles.
 */
public record StaffFunction(String group, String title, String path, String description, Set<StaffRole> roles,
                            int order) {

    public boolean allowedFor(java.util.Collection<StaffRole> userRoles) {
        return userRoles.stream().anyMatch(roles::contains);
    }
}

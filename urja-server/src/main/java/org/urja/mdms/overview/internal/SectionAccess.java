package org.urja.mdms.overview.internal;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;
import org.urja.mdms.platform.StaffRole;

import static org.urja.mdms.platform.StaffRole.ADMIN;
import static org.urja.mdms.platform.StaffRole.BILLING;
import static org.urja.mdms.platform.StaffRole.FIELD_SUPERVISOR;
import static org.urja.mdms.platform.StaffRole.OPERATOR;
import static org.urja.mdms.platform.StaffRole.REVENUE_PROTECTION;
import static org.urja.mdms.platform.StaffRole.VIEWER;

/**
 * Who may see which section of the 360 page whose data not every role may read: the same roles as the owning module's
 * API, so the page never shows what the API would refuse. The page leaves the others out and their handlers refuse
 * them ({@code @PreAuthorize("@m360Access.may('BILLS', authentication)")}).
 */
@Component("m360Access")
class SectionAccess {

    enum Section {
        /** billing: {@code GET /api/v1/consumers/{no}/bills}, {@code /api/v1/bills/{no}/pdf} */
        BILLS(ADMIN, BILLING, OPERATOR, VIEWER),
        /** care: {@code GET /api/v1/service-requests}, {@code /api/v1/complaints} */
        CARE(ADMIN, OPERATOR, BILLING, REVENUE_PROTECTION, FIELD_SUPERVISOR),
        /** care: the staff page {@code /care}, where a consumer's cases are shown with their details */
        CARE_DESK(ADMIN, OPERATOR, BILLING),
        /** connection: {@code GET /api/v1/connections} */
        CONNECTIONS(ADMIN, BILLING, OPERATOR, FIELD_SUPERVISOR, VIEWER);

        private final Set<String> authorities;

        Section(StaffRole... roles) {
            this.authorities = Arrays.stream(roles).map(StaffRole::authority).collect(Collectors.toUnmodifiableSet());
        }
    }

    public boolean may(String section, Authentication user) {
        return may(Section.valueOf(section), user);
    }

    /** The sections this user may see. */
    Set<Section> of(Authentication user) {
        Set<Section> out = EnumSet.noneOf(Section.class);
        for (Section s : Section.values()) {
            if (may(s, user)) {
                out.add(s);
            }
        }
        return out;
    }

    static boolean may(Section section, Authentication user) {
        return user != null && user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(section.authorities::contains);
    }
}

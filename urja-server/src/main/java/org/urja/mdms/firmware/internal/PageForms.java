package org.urja.mdms.firmware.internal;

import java.util.Arrays;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.urja.mdms.platform.ApiProblem;

/** What the firmware and configuration pages share: who may act, the meters a form names, an error as one line. */
final class PageForms {

    static final String READERS = "hasAnyRole('ADMIN', 'OPERATOR', 'VIEWER')";
    /** Times on the pages are the utility's (IST). */
    static final java.time.ZoneId IST = java.time.ZoneId.of("Asia/Kolkata");

    private PageForms() {
    }

    /** OPERATOR and ADMIN act; everyone else who may see the pages only looks. */
    static boolean canAct(Authentication user) {
        return has(user, "ROLE_ADMIN") || has(user, "ROLE_OPERATOR");
    }

    static boolean has(Authentication user, String authority) {
        return user != null && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(authority));
    }

    /**
     * The meters a form is for: {@code target} "list" for the serial numbers typed (one per line, or separated by
     * commas or spaces) — {@code nodeCode} is then ignored —, anything else every meter under {@code nodeCode}.
     */
    record Target(String target, String nodeCode, String meters) {

        public boolean byList() {
            return "list".equals(target);
        }

        /** The serial numbers listed, or null when the form addresses a node. */
        List<String> meterList() {
            if (!byList()) {
                return null;
            }
            return meters == null ? List.of() : Arrays.stream(meters.split("[\\s,;]+")).filter(s -> !s.isBlank()).toList();
        }

        /** The node addressed, or null when the form lists meters. */
        String node() {
            return byList() || nodeCode == null || nodeCode.isBlank() ? null : nodeCode.strip();
        }

        /** How the target reads on a page: "meters under DT-1" or "3 listed meters". */
        String describe(int count) {
            return byList() ? count + " listed meter" + (count == 1 ? "" : "s") : "meters under " + node();
        }
    }

    /** A problem as one line for the page, starting with the field it names. */
    static String message(ApiProblem problem) {
        if (!problem.issues().isEmpty()) {
            var first = problem.issues().get(0);
            return first.field() + ": " + first.message();
        }
        return problem.getMessage();
    }

    static String keyOf(String key) {
        if (key == null || key.isBlank() || key.length() > 80) {
            throw ApiProblem.badRequest("key", "the form's key is missing: open the form again");
        }
        return "portal:" + key;
    }
}

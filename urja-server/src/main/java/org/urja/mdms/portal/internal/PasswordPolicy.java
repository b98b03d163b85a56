package org.urja.mdms.portal.internal;

import java.util.Locale;

/**
 * A consumer's own password (UC15.7): 10 to 128 characters with at least one letter and one digit, not containing the
 * login id, not the password it replaces, typed the same twice.
 */
final class PasswordPolicy {

    private PasswordPolicy() {
    }

    static void check(String loginId, String password, String confirmation) {
        if (password == null || password.length() < 10 || password.length() > 128) {
            throw new Refusal("newPassword", "portal.password.length");
        }
        if (!password.matches(".*\\p{L}.*") || !password.matches(".*[0-9].*")) {
            throw new Refusal("newPassword", "portal.password.mix");
        }
        if (loginId != null && password.toUpperCase(Locale.ROOT).contains(loginId.toUpperCase(Locale.ROOT))) {
            throw new Refusal("newPassword", "portal.password.containsLogin");
        }
        if (!password.equals(confirmation)) {
            throw new Refusal("confirmPassword", "portal.password.mismatch");
        }
    }
}

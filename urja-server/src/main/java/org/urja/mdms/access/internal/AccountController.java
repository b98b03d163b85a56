package org.urja.mdms.access.internal;

import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A staff user changes their own password (required after a one-time password). */
@Controller
class AccountController {

    static final int MIN_LENGTH = 10;

    private final StaffUsers users;
    private final PasswordEncoder encoder;

    AccountController(StaffUsers users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    @GetMapping("/account/password")
    String form(Authentication auth, Model model) {
        model.addAttribute("mustChange", users.find(auth.getName()).map(StaffUsers.StaffUser::mustChangePassword).orElse(false));
        return "access/password";
    }

    @PostMapping("/account/password")
    String change(Authentication auth, @RequestParam String currentPassword, @RequestParam String newPassword,
                  @RequestParam String confirmPassword, Model model) {
        var user = users.find(auth.getName()).orElseThrow();
        String error = null;
        if (!encoder.matches(currentPassword, user.passwordHash())) {
            error = "The current password is wrong.";
        } else if (newPassword.length() < MIN_LENGTH) {
            error = "The new password needs at least " + MIN_LENGTH + " characters.";
        } else if (!newPassword.equals(confirmPassword)) {
            error = "The two new passwords differ.";
        } else if (encoder.matches(newPassword, user.passwordHash())) {
            error = "The new password must differ from the current one.";
        }
        if (error != null) {
            model.addAttribute("mustChange", user.mustChangePassword());
            model.addAttribute("error", error);
            return "access/password";
        }
        users.changePassword(user.username(), encoder.encode(newPassword));
        return "redirect:/?passwordChanged";
    }
}

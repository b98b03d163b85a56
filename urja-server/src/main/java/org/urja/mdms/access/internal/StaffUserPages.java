package org.urja.mdms.access.internal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** Staff user administration page. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class StaffUserPages {

    private final StaffUsers users;

    StaffUserPages(StaffUsers users) {
        this.users = users;
    }

    @GetMapping("/admin/users")
    String list(Model model) {
        model.addAttribute("users", users.all().stream().map(StaffUserAdministration::view).toList());
        return "access/users";
    }

    @PostMapping("/admin/users/{username}/unlock")
    String unlock(@PathVariable String username) {
        users.unlock(username);
        return "redirect:/admin/users";
    }
}

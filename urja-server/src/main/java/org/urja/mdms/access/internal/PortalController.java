package org.urja.mdms.access.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/** Sign-in page and the home page listing only the functions the user's roles may use (UC22.1, UC22.2). */
@Controller
class PortalController {

    private final List<StaffFunction> functions;

    PortalController(List<StaffFunction> functions) {
        this.functions = functions;
    }

    @GetMapping("/login")
    String login() {
        return "access/login";
    }

    @GetMapping("/")
    String home(Authentication auth, Model model) {
        Set<StaffRole> roles = rolesOf(auth);
        Map<String, List<StaffFunction>> byGroup = functions.stream()
                .filter(f -> f.allowedFor(roles))
                .sorted(Comparator.comparingInt(StaffFunction::order).thenComparing(StaffFunction::title))
                .collect(Collectors.groupingBy(StaffFunction::group, TreeMap::new, Collectors.toList()));
        model.addAttribute("groups", byGroup);
        model.addAttribute("roles", roles.stream().map(StaffRole::label).sorted().toList());
        return "access/home";
    }

    static Set<StaffRole> rolesOf(Authentication auth) {
        return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .filter(a -> java.util.Arrays.stream(StaffRole.values()).anyMatch(r -> r.name().equals(a)))
                .map(StaffRole::valueOf)
                .collect(Collectors.toSet());
    }

}

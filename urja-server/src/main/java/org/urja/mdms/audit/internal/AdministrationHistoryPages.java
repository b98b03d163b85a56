package org.urja.mdms.audit.internal;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * The administration history ({@code /admin/history}): the audit trail narrowed to changes of the utility's
 * settings — tariffs, disconnection policy, VEE parameters, notification templates (each with old → new) — and of
 * staff users and webhook subscribers, filtered by area and by who made them.
 */
@Controller
class AdministrationHistoryPages {

    /** Area → the action prefixes that make it up. */
    static final Map<String, List<String>> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("tariffs", List.of(AuditTrail.ADMIN + "TARIFF"));
        AREAS.put("policy", List.of(AuditTrail.ADMIN + "POLICY"));
        AREAS.put("vee", List.of(AuditTrail.ADMIN + "VEE"));
        AREAS.put("templates", List.of(AuditTrail.ADMIN + "TEMPLATE"));
        AREAS.put("users", List.of("POST /api/v1/staff/users", "POST /admin/users"));
        AREAS.put("webhooks", List.of("WEBHOOK "));
    }

    static final List<String> ALL = List.of(AuditTrail.ADMIN, "POST /api/v1/staff/users", "POST /admin/users",
            "WEBHOOK ");

    private final AuditTrail audit;

    AdministrationHistoryPages(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/history")
    @PreAuthorize("hasRole('ADMIN')")
    String history(@RequestParam(required = false) String area, @RequestParam(required = false) String actor,
                   Model model) {
        String a = area != null && AREAS.containsKey(area) ? area : null;
        String who = actor == null || actor.isBlank() ? null : actor.strip();
        model.addAttribute("areas", AREAS.keySet());
        model.addAttribute("area", a);
        model.addAttribute("actor", who);
        model.addAttribute("entries", audit.withActions(a == null ? ALL : AREAS.get(a), who, 300));
        return "audit/history";
    }

    @Bean
    static StaffFunction administrationHistoryFunction() {
        return new StaffFunction("Administration", "Administration history", "/admin/history",
                "Every change to tariffs, disconnection policy, VEE parameters, templates and staff users, old → new",
                EnumSet.of(StaffRole.ADMIN), 29);
    }
}

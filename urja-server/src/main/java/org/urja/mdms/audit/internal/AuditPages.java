package org.urja.mdms.audit.internal;

import java.util.EnumSet;

import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/** The audit trail page, for administrators. */
@Controller
class AuditPages {

    private final AuditTrail audit;

    AuditPages(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit")
    @PreAuthorize("hasRole('ADMIN')")
    String trail(@RequestParam(required = false) String actor, Model model) {
        model.addAttribute("actor", actor);
        model.addAttribute("entries", audit.recent(actor == null || actor.isBlank() ? null : actor, 200));
        return "audit/trail";
    }

    @Bean
    static StaffFunction auditFunction() {
        return new StaffFunction("Administration", "Audit trail", "/admin/audit",
                "Sign-ins, sign-outs and every state-changing action: who, what, when, from where",
                EnumSet.of(StaffRole.ADMIN), 20);
    }
}

package org.urja.mdms.losses.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;

import org.springframework.context.annotation.Bean;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/** The revenue protection page: the four lists for a node, each row linking to its meter. */
@Controller
@PreAuthorize(RevenueProtectionController.ROLES)
class RevenueProtectionPages {

    private final RevenueProtectionService service;

    RevenueProtectionPages(RevenueProtectionService service) {
        this.service = service;
    }

    @GetMapping("/revenue-protection")
    String page(@RequestParam(required = false) String node,
                @RequestParam(defaultValue = "30") int days,
                @RequestParam(defaultValue = "3") int min,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                Model model) {
        LocalDate end = asOf != null ? asOf : service.today().minusDays(1);
        model.addAttribute("node", node);
        model.addAttribute("days", days);
        model.addAttribute("min", min);
        model.addAttribute("asOf", end);
        try {
            model.addAttribute("tampers", service.tampers(node, days, 200));
            model.addAttribute("repeats", service.repeatedTampers(node, days, min));
            if (node != null && !node.isBlank()) {
                model.addAttribute("zeros", service.zeroConsumptionWithLoad(node, end.minusDays(6), end,
                        new BigDecimal("0.2")));
                model.addAttribute("drops", service.consumptionDrops(node, end, 30, 90, 50, new BigDecimal("0.5")));
            }
        } catch (ApiProblem e) {
            model.addAttribute("error", e.getMessage());
        }
        return "losses/revenue-protection";
    }

    @Bean
    static StaffFunction revenueProtectionFunction() {
        return new StaffFunction("Losses", "Revenue protection", "/revenue-protection",
                "Tampers and their inspections, repeated tampers, zero consumption with load, consumption drops",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.REVENUE_PROTECTION, StaffRole.VIEWER), 61);
    }
}

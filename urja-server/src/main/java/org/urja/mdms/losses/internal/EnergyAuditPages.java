package org.urja.mdms.losses.internal;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.losses.EnergyAudit;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;
import tools.jackson.databind.json.JsonMapper;

/** The energy audit page: the form, best and worst, the loss chart, the table, and the CSV download. */
@Controller
@PreAuthorize(EnergyAuditController.ROLES)
class EnergyAuditPages {

    private final EnergyAuditService audits;
    private final JsonMapper json;

    EnergyAuditPages(EnergyAuditService audits, JsonMapper json) {
        this.audits = audits;
        this.json = json;
    }

    @GetMapping("/energy-audit")
    String page(@RequestParam(required = false) String level, @RequestParam(required = false) String node,
                @RequestParam(required = false) String day, @RequestParam(required = false) String month,
                @RequestParam(required = false) String by, Model model) {
        String lvl = level == null || level.isBlank() ? "DT" : level.trim().toUpperCase();
        // The form has both a day and a month field; "by" says which one counts.
        boolean byMonth = "MONTH".equalsIgnoreCase(by) || (by == null && (day == null || day.isBlank())
                && month != null && !month.isBlank());
        model.addAttribute("by", byMonth ? "MONTH" : "DAY");
        model.addAttribute("level", lvl);
        model.addAttribute("node", node);
        model.addAttribute("day", day);
        model.addAttribute("month", month);
        if (day == null || day.isBlank()) {
            model.addAttribute("day", audits.today().minusDays(1).toString());
        }
        if (node == null || node.isBlank()) {
            return "losses/energy-audit";
        }
        try {
            EnergyAudit.Level l;
            try {
                l = EnergyAudit.Level.valueOf(lvl);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("level", "level must be DT or FEEDER");
            }
            EnergyAudit.Report report = audits.audit(l, node, byMonth ? audits.period(null, month)
                    : audits.period(day, null));
            model.addAttribute("report", report);
            List<EnergyAudit.NodeAudit> charted = report.nodes().stream().filter(n -> n.lossPercent() != null).toList();
            model.addAttribute("chartLabels", json.writeValueAsString(charted.stream().map(EnergyAudit.NodeAudit::nodeCode)
                    .toList()));
            model.addAttribute("chartValues", json.writeValueAsString(charted.stream().map(EnergyAudit.NodeAudit::lossPercent)
                    .map(BigDecimal::doubleValue).toList()));
        } catch (ApiProblem e) {
            model.addAttribute("error", e.getMessage());
        }
        return "losses/energy-audit";
    }

    @GetMapping("/energy-audit/export.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) EnergyAudit.Level level,
                               @RequestParam(required = false) String node,
                               @RequestParam(required = false) String day,
                               @RequestParam(required = false) String month) {
        return EnergyAuditController.csvResponse(audits.audit(level, node, audits.period(day, month)));
    }

    @Bean
    static StaffFunction energyAuditFunction() {
        return new StaffFunction("Losses", "Energy audit", "/energy-audit",
                "Loss per feeder and DT for a day or month: boundary meter against consumer meters, with completeness",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.REVENUE_PROTECTION, StaffRole.VIEWER), 60);
    }
}

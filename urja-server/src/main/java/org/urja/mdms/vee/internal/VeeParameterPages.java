package org.urja.mdms.vee.internal;

import java.security.Principal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.FormErrors;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * VEE rule parameters in the staff portal ({@code /admin/vee-parameters}, ADMIN): every parameter with its bounds,
 * default and who changed it; one form saves them all, or none when any is out of bounds (each named beside it).
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class VeeParameterPages {

    private final VeeParameters parameters;

    VeeParameterPages(VeeParameters parameters) {
        this.parameters = parameters;
    }

    @GetMapping("/admin/vee-parameters")
    String page(Model model) {
        model.addAttribute("parameters", parameters.all());
        model.addAttribute("typed", Map.of());
        model.addAttribute("errors", Map.of());
        return "vee/parameters";
    }

    @PostMapping("/admin/vee-parameters")
    String save(@RequestParam MultiValueMap<String, String> form, Principal user, Model model,
                RedirectAttributes redirect, HttpServletResponse response) {
        Map<String, String> typed = new LinkedHashMap<>();
        for (VeeParameters.Definition d : VeeParameters.DEFINITIONS) {
            List<String> v = form.get(d.name());
            if (v != null && !v.isEmpty()) {
                typed.put(d.name(), v.get(0));
            }
        }
        try {
            List<String> changed = parameters.set(typed, user.getName());
            redirect.addFlashAttribute("saved", changed.isEmpty() ? "Nothing changed."
                    : "Saved " + String.join(", ", changed) + "; the next validation run uses them.");
            return "redirect:/admin/vee-parameters";
        } catch (ApiProblem problem) {
            model.addAttribute("parameters", parameters.all());
            model.addAttribute("typed", typed);
            model.addAttribute("errors", new FormErrors().add(problem).fields());
            model.addAttribute("error", problem.getMessage());
            response.setStatus(problem.status().value());
            return "vee/parameters";
        }
    }

    @Bean
    static StaffFunction veeParametersFunction() {
        return new StaffFunction("Administration", "VEE parameters", "/admin/vee-parameters",
                "Spike factor, zero-consumption hours, usage limits, estimation gaps and like days",
                EnumSet.of(StaffRole.ADMIN), 24);
    }
}

package org.urja.mdms.firmware.internal;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * Configuration in the staff portal ({@code /configuration}, UC8.2–8.3): the profiles and their settings, a profile
 * applied to a meter, a list or the meters under a DT or feeder in two steps — what it addresses shown first, then
 * sent from that page —, and the application's page following each meter live (htmx polling until done) to VERIFIED
 * or MISMATCH with the value asked for beside the value read back. OPERATOR and ADMIN act; VIEWER sees all but no
 * form, and its posts are refused (403). Forms carry the CSRF token and an idempotency key; the service audits.
 */
@Controller
class ConfigurationPages {

    private static final Set<String> STATUSES = Set.of("APPLYING", "COMMAND_FAILED", "READING_BACK", "VERIFIED",
            "MISMATCH", "READ_FAILED");
    private static final int METERS_SHOWN = 200;

    private final Configurations configurations;
    private final int pollSeconds;

    ConfigurationPages(Configurations configurations,
                       @Value("${urja.firmware.progress-poll-seconds:2}") int pollSeconds) {
        this.configurations = configurations;
        this.pollSeconds = Math.max(1, pollSeconds);
    }

    /** The apply form as posted. */
    record ApplyForm(String profile, String target, String nodeCode, String meters, String reason, String key) {

        public PageForms.Target where() {
            return new PageForms.Target(target, nodeCode, meters);
        }

        Configurations.ApplyRequest request() {
            return new Configurations.ApplyRequest(where().meterList(), where().node(),
                    reason == null ? null : reason.strip());
        }
    }

    @GetMapping("/configuration")
    @PreAuthorize(PageForms.READERS)
    String configuration(Authentication user, Model model) {
        configurationModel(user, model);
        return "firmware/configuration";
    }

    private void configurationModel(Authentication user, Model model) {
        model.addAttribute("canAct", PageForms.canAct(user));
        model.addAttribute("profiles", configurations.profiles());
        model.addAttribute("applications", configurations.recentApplications(20));
        model.addAttribute("applyKey", UUID.randomUUID().toString());
    }

    /** Step 1: the profile's settings and the meters it would go to; nothing is stored or sent. */
    @PostMapping("/configuration/applications/preview")
    @PreAuthorize(CampaignController.ISSUERS)
    String preview(ApplyForm form, Authentication user, Model model, HttpServletResponse response) {
        try {
            PageForms.keyOf(form.key());
            Configurations.Preview preview = configurations.preview(form.profile(), form.request());
            model.addAttribute("form", form);
            model.addAttribute("preview", preview);
            model.addAttribute("target", form.where().describe(preview.meterCount()));
            return "firmware/configuration-preview";
        } catch (ApiProblem problem) {
            return applyFormAgain(problem, form, user, model, response);
        }
    }

    /** Step 2: sent from the preview; the same form again is the same application. */
    @PostMapping("/configuration/applications")
    @PreAuthorize(CampaignController.ISSUERS)
    String apply(ApplyForm form, Principal staff, Authentication user, Model model, HttpServletResponse response) {
        try {
            if (form.profile() == null || configurations.profile(form.profile()).isEmpty()) {
                throw ApiProblem.invalid("profile", "No configuration profile " + form.profile());
            }
            Configurations.Submitted s = configurations.apply(form.profile(), form.request(), staff.getName(),
                    PageForms.keyOf(form.key()));
            return "redirect:/configuration/applications/" + s.application().id();
        } catch (ApiProblem problem) {
            return applyFormAgain(problem, form, user, model, response);
        }
    }

    private String applyFormAgain(ApiProblem problem, ApplyForm form, Authentication user, Model model,
                                  HttpServletResponse response) {
        configurationModel(user, model);
        model.addAttribute("applyError", PageForms.message(problem));
        model.addAttribute("applyForm", form);
        response.setStatus(problem.status().value());
        return "firmware/configuration";
    }

    @GetMapping("/configuration/applications/{id}")
    @PreAuthorize(PageForms.READERS)
    String application(@PathVariable long id, @RequestParam(required = false) String status, Model model) {
        applicationModel(id, status, model);
        return "firmware/application";
    }

    @GetMapping("/configuration/applications/{id}/progress")
    @PreAuthorize(PageForms.READERS)
    String progress(@PathVariable long id, @RequestParam(required = false) String status, Model model) {
        applicationModel(id, status, model);
        return "firmware/application :: progress";
    }

    private void applicationModel(long id, String status, Model model) {
        String only = status == null || status.isBlank() ? null : status;
        if (only != null && !STATUSES.contains(only)) {
            throw ApiProblem.badRequest("status", "must be one of " + STATUSES);
        }
        Configurations.ApplicationView a = configurations.application(id, only, 0, METERS_SHOWN)
                .orElseThrow(() -> ApiProblem.notFound("id", "No configuration application " + id));
        model.addAttribute("applied", a);
        model.addAttribute("status", only);
        model.addAttribute("metersShown", METERS_SHOWN);
        model.addAttribute("live", !a.state().equals("DONE"));
        model.addAttribute("pollSeconds", pollSeconds);
    }

    @Bean
    static StaffFunction configurationFunction() {
        return new StaffFunction("Operations", "Meter configuration", "/configuration",
                "Configuration profiles applied to meters or groups, verified by reading the values back",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.VIEWER), 13);
    }
}

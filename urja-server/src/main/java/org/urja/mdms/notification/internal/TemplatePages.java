package org.urja.mdms.notification.internal;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.FormErrors;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * Notification templates in the staff portal ({@code /admin/notification-templates}, ADMIN): every template per
 * language, an editor whose preview (sample values, SMS length and parts) follows the typing (htmx) or the Preview
 * button, save, and reset to the packaged text after a ticked confirmation.
 */
@Controller
@RequestMapping("/admin/notification-templates")
@PreAuthorize("hasRole('ADMIN')")
class TemplatePages {

    private final TemplateAdministration admin;
    private final Templates templates;

    TemplatePages(TemplateAdministration admin, Templates templates) {
        this.admin = admin;
        this.templates = templates;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("templates", admin.list());
        return "notification/templates";
    }

    @GetMapping("/{template}/{language}")
    String edit(@PathVariable String template, @PathVariable String language, Model model) {
        admin.requireKnown(template, language);
        Templates.Text t = templates.text(template, language);
        editModel(template, language, t.subject(), t.body(), model);
        return "notification/template";
    }

    /** The preview of the text as typed: the fragment for htmx, else the whole editor. Saves nothing. */
    @PostMapping("/{template}/{language}/preview")
    String preview(@PathVariable String template, @PathVariable String language,
                   @RequestParam(required = false) String subject, @RequestParam(required = false) String body,
                   @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
                   HttpServletResponse response) {
        admin.requireKnown(template, language);
        editModel(template, language, subject, body, model);
        if (model.containsAttribute("errors") && htmx == null) {
            response.setStatus(400);
        }
        return htmx != null ? "notification/template :: preview" : "notification/template";
    }

    @PostMapping("/{template}/{language}")
    String save(@PathVariable String template, @PathVariable String language,
                @RequestParam(required = false) String subject, @RequestParam(required = false) String body,
                Principal user, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        try {
            boolean changed = admin.save(template, language, subject, body, user.getName());
            redirect.addFlashAttribute("saved", changed ? "Saved: the next " + template + " message in " + language
                    + " uses this text." : "Nothing changed.");
            return "redirect:/admin/notification-templates/" + template + "/" + language;
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404) {
                throw problem;
            }
            editModel(template, language, subject, body, model);
            response.setStatus(problem.status().value());
            return "notification/template";
        }
    }

    @PostMapping("/{template}/{language}/reset")
    String reset(@PathVariable String template, @PathVariable String language,
                 @RequestParam(required = false) String confirm, Principal user, Model model,
                 RedirectAttributes redirect, HttpServletResponse response) {
        admin.requireKnown(template, language);
        if (!"yes".equals(confirm)) {
            Templates.Text t = templates.text(template, language);
            editModel(template, language, t.subject(), t.body(), model);
            model.addAttribute("resetError", "confirm: tick the confirmation to replace this text by the packaged one");
            response.setStatus(400);
            return "notification/template";
        }
        boolean reset = admin.reset(template, language, user.getName());
        redirect.addFlashAttribute("saved", reset ? "Back to the packaged text." : "The packaged text was in use already.");
        return "redirect:/admin/notification-templates/" + template + "/" + language;
    }

    private void editModel(String template, String language, String subject, String body, Model model) {
        model.addAttribute("template", template);
        model.addAttribute("language", language);
        model.addAttribute("subject", subject == null ? "" : subject);
        model.addAttribute("body", body == null ? "" : body);
        model.addAttribute("allowed", admin.allowed(template));
        model.addAttribute("edited", templates.edited(template, language).isPresent());
        model.addAttribute("secret", templates.packaged(template, language).secret());
        try {
            model.addAttribute("preview", admin.preview(template, language, subject, body));
        } catch (ApiProblem problem) {
            Map<String, String> errors = new FormErrors().add(problem).fields();
            model.addAttribute("errors", errors);
        }
    }

    @Bean
    static StaffFunction notificationTemplatesFunction() {
        return new StaffFunction("Administration", "Notification templates", "/admin/notification-templates",
                "SMS and email texts per event and language, with a preview and the SMS length",
                EnumSet.of(StaffRole.ADMIN), 25);
    }
}

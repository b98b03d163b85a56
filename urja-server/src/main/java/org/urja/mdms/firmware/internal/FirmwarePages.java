package org.urja.mdms.firmware.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.multipart.MultipartFile;
import org.urja.mdms.network.MeterCategory;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * Firmware in the staff portal ({@code /firmware}, UC8.1): the images with their SHA-256 (ADMIN uploads one, as over
 * the API), campaigns created in two steps — the form is planned and shown (meters addressed, skipped with why,
 * waves) before anything is stored or sent, then started from that page —, and a campaign's page following each wave
 * and each meter live (htmx polling while it runs), with halt, resume and cancel. OPERATOR and ADMIN act; VIEWER sees
 * everything but no form, and its posts are refused (403). Every form carries the CSRF token; a campaign form also an
 * idempotency key drawn with it, so one sent twice starts one campaign. The service audits every action.
 */
@Controller
class FirmwarePages {

    static final String ISSUERS = CampaignController.ISSUERS;
    private static final Set<String> STATUSES = Set.of("PENDING", "SKIPPED", "SENT", "SUCCEEDED", "FAILED", "TIMED_OUT",
            "REFUSED", "CANCELLED");
    private static final int METERS_SHOWN = 200;

    private final FirmwareImages images;
    private final Campaigns campaigns;
    private final int pollSeconds;

    FirmwarePages(FirmwareImages images, Campaigns campaigns,
                  @Value("${urja.firmware.progress-poll-seconds:2}") int pollSeconds) {
        this.images = images;
        this.campaigns = campaigns;
        this.pollSeconds = Math.max(1, pollSeconds);
    }

    /** The campaign form as posted. */
    record CampaignForm(String name, Long imageId, String target, String nodeCode, String meters, Integer pilotSize,
                        Integer waveSize, Integer failureThresholdPercent, String reason, String key) {

        public PageForms.Target where() {
            return new PageForms.Target(target, nodeCode, meters);
        }

        Campaigns.CampaignRequest request() {
            return new Campaigns.CampaignRequest(name == null ? null : name.strip(), imageId, where().meterList(),
                    where().node(), pilotSize, waveSize, failureThresholdPercent, reason == null ? null : reason.strip());
        }
    }

    @GetMapping("/firmware")
    @PreAuthorize(PageForms.READERS)
    String firmware(@RequestParam(required = false) Long uploaded, Authentication user, Model model) {
        firmwareModel(user, model);
        if (uploaded != null) {
            images.find(uploaded).ifPresent(i -> model.addAttribute("uploaded", i));
        }
        return "firmware/firmware";
    }

    private void firmwareModel(Authentication user, Model model) {
        model.addAttribute("canAct", PageForms.canAct(user));
        model.addAttribute("canUpload", PageForms.has(user, StaffRole.ADMIN.authority()));
        model.addAttribute("images", images.list(null, 100));
        model.addAttribute("models", Arrays.stream(MeterCategory.values()).map(Enum::name).toList());
        model.addAttribute("campaigns", campaigns.recent(20));
        model.addAttribute("campaignKey", UUID.randomUUID().toString());
        model.addAttribute("zone", PageForms.IST);
    }

    /** As the API: ADMIN only, the vendor's SHA-256 must match the bytes; back to the list with the stored image. */
    @PostMapping("/firmware/images")
    @PreAuthorize("hasRole('ADMIN')")
    String upload(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String make,
                  @RequestParam(required = false) String version, @RequestParam(required = false) List<String> models,
                  @RequestParam(required = false) String sha256, @RequestParam(required = false) String notes,
                  Principal staff, Authentication user, Model model, HttpServletResponse response) {
        try {
            byte[] content = file == null || file.isEmpty() ? null : file.getBytes();
            FirmwareImages.Image image = images.upload(make == null ? null : make.strip(),
                    version == null ? null : version.strip(), models, sha256, content, notes, staff.getName());
            return "redirect:/firmware?uploaded=" + image.id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ApiProblem problem) {
            firmwareModel(user, model);
            model.addAttribute("uploadError", PageForms.message(problem));
            model.addAttribute("uploadForm", Map.of("make", make == null ? "" : make, "version",
                    version == null ? "" : version, "models", models == null ? List.of() : models,
                    "sha256", sha256 == null ? "" : sha256, "notes", notes == null ? "" : notes));
            response.setStatus(problem.status().value());
            return "firmware/firmware";
        }
    }

    // ------------------------------------------------------------------------------------------------ campaigns

    /** Step 1: the campaign planned and shown; nothing is stored or sent. */
    @PostMapping("/firmware/campaigns/preview")
    @PreAuthorize(ISSUERS)
    String preview(CampaignForm form, Authentication user, Model model, HttpServletResponse response) {
        try {
            PageForms.keyOf(form.key());
            previewModel(form, campaigns.preview(form.request()), model);
            return "firmware/campaign-preview";
        } catch (ApiProblem problem) {
            return campaignFormAgain(problem, form, user, model, response);
        }
    }

    /** Step 2: started from the preview; the same form again (a double click, a resent page) is the same campaign. */
    @PostMapping("/firmware/campaigns")
    @PreAuthorize(ISSUERS)
    String create(CampaignForm form, Principal staff, Authentication user, Model model, HttpServletResponse response) {
        try {
            Campaigns.Submitted s = campaigns.create(form.request(), staff.getName(), PageForms.keyOf(form.key()));
            return "redirect:/firmware/campaigns/" + s.campaign().id();
        } catch (ApiProblem problem) {
            return campaignFormAgain(problem, form, user, model, response);
        }
    }

    private static void previewModel(CampaignForm form, Campaigns.Plan plan, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("plan", plan);
        model.addAttribute("target", form.where().describe(plan.meterCount()));
        model.addAttribute("waves", waves(plan.waveSizes()));
    }

    private String campaignFormAgain(ApiProblem problem, CampaignForm form, Authentication user, Model model,
                                     HttpServletResponse response) {
        firmwareModel(user, model);
        model.addAttribute("campaignError", PageForms.message(problem));
        model.addAttribute("campaignForm", form);
        response.setStatus(problem.status().value());
        return "firmware/firmware";
    }

    @GetMapping("/firmware/campaigns/{id}")
    @PreAuthorize(PageForms.READERS)
    String campaign(@PathVariable long id, @RequestParam(required = false) String status, Authentication user,
                    Model model) {
        campaignModel(id, status, user, model);
        return "firmware/campaign";
    }

    @GetMapping("/firmware/campaigns/{id}/progress")
    @PreAuthorize(PageForms.READERS)
    String progress(@PathVariable long id, @RequestParam(required = false) String status, Authentication user,
                    Model model) {
        campaignModel(id, status, user, model);
        return "firmware/campaign :: progress";
    }

    private void campaignModel(long id, String status, Authentication user, Model model) {
        Campaigns.CampaignView c = campaigns.find(id)
                .orElseThrow(() -> ApiProblem.notFound("id", "No firmware campaign " + id));
        String only = status == null || status.isBlank() ? null : status;
        if (only != null && !STATUSES.contains(only)) {
            throw ApiProblem.badRequest("status", "must be one of " + STATUSES);
        }
        int toUpgrade = c.meterCount() - c.skippedCount();
        int finished = c.counts().entrySet().stream()
                .filter(e -> !Set.of("PENDING", "SENT", "SKIPPED").contains(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
        model.addAttribute("campaign", c);
        model.addAttribute("status", only);
        model.addAttribute("toUpgrade", toUpgrade);
        model.addAttribute("finished", finished);
        model.addAttribute("meters", campaigns.meters(id, only, 0, METERS_SHOWN));
        model.addAttribute("metersShown", METERS_SHOWN);
        model.addAttribute("canAct", PageForms.canAct(user));
        model.addAttribute("pollSeconds", pollSeconds);
        // Followed while it runs, and while a halted or cancelled campaign still has commands with the meters.
        model.addAttribute("live", c.state().equals("RUNNING") || c.counts().getOrDefault("SENT", 0) > 0);
    }

    /** What each staff action on a campaign is called and does, for its confirmation page. */
    private static final Map<String, String[]> ACTIONS = Map.of(
            "halt", new String[] {"Halt", "No further wave is sent until the campaign is resumed; the commands of the "
                    + "wave in flight complete and are recorded."},
            "resume", new String[] {"Resume", "The wave in flight is judged against the failure threshold once final, "
                    + "then the next wave is sent."},
            "cancel", new String[] {"Cancel", "No further wave is sent and the wave's commands not yet with the HES are "
                    + "cancelled; a cancelled campaign cannot be resumed."});

    /** The confirmation of a halt, resume or cancel: what it does, and the reason it needs. */
    @GetMapping("/firmware/campaigns/{id}/{action:halt|resume|cancel}")
    @PreAuthorize(ISSUERS)
    String confirmAction(@PathVariable long id, @PathVariable String action, Model model) {
        actionModel(id, action, model);
        return "firmware/campaign-action";
    }

    @PostMapping("/firmware/campaigns/{id}/{action:halt|resume|cancel}")
    @PreAuthorize(ISSUERS)
    String act(@PathVariable long id, @PathVariable String action, @RequestParam(required = false) String reason,
               Principal staff, Model model, HttpServletResponse response) {
        try {
            switch (action) {
                case "halt" -> campaigns.halt(id, staff.getName(), reason);
                case "resume" -> campaigns.resume(id, staff.getName(), reason);
                default -> campaigns.cancel(id, staff.getName(), reason);
            }
            return "redirect:/firmware/campaigns/" + id;
        } catch (ApiProblem problem) {
            if (problem.status().value() == 404) {
                throw problem;
            }
            actionModel(id, action, model);
            model.addAttribute("actionError", PageForms.message(problem));
            response.setStatus(problem.status().value());
            return "firmware/campaign-action";
        }
    }

    private void actionModel(long id, String action, Model model) {
        model.addAttribute("campaign", campaigns.find(id)
                .orElseThrow(() -> ApiProblem.notFound("id", "No firmware campaign " + id)));
        model.addAttribute("action", action);
        model.addAttribute("actionLabel", ACTIONS.get(action)[0]);
        model.addAttribute("actionHelp", ACTIONS.get(action)[1]);
    }

    /** Meters per wave as the preview lists them: "pilot 2, then 3, 3, 1". */
    static String waves(List<Integer> sizes) {
        if (sizes.isEmpty()) {
            return "none";
        }
        List<String> rest = new ArrayList<>();
        sizes.subList(1, sizes.size()).forEach(n -> rest.add(String.valueOf(n)));
        return "pilot " + sizes.get(0) + (rest.isEmpty() ? "" : ", then " + String.join(", ", rest));
    }

    @Bean
    static StaffFunction firmwareFunction() {
        return new StaffFunction("Operations", "Firmware", "/firmware",
                "Firmware images and campaigns in waves: pilot first, halt above a failure threshold, per-meter results",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.VIEWER), 12);
    }
}

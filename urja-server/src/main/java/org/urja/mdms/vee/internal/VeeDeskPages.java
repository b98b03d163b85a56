package org.urja.mdms.vee.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;
import org.urja.mdms.reading.IntervalEdits;

/**
 * The VEE exception desk (staff portal, operators and administrators): the queue of open validation findings with
 * filters, a meter-day side by side with the estimate offered, and the actions — approve, accept the estimate, edit
 * with a reason, approve in bulk within the limit. Each action answers with the page again and a notice or the
 * refusal; a refused action changes nothing.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
class VeeDeskPages {

    /** Feeders offered in the filter's list (a DT's code is typed). */
    static final int FEEDERS = 5_000;

    private final VeeDesk desk;
    private final NetworkRegistry network;

    VeeDeskPages(VeeDesk desk, NetworkRegistry network) {
        this.desk = desk;
        this.network = network;
    }

    @GetMapping("/vee/exceptions")
    String queue(@RequestParam(required = false) String rule, @RequestParam(required = false) String node,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                 @RequestParam(required = false) String severity, Model model) {
        VeeDesk.Filter filter = new VeeDesk.Filter(rule, node, day, severity);
        model.addAttribute("filter", filter);
        model.addAttribute("rules", desk.rules());
        model.addAttribute("feeders", network.nodes(NetworkLevel.FEEDER, FEEDERS));
        try {
            model.addAttribute("queue", desk.queue(filter));
        } catch (ApiProblem e) {
            model.addAttribute("error", e.getMessage());
        }
        return "vee/exceptions";
    }

    @PostMapping("/vee/exceptions/bulk-approval")
    String bulkApprove(@RequestParam(required = false) String rule, @RequestParam(required = false) String node,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                       @RequestParam(required = false) String severity, @RequestParam(required = false) String reason,
                       Principal user, HttpServletRequest request, RedirectAttributes flash) {
        VeeDesk.Filter filter = new VeeDesk.Filter(rule, node, day, severity);
        try {
            int approved = desk.bulkApprove(filter, reason, user.getName(), request.getRemoteAddr());
            flash.addFlashAttribute("notice", approved + " findings approved");
        } catch (ApiProblem e) {
            desk.refused(user.getName(), "VEE_FINDINGS_APPROVED", "bulk", e, request.getRemoteAddr());
            flash.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/vee/exceptions").queryParam("rule", nullToEmpty(filter.rule()))
                .queryParam("node", nullToEmpty(filter.node())).queryParam("day", day == null ? "" : day.toString())
                .queryParam("severity", nullToEmpty(filter.severity())).encode().build().toUriString();
    }

    @GetMapping("/vee/exceptions/meters/{serial}/days/{day}")
    String meterDay(@PathVariable String serial, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                    Model model) {
        model.addAttribute("serial", serial);
        model.addAttribute("day", day);
        model.addAttribute("md", desk.meterDay(serial, day).orElse(null));
        return "vee/meter-day";
    }

    @PostMapping("/vee/exceptions/findings/{id}/approval")
    String approve(@PathVariable long id, @RequestParam(required = false) String reason,
                   @RequestParam String serial, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                   Principal user, HttpServletRequest request, RedirectAttributes flash) {
        try {
            VeeController.FindingView f = desk.approve(id, reason, user.getName(), request.getRemoteAddr());
            flash.addFlashAttribute("notice", "Finding " + id + " (" + f.rule() + ") approved");
        } catch (ApiProblem e) {
            desk.refused(user.getName(), "VEE_FINDING_APPROVED", "finding " + id, e, request.getRemoteAddr());
            flash.addFlashAttribute("error", e.getMessage());
        }
        return redirectToDay(serial, day);
    }

    @PostMapping("/vee/exceptions/meters/{serial}/days/{day}/estimate")
    String acceptEstimate(@PathVariable String serial,
                          @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                          @RequestParam(required = false) String reason, Principal user, HttpServletRequest request,
                          RedirectAttributes flash) {
        try {
            IntervalEdits.Edited e = desk.acceptEstimate(serial, day, reason, user.getName(), request.getRemoteAddr());
            flash.addFlashAttribute("notice", "Estimate accepted: version " + e.version() + " (" + e.editedSlots()
                    + " intervals)");
        } catch (ApiProblem e) {
            desk.refused(user.getName(), "VEE_ESTIMATE_ACCEPTED", serial + " " + day, e, request.getRemoteAddr());
            flash.addFlashAttribute("error", e.getMessage());
        }
        return redirectToDay(serial, day);
    }

    /** Form fields {@code value-<slot>}: the slots whose field is filled in are edited. */
    @PostMapping("/vee/exceptions/meters/{serial}/days/{day}/edit")
    String edit(@PathVariable String serial, @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                @RequestParam Map<String, String> form, Principal user, HttpServletRequest request,
                RedirectAttributes flash) {
        try {
            List<IntervalEdits.SlotValue> values = new ArrayList<>();
            for (Map.Entry<String, String> e : form.entrySet()) {
                if (e.getKey().startsWith("value-") && e.getValue() != null && !e.getValue().isBlank()) {
                    int slot = parseSlot(e.getKey());
                    values.add(new IntervalEdits.SlotValue(slot, parseValue(e.getValue(), slot)));
                }
            }
            if (values.isEmpty()) {
                throw ApiProblem.badRequest("values", "Enter a value for at least one interval");
            }
            IntervalEdits.Edited e = desk.edit(serial, day, values, form.get("reason"), user.getName(),
                    request.getRemoteAddr());
            flash.addFlashAttribute("notice", "Edited: version " + e.version() + " (" + e.editedSlots() + " intervals)");
        } catch (ApiProblem e) {
            desk.refused(user.getName(), "VEE_INTERVALS_EDITED", serial + " " + day, e, request.getRemoteAddr());
            flash.addFlashAttribute("error", e.getMessage());
        }
        return redirectToDay(serial, day);
    }

    private static int parseSlot(String key) {
        try {
            return Integer.parseInt(key.substring("value-".length()));
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(key, "Not an interval: " + key);
        }
    }

    private static BigDecimal parseValue(String text, int slot) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("value-" + slot, "Not a number: " + text);
        }
    }

    private static String redirectToDay(String serial, LocalDate day) {
        return "redirect:" + UriComponentsBuilder.fromPath("/vee/exceptions/meters/{serial}/days/{day}")
                .buildAndExpand(serial, day).encode().toUriString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Bean
    static StaffFunction veeExceptionDeskFunction() {
        return new StaffFunction("Data quality", "VEE exception desk", "/vee/exceptions",
                "Validation failures by rule, feeder and day; actual beside estimate; approve or edit with a reason",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR), 40);
    }
}

package org.urja.mdms.care.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.EnumSet;

import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.care.Complaint;
import org.urja.mdms.care.ComplaintRoute;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * The customer-care desk page: the service requests and complaints still waiting (SLA breaches first flagged), a
 * desk's complaint queue, complaints by status (the visits not done), and one consumer's cases. A complaint whose
 * visit was not done gets a new visit here; other actions are taken through the API.
 */
@Controller
class CarePages {

    private final ServiceRequestService requests;
    private final ComplaintService complaints;

    CarePages(ServiceRequestService requests, ComplaintService complaints) {
        this.requests = requests;
        this.complaints = complaints;
    }

    @GetMapping("/care")
    @PreAuthorize(ServiceRequestController.CARE_STAFF)
    String desk(@RequestParam(required = false) String consumerNo, @RequestParam(required = false) ComplaintRoute route,
                @RequestParam(required = false) String status, Model model) {
        String consumer = consumerNo == null || consumerNo.isBlank() ? null : consumerNo.strip();
        String state = status == null || !ComplaintController.STATUSES.contains(status) ? null : status;
        model.addAttribute("consumerNo", consumer);
        model.addAttribute("route", route);
        model.addAttribute("status", state);
        model.addAttribute("routes", ComplaintRoute.values());
        model.addAttribute("requests", requests.list(consumer, null, consumer == null ? true : null, 200));
        boolean filtered = consumer != null || route != null || state != null;
        model.addAttribute("complaints", complaints.list(consumer, state != null ? state
                : consumer == null && route != null ? "ROUTED" : null, route, filtered ? null : true, 200));
        return "care/desk";
    }

    /** The care desk raises a new visit for a complaint whose visit was not done; back to that consumer's cases. */
    @PostMapping("/care/complaints/{crn}/visit")
    @PreAuthorize(ServiceRequestController.CARE_STAFF)
    String newVisit(@PathVariable String crn, @RequestParam(required = false) String note, Principal user,
                    Model model) {
        try {
            Complaint c = complaints.newVisit(crn, note, user.getName());
            return "redirect:/care?consumerNo=" + URLEncoder.encode(c.consumerNo(), StandardCharsets.UTF_8)
                    + "&visitRaised=" + URLEncoder.encode(crn, StandardCharsets.UTF_8);
        } catch (ApiProblem problem) {
            model.addAttribute("visitError", crn + ": " + problem.getMessage());
            return desk(null, null, ComplaintService.VISIT_NOT_DONE, model);
        }
    }

    @Bean
    static StaffFunction careFunction() {
        return new StaffFunction("Customer care", "Service requests and complaints", "/care",
                "SLA breaches, a desk's complaint queue, a consumer's requests and complaints with their history",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.BILLING), 60);
    }
}

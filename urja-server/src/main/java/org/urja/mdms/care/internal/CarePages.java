package org.urja.mdms.care.internal;

import java.util.EnumSet;

import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.care.ComplaintRoute;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * The customer-care desk page: the service requests and complaints still waiting (SLA breaches first flagged), a
 * desk's complaint queue, and one consumer's cases. Actions are taken through the API.
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
                Model model) {
        String consumer = consumerNo == null || consumerNo.isBlank() ? null : consumerNo.strip();
        model.addAttribute("consumerNo", consumer);
        model.addAttribute("route", route);
        model.addAttribute("routes", ComplaintRoute.values());
        model.addAttribute("requests", requests.list(consumer, null, consumer == null ? true : null, 200));
        model.addAttribute("complaints", complaints.list(consumer, consumer == null && route != null ? "ROUTED" : null,
                route, consumer == null && route == null ? true : null, 200));
        return "care/desk";
    }

    @Bean
    static StaffFunction careFunction() {
        return new StaffFunction("Customer care", "Service requests and complaints", "/care",
                "SLA breaches, a desk's complaint queue, a consumer's requests and complaints with their history",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.BILLING), 60);
    }
}

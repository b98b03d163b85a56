package org.urja.mdms.overview.internal;

import java.util.List;
import java.util.function.Function;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.urja.mdms.billing.Bills;
import org.urja.mdms.care.Complaints;
import org.urja.mdms.care.ServiceRequests;
import org.urja.mdms.connection.Connections;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;

/**
 * The consumer's account on the 360 page: postpaid bills (with the PDF), service requests, complaints and new
 * connection requests of the consumer served by the meter — each section one call of the owning module's published
 * API, shown only to the roles that module lets read it ({@link SectionAccess}).
 */
@Controller
class AccountSections {

    private static final int ROWS = 12;

    private final NetworkRegistry network;
    private final Bills bills;
    private final ServiceRequests serviceRequests;
    private final Complaints complaints;
    private final Connections connections;

    AccountSections(NetworkRegistry network, Bills bills, ServiceRequests serviceRequests, Complaints complaints,
                    Connections connections) {
        this.network = network;
        this.bills = bills;
        this.serviceRequests = serviceRequests;
        this.complaints = complaints;
        this.connections = connections;
    }

    /** The consumer's bills, newest first, with each one's status and outstanding amount, and the account's balance. */
    @GetMapping("/meters/{serial}/360/bills")
    @PreAuthorize("@m360Access.may('BILLS', authentication)")
    String bills(@PathVariable String serial, Model model) {
        String consumerNo = consumer(serial, model);
        model.addAttribute("history", consumerNo == null ? null : bills.ofConsumer(consumerNo, ROWS));
        return "overview/sections :: bills";
    }

    /** A bill as the consumer receives it, for the staff portal (the REST API's PDF needs HTTP Basic). */
    @GetMapping("/customers/360/bills/{billNo}/pdf")
    @PreAuthorize("@m360Access.may('BILLS', authentication)")
    ResponseEntity<byte[]> billPdf(@PathVariable String billNo) {
        byte[] pdf = bills.pdf(billNo).orElseThrow(() -> ApiProblem.notFound("billNo", "No bill " + billNo));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(billNo + ".pdf").build().toString())
                .body(pdf);
    }

    @GetMapping("/meters/{serial}/360/service-requests")
    @PreAuthorize("@m360Access.may('CARE', authentication)")
    String serviceRequests(@PathVariable String serial, Model model, Authentication user) {
        return careSection(serial, model, user, "service-requests", no -> serviceRequests.ofConsumer(no, ROWS));
    }

    @GetMapping("/meters/{serial}/360/complaints")
    @PreAuthorize("@m360Access.may('CARE', authentication)")
    String complaints(@PathVariable String serial, Model model, Authentication user) {
        return careSection(serial, model, user, "complaints", no -> complaints.ofConsumer(no, ROWS));
    }

    /** The consumer's cases in the fragment, and whether the user may open the care desk (their details). */
    private String careSection(String serial, Model model, Authentication user, String fragment,
                               Function<String, List<?>> cases) {
        String consumerNo = consumer(serial, model);
        model.addAttribute("cases", consumerNo == null ? List.of() : cases.apply(consumerNo));
        model.addAttribute("careDesk", SectionAccess.may(SectionAccess.Section.CARE_DESK, user));
        return "overview/sections :: " + fragment;
    }

    /** The consumer's new-connection requests (UC12), if the account was opened through one. */
    @GetMapping("/meters/{serial}/360/connections")
    @PreAuthorize("@m360Access.may('CONNECTIONS', authentication)")
    String connections(@PathVariable String serial, Model model) {
        String consumerNo = consumer(serial, model);
        model.addAttribute("connections", consumerNo == null ? List.of()
                : connections.ofConsumer(consumerNo, ROWS));
        return "overview/sections :: connections";
    }

    /** The consumer the meter serves now (null: none), put in the model; a meter nobody knows is a 404. */
    private String consumer(String serial, Model model) {
        NetworkRegistry.MeterSummary m = network.meterSummaries(List.of(serial)).get(serial);
        if (m == null) {
            throw ApiProblem.notFound("serial", "No meter " + serial);
        }
        model.addAttribute("serial", serial);
        model.addAttribute("consumerNo", m.consumerNo());
        return m.consumerNo();
    }
}

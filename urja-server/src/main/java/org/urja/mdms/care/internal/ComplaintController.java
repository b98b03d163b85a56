package org.urja.mdms.care.internal;

import java.security.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.care.Complaint;
import org.urja.mdms.care.ComplaintCategory;
import org.urja.mdms.care.ComplaintRoute;
import org.urja.mdms.care.Complaints;
import org.urja.mdms.platform.ApiProblem;

/**
 * Complaints over HTTP (UC20): customer-care staff (ADMIN, OPERATOR, BILLING) register a consumer's complaint with an
 * {@code Idempotency-Key}, close a resolved one or re-open it for the consumer; the billing desk (BILLING) and the
 * care desk (OPERATOR) resolve what is routed to them (ADMIN both); complaints routed to OMS or WFM are resolved by
 * those systems' completion — a field visit not carried out comes back to the care desk, which raises a new visit or
 * resolves it. Every staff role but VIEWER reads them.
 */
@RestController
@RequestMapping("/api/v1/complaints")
@Validated
@PreAuthorize(ServiceRequestController.READERS)
class ComplaintController {

    record NewComplaint(@NotNull ComplaintCategory category, String consumerNo, String meterSerialNo,
                        String description, String channel) {
    }

    record CategoryEntry(ComplaintCategory category, String label, ComplaintRoute route, Duration sla) {
    }

    record Note(@NotBlank @Size(min = 3, max = 2000) String note) {
    }

    record OptionalNote(@Size(max = 2000) String note) {
    }

    record Reopening(String reason) {
    }

    static final List<String> STATUSES = List.of("REGISTERED", "ROUTED", "RESOLVED", "CLOSED", "REOPENED",
            ComplaintService.VISIT_NOT_DONE);

    private final ComplaintService complaints;
    private final CareProperties props;

    ComplaintController(ComplaintService complaints, CareProperties props) {
        this.complaints = complaints;
        this.props = props;
    }

    /** UC20.2–20.4: 201 with the CRN (acknowledged by SMS/email) and where it was routed; 200 for a repeat. */
    @PostMapping
    @PreAuthorize(ServiceRequestController.CARE_STAFF)
    ResponseEntity<Complaint> register(@RequestHeader(name = "Idempotency-Key", required = false) String key,
                                       @Valid @RequestBody NewComplaint body, Principal user) {
        Complaints.Registered r = complaints.register(new Complaints.NewComplaint(body.category(), body.consumerNo(),
                body.meterSerialNo(), body.description(), body.channel(), user.getName(), key));
        return ResponseEntity.status(r.created() ? 201 : 200).body(r.complaint());
    }

    /** The categories: where each is routed and its SLA. */
    @GetMapping("/categories")
    List<CategoryEntry> categories() {
        return Arrays.stream(ComplaintCategory.values())
                .map(c -> new CategoryEntry(c, c.label(), c.route(), props.sla(c))).toList();
    }

    /**
     * Most recent first: a consumer's ({@code consumerNo}), by {@code status}, a desk's queue ({@code route=BILLING_DESK
     * &status=ROUTED}), {@code breached=true} the SLA breaches.
     */
    @GetMapping
    List<Complaint> list(@RequestParam(required = false) String consumerNo,
                         @RequestParam(required = false) String status,
                         @RequestParam(required = false) ComplaintRoute route,
                         @RequestParam(required = false) Boolean breached,
                         @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.badRequest("status", "status is one of " + STATUSES);
        }
        return complaints.list(consumerNo, status, route, breached, limit);
    }

    /** One complaint with its history (every state change: who, when, note). */
    @GetMapping("/{crn}")
    Complaint get(@PathVariable String crn) {
        return complaints.find(crn).orElseThrow(() -> ApiProblem.notFound("crn", "No complaint " + crn));
    }

    /** UC20.5 at a desk: the billing desk (BILLING) or care desk (OPERATOR) resolves what was routed to it. */
    @PostMapping("/{crn}/resolution")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING')")
    Complaint resolve(@PathVariable String crn, @Valid @RequestBody Note body, Authentication user) {
        boolean admin = has(user, "ROLE_ADMIN");
        return complaints.resolveAtDesk(crn, body.note(), user.getName(), admin || has(user, "ROLE_BILLING"),
                admin || has(user, "ROLE_OPERATOR"));
    }

    /**
     * The care desk raises a new field visit for a complaint whose visit was not carried out (VISIT_NOT_DONE) or was
     * cancelled; {@code note} (when the consumer is available, what to bring …) goes to the field force. ROUTED again.
     */
    @PostMapping("/{crn}/visit")
    @PreAuthorize(ServiceRequestController.CARE_STAFF)
    Complaint newVisit(@PathVariable String crn, @RequestBody(required = false) OptionalNote body, Principal user) {
        return complaints.newVisit(crn, body == null ? null : body.note(), user.getName());
    }

    /** UC20.6: a resolved complaint is closed and the consumer told. */
    @PostMapping("/{crn}/closure")
    @PreAuthorize(ServiceRequestController.CARE_STAFF)
    Complaint close(@PathVariable String crn, @Valid @RequestBody(required = false) OptionalNote body, Principal user) {
        String note = body == null || body.note() == null || body.note().isBlank() ? "Closed" : body.note();
        return complaints.close(crn, note, user.getName());
    }

    /** The consumer says it is not resolved: re-opened (within urja.care.reopen-window) and routed again. */
    @PostMapping("/{crn}/reopening")
    @PreAuthorize(ServiceRequestController.CARE_STAFF)
    Complaint reopen(@PathVariable String crn, @RequestBody(required = false) Reopening body, Principal user) {
        return complaints.reopen(crn, body == null ? null : body.reason(), user.getName());
    }

    private static boolean has(Authentication user, String authority) {
        return user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals(authority));
    }
}

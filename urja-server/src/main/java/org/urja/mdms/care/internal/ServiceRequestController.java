package org.urja.mdms.care.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.care.ServiceRequest;
import org.urja.mdms.care.ServiceRequestType;
import org.urja.mdms.care.ServiceRequests;
import org.urja.mdms.platform.ApiProblem;

/**
 * Service requests over HTTP (UC19): customer-care staff (ADMIN, OPERATOR, BILLING) record a consumer's request with
 * an {@code Idempotency-Key} (the same key and request again: 200 with the first), follow, assign, resolve, close or
 * reject it; every staff role but VIEWER reads them (they hold personal data).
 */
@RestController
@RequestMapping("/api/v1/service-requests")
@Validated
@PreAuthorize(ServiceRequestController.READERS)
class ServiceRequestController {

    static final String READERS = "hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR')";
    static final String CARE_STAFF = "hasAnyRole('ADMIN', 'OPERATOR', 'BILLING')";

    record NewRequest(@NotNull ServiceRequestType type, String consumerNo, Map<String, Object> details,
                      String description, String channel) {
    }

    record CatalogueEntry(ServiceRequestType type, String label, Duration sla, List<String> requiredFields,
                          List<String> optionalFields, boolean needsOneOfOptional) {
    }

    record Assignment(@NotBlank @Size(max = 100) String assignee) {
    }

    record Note(@NotBlank @Size(min = 3, max = 2000) String note) {
    }

    record OptionalNote(@Size(max = 2000) String note) {
    }

    record Rejection(@NotBlank @Size(min = 5, max = 1000) String reason) {
    }

    private final ServiceRequestService requests;
    private final CareProperties props;

    ServiceRequestController(ServiceRequestService requests, CareProperties props) {
        this.requests = requests;
        this.props = props;
    }

    /** UC19.2–19.3: 201 with the SRN (acknowledged to the consumer by SMS/email), or 200 for a repeated request. */
    @PostMapping
    @PreAuthorize(CARE_STAFF)
    ResponseEntity<ServiceRequest> create(@RequestHeader(name = "Idempotency-Key", required = false) String key,
                                          @Valid @RequestBody NewRequest body, Principal user) {
        ServiceRequests.Submitted s = requests.submit(new ServiceRequests.NewServiceRequest(body.type(),
                body.consumerNo(), texts(body.details()), body.description(), body.channel(), user.getName(), key));
        return ResponseEntity.status(s.created() ? 201 : 200).body(s.request());
    }

    /** The catalogue: each type with its SLA and the fields of {@code details} it takes. */
    @GetMapping("/types")
    List<CatalogueEntry> types() {
        return Arrays.stream(ServiceRequestType.values()).map(t -> new CatalogueEntry(t, t.label(), props.sla(t),
                t.requiredFields(), t.optionalFields(), t.needsOneOfOptional())).toList();
    }

    /** Most recent first: a consumer's ({@code consumerNo}), by {@code status}, {@code breached=true} the SLA breaches. */
    @GetMapping
    List<ServiceRequest> list(@RequestParam(required = false) String consumerNo,
                              @RequestParam(required = false) String status,
                              @RequestParam(required = false) Boolean breached,
                              @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (status != null && !List.of("OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED", "REJECTED").contains(status)) {
            throw ApiProblem.badRequest("status", "status is OPEN, IN_PROGRESS, RESOLVED, CLOSED or REJECTED");
        }
        return requests.list(consumerNo, status, breached, limit);
    }

    /** One request with its history (every state change: who, when, note). */
    @GetMapping("/{srn}")
    ServiceRequest get(@PathVariable String srn) {
        return requests.find(srn).orElseThrow(() -> ApiProblem.notFound("srn", "No service request " + srn));
    }

    @PostMapping("/{srn}/assignment")
    @PreAuthorize(CARE_STAFF)
    ServiceRequest assign(@PathVariable String srn, @Valid @RequestBody Assignment body, Principal user) {
        return requests.assign(srn, body.assignee(), user.getName());
    }

    /** UC19.4: resolved; a name, address, contact or load change updates the consumer record. */
    @PostMapping("/{srn}/resolution")
    @PreAuthorize(CARE_STAFF)
    ServiceRequest resolve(@PathVariable String srn, @Valid @RequestBody Note body, Principal user) {
        return requests.resolve(srn, body.note(), user.getName());
    }

    /** UC19.5: a resolved request is closed and the consumer told. */
    @PostMapping("/{srn}/closure")
    @PreAuthorize(CARE_STAFF)
    ServiceRequest close(@PathVariable String srn, @Valid @RequestBody(required = false) OptionalNote body,
                         Principal user) {
        String note = body == null || body.note() == null || body.note().isBlank() ? "Closed" : body.note();
        return requests.close(srn, note, user.getName());
    }

    @PostMapping("/{srn}/rejection")
    @PreAuthorize(CARE_STAFF)
    ServiceRequest reject(@PathVariable String srn, @Valid @RequestBody Rejection body, Principal user) {
        return requests.reject(srn, body.reason(), user.getName());
    }

    /** The values of {@code details} as text (numbers as written, true/false); anything but a scalar is refused. */
    private static Map<String, String> texts(Map<String, Object> details) {
        if (details == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List) {
                throw ApiProblem.badRequest("details." + k, "a text, number or true/false");
            }
            out.put(k, v == null ? null : v instanceof BigDecimal d ? d.toPlainString() : v.toString());
        });
        return out;
    }
}

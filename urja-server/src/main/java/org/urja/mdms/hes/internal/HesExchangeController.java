package org.urja.mdms.hes.internal;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.hes.contract.MeterReadRequest;
import org.urja.hes.contract.ReadingProfile;
import org.urja.mdms.hes.HesClient;
import org.urja.mdms.hes.InboundMessages;
import org.urja.mdms.hes.OutboundRequest;
import org.urja.mdms.platform.ApiProblem;

/**
 * Staff view of the exchange with the HES, and on-demand read requests (UC21.1, UC12.4) with where each of their
 * meters stands (UC21.2, UC12.5).
 */
@RestController
@RequestMapping("/api/v1/hes-exchange")
@Validated
class HesExchangeController {

    private final InboundMessages inbound;
    private final HesClient hes;
    private final ReadRequestStore reads;

    HesExchangeController(InboundMessages inbound, HesClient hes, ReadRequestStore reads) {
        this.inbound = inbound;
        this.hes = hes;
        this.reads = reads;
    }

    @GetMapping("/inbound")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    List<InboundMessages.Summary> inbound(@RequestParam(required = false) String noun,
                                          @RequestParam(required = false) String meter,
                                          @RequestParam(required = false) String correlationId,
                                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return inbound.recent(noun, meter, correlationId, limit);
    }

    @GetMapping(path = "/inbound/{messageId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    String inboundPayload(@PathVariable String messageId) {
        return inbound.payload(messageId)
                .orElseThrow(() -> ApiProblem.notFound("messageId", "No message " + messageId + " from the HES"));
    }

    @GetMapping("/outbound/{correlationId}")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    OutboundRequest outbound(@PathVariable String correlationId) {
        return hes.find(correlationId)
                .orElseThrow(() -> ApiProblem.notFound("correlationId", "No request " + correlationId));
    }

    record ReadRequest(@NotEmpty @Size(max = 1000) List<@NotNull String> meterSerialNos,
                       @NotEmpty List<@NotNull ReadingProfile> profiles, boolean includeEvents, Instant from, Instant to) {
    }

    @PostMapping("/read-requests")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    ResponseEntity<OutboundRequest> read(@Valid @RequestBody ReadRequest request, Principal staff,
                                         @RequestHeader(name = "Idempotency-Key", required = false)
                                         @Size(max = 100) String idempotencyKey) {
        if (request.from() != null && request.to() != null && !request.from().isBefore(request.to())) {
            throw ApiProblem.invalid("from", "from must be before to");
        }
        OutboundRequest sent = hes.requestReadings(request.meterSerialNos(), request.profiles(), request.includeEvents(),
                request.from(), request.to(), MeterReadRequest.Purpose.ON_DEMAND, staff.getName(),
                idempotencyKey == null ? null : staff.getName() + ":" + idempotencyKey);
        return ResponseEntity.status("ACKNOWLEDGED".equals(sent.status()) ? 202 : 502).body(sent);
    }

    /** A read request (who, when, what, for which period) and each meter's state: REQUESTED, RECEIVED, FAILED, TIMED_OUT. */
    @GetMapping("/read-requests/{correlationId}")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    ReadRequestStore.ReadRequestStatus readRequest(@PathVariable String correlationId) {
        return reads.find(correlationId)
                .orElseThrow(() -> ApiProblem.notFound("correlationId", "No read request " + correlationId));
    }

    /** Recent read requests, newest first; with {@code meterSerialNo}, those of that meter with its state. */
    @GetMapping("/read-requests")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    List<ReadRequestStore.ReadRequestStatus> readRequests(@RequestParam(required = false) String meterSerialNo,
                                                          @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return reads.recent(meterSerialNo, limit);
    }
}

package org.urja.mdms.firmware.internal;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.urja.mdms.platform.ApiProblem;

/**
 * Firmware campaigns over HTTP (UC8.1): OPERATOR and ADMIN create (with an {@code Idempotency-Key}: the same request
 * again returns the first campaign, 200), halt, resume and cancel; every staff role follows progress and per-meter
 * results.
 */
@RestController
@RequestMapping("/api/v1/firmware-campaigns")
@Validated
class CampaignController {

    static final String ISSUERS = "hasAnyRole('ADMIN', 'OPERATOR')";
    private static final Set<String> STATUSES = Set.of("PENDING", "SKIPPED", "SENT", "SUCCEEDED", "FAILED", "TIMED_OUT",
            "REFUSED", "CANCELLED");

    record ActionBody(String reason) {
    }

    private final Campaigns campaigns;

    CampaignController(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @PostMapping
    @PreAuthorize(ISSUERS)
    ResponseEntity<Campaigns.CampaignView> create(@RequestBody Campaigns.CampaignRequest body, Principal staff,
                                                  @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Campaigns.Submitted s = campaigns.create(body, staff.getName(), key);
        return s.duplicate() ? ResponseEntity.ok(s.campaign())
                : ResponseEntity.created(URI.create("/api/v1/firmware-campaigns/" + s.campaign().id())).body(s.campaign());
    }

    /** State, counts per status, and each wave with its command group. */
    @GetMapping("/{id}")
    @PreAuthorize(FirmwareImageController.READERS)
    Campaigns.CampaignView campaign(@PathVariable long id) {
        return campaigns.find(id).orElseThrow(() -> ApiProblem.notFound("id", "No firmware campaign " + id));
    }

    /** Per-meter results in serial order, a page at a time, optionally of one status. */
    @GetMapping("/{id}/meters")
    @PreAuthorize(FirmwareImageController.READERS)
    List<Campaigns.MeterResult> meters(@PathVariable long id, @RequestParam(required = false) String status,
                                       @RequestParam(defaultValue = "0") @Min(0) int page,
                                       @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.badRequest("status", "must be one of " + STATUSES);
        }
        return campaigns.meters(id, status, page, size);
    }

    /** Stops a RUNNING campaign where it stands (the wave in flight completes); 409 in any other state. */
    @PostMapping("/{id}/halt")
    @PreAuthorize(ISSUERS)
    Campaigns.CampaignView halt(@PathVariable long id, @RequestBody(required = false) ActionBody body, Principal staff) {
        return campaigns.halt(id, staff.getName(), body == null ? null : body.reason());
    }

    @PostMapping("/{id}/resume")
    @PreAuthorize(ISSUERS)
    Campaigns.CampaignView resume(@PathVariable long id, @RequestBody(required = false) ActionBody body, Principal staff) {
        return campaigns.resume(id, staff.getName(), body == null ? null : body.reason());
    }

    @PostMapping("/{id}/cancel")
    @PreAuthorize(ISSUERS)
    Campaigns.CampaignView cancel(@PathVariable long id, @RequestBody(required = false) ActionBody body, Principal staff) {
        return campaigns.cancel(id, staff.getName(), body == null ? null : body.reason());
    }
}

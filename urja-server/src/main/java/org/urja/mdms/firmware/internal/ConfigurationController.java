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
 * Configuration profiles over HTTP (UC8.2, UC8.3): OPERATOR and ADMIN create profiles and apply them to meters (with
 * an {@code Idempotency-Key}); every staff role follows an application and each meter's VERIFIED / MISMATCH outcome.
 */
@RestController
@RequestMapping("/api/v1")
@Validated
class ConfigurationController {

    private static final Set<String> STATUSES = Set.of("APPLYING", "COMMAND_FAILED", "READING_BACK", "VERIFIED",
            "MISMATCH", "READ_FAILED");

    private final Configurations configurations;

    ConfigurationController(Configurations configurations) {
        this.configurations = configurations;
    }

    @PostMapping("/configuration-profiles")
    @PreAuthorize(CampaignController.ISSUERS)
    ResponseEntity<Configurations.Profile> create(@RequestBody Configurations.ProfileRequest body, Principal staff) {
        Configurations.Profile p = configurations.createProfile(body, staff.getName());
        return ResponseEntity.created(URI.create("/api/v1/configuration-profiles/" + p.name())).body(p);
    }

    @GetMapping("/configuration-profiles")
    @PreAuthorize(FirmwareImageController.READERS)
    List<Configurations.Profile> profiles() {
        return configurations.profiles();
    }

    @GetMapping("/configuration-profiles/{name}")
    @PreAuthorize(FirmwareImageController.READERS)
    Configurations.Profile profile(@PathVariable String name) {
        return configurations.profile(name)
                .orElseThrow(() -> ApiProblem.notFound("name", "No configuration profile " + name));
    }

    /** Applies the profile to a list of meters or every meter under a network node. */
    @PostMapping("/configuration-profiles/{name}/applications")
    @PreAuthorize(CampaignController.ISSUERS)
    ResponseEntity<Configurations.ApplicationView> apply(@PathVariable String name,
                                                         @RequestBody Configurations.ApplyRequest body, Principal staff,
                                                         @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Configurations.Submitted s = configurations.apply(name, body, staff.getName(), key);
        return s.duplicate() ? ResponseEntity.ok(s.application())
                : ResponseEntity.created(URI.create("/api/v1/configuration-applications/" + s.application().id()))
                .body(s.application());
    }

    /** The application's state and counts, and one page of its meters (optionally of one status) in serial order. */
    @GetMapping("/configuration-applications/{id}")
    @PreAuthorize(FirmwareImageController.READERS)
    Configurations.ApplicationView application(@PathVariable long id, @RequestParam(required = false) String status,
                                               @RequestParam(defaultValue = "0") @Min(0) int page,
                                               @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.badRequest("status", "must be one of " + STATUSES);
        }
        return configurations.application(id, status, page, size)
                .orElseThrow(() -> ApiProblem.notFound("id", "No configuration application " + id));
    }
}

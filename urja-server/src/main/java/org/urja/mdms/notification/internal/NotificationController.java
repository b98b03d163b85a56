package org.urja.mdms.notification.internal;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;

/** The outbox view for staff: what was (or could not be) sent to whom, with delivery status. */
@RestController
@RequestMapping("/api/v1/notifications")
@Validated
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
class NotificationController {

    private final Outbox outbox;

    NotificationController(Outbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping
    List<Outbox.Message> recent(@RequestParam(required = false) String to, @RequestParam(required = false) String status,
                                @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (status != null && !List.of("PENDING", "SENT", "FAILED", "UNDELIVERABLE").contains(status)) {
            throw ApiProblem.badRequest("status", "status must be PENDING, SENT, FAILED or UNDELIVERABLE");
        }
        return outbox.recent(to, status, limit);
    }
}

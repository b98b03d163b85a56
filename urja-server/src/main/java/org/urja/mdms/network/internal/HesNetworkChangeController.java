package org.urja.mdms.network.internal;

import java.security.Principal;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** HES → MDM network change messages (UC11.2). Only an authenticated HES may call it. */
@RestController
@RequestMapping("/api/v1/hes")
class HesNetworkChangeController {

    private final NetworkChangeProcessor processor;

    HesNetworkChangeController(NetworkChangeProcessor processor) {
        this.processor = processor;
    }

    @PostMapping("/network-changes")
    @PreAuthorize("hasRole('HES')")
    ResponseEntity<NetworkChangeProcessor.Outcome> networkChange(@Valid @RequestBody NetworkChangeMessage message,
                                                                 Principal hes) {
        var outcome = processor.apply(message, hes.getName());
        return outcome.duplicate() ? ResponseEntity.ok(outcome) : ResponseEntity.status(201).body(outcome);
    }
}

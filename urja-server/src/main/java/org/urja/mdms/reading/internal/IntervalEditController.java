package org.urja.mdms.reading.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalEdits;

/**
 * Editing interval data (VEE "E"): an authorised user replaces values of a day with a reason; the result is a new
 * version marked EDITED, recorded with who and why (and the request is in the audit trail). Earlier versions,
 * including what the meter sent, stay.
 */
@RestController
@RequestMapping("/api/v1/meters/{serialNo}/intervals")
class IntervalEditController {

    record SlotValue(@NotNull Integer slot, @NotNull BigDecimal value) {
    }

    record Edit(@NotNull Channel channel, @NotNull LocalDate day, @NotBlank @Size(min = 5, max = 500) String reason,
                @NotEmpty @Size(max = 96) List<@Valid @NotNull SlotValue> values) {
    }

    private final IntervalData data;
    private final IntervalEdits edits;

    IntervalEditController(IntervalData data, IntervalEdits edits) {
        this.data = data;
        this.edits = edits;
    }

    @PostMapping("/edits")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING')")
    ResponseEntity<IntervalEdits.Edited> edit(@PathVariable String serialNo, @Valid @RequestBody Edit edit,
                                              Principal user) {
        return ResponseEntity.status(201).body(edits.edit(serialNo, edit.channel(), edit.day(), edit.values().stream()
                .map(v -> new IntervalEdits.SlotValue(v.slot(), v.value())).toList(), edit.reason(), user.getName()));
    }

    @GetMapping("/versions")
    List<IntervalData.VersionInfo> versions(@PathVariable String serialNo, @RequestParam Channel channel,
                                            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        return data.versions(serialNo, channel, day);
    }
}

package org.urja.mdms.reading.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.reading.IntervalsEdited;

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

    record Edited(int version, int editedSlots) {
    }

    private final IntervalData data;
    private final ApplicationEventPublisher events;

    IntervalEditController(IntervalData data, ApplicationEventPublisher events) {
        this.data = data;
        this.events = events;
    }

    @PostMapping("/edits")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING')")
    @Transactional
    ResponseEntity<Edited> edit(@PathVariable String serialNo, @Valid @RequestBody Edit edit, Principal user) {
        DaySeries current = data.current(serialNo, edit.channel(), edit.day())
                .orElseThrow(() -> ApiProblem.notFound("day", "No " + edit.channel() + " data of " + serialNo + " on " + edit.day()));
        long[] values = current.values().clone();
        short[] flags = current.flags().clone();
        List<FieldIssue> issues = new java.util.ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < edit.values().size(); i++) {
            SlotValue v = edit.values().get(i);
            String field = "values[" + i + "]";
            if (v.slot() < 0 || v.slot() >= current.slots()) {
                issues.add(FieldIssue.of(field + ".slot", "slot must be 0.." + (current.slots() - 1)));
                continue;
            }
            if (!seen.add(v.slot())) {
                issues.add(FieldIssue.of(field + ".slot", "slot " + v.slot() + " is edited twice"));
                continue;
            }
            Integer scaled = v.value().signum() < 0 ? null : ReadingIngestion.scaled(v.value(), edit.channel());
            if (scaled == null || v.value().stripTrailingZeros().scale() > Integer.toString(edit.channel().scale()).length() - 1) {
                issues.add(FieldIssue.of(field + ".value", "must be ≥ 0 with at most "
                        + (Integer.toString(edit.channel().scale()).length() - 1) + " decimals"));
                continue;
            }
            values[v.slot()] = scaled;
            flags[v.slot()] = (short) (IntervalFlags.PRESENT | IntervalFlags.EDITED
                    | (flags[v.slot()] & (IntervalFlags.POWER_FAIL | IntervalFlags.DISCONNECTED)));
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.invalid(issues.get(0).field() + ": " + issues.get(0).message(), issues);
        }
        DaySeries edited = new DaySeries(serialNo, edit.channel(), edit.day(), current.intervalMinutes(), values, flags);
        int version = data.storeVersion(edited, user.getName(), edit.reason())
                .orElseThrow(() -> ApiProblem.conflict("values", "The edit changes nothing"));
        events.publishEvent(new IntervalsEdited(serialNo, edit.channel(), edit.day(), version,
                edit.values().stream().map(SlotValue::slot).sorted().toList(), user.getName(), edit.reason()));
        return ResponseEntity.status(201).body(new Edited(version, edit.values().size()));
    }

    @GetMapping("/versions")
    List<IntervalData.VersionInfo> versions(@PathVariable String serialNo, @RequestParam Channel channel,
                                            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        return data.versions(serialNo, channel, day);
    }
}

package org.urja.mdms.reading.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ApiProblem.FieldIssue;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalEdits;
import org.urja.mdms.reading.IntervalFlags;
import org.urja.mdms.reading.IntervalsEdited;

/**
 * Edits of interval data: the day's current version with the given slots replaced, stored as a new version marked
 * EDITED (a power failure or disconnection flag of the slot is kept), with who and why. Never an in-place change.
 */
@Service
class IntervalEditing implements IntervalEdits {

    private final IntervalData data;
    private final ApplicationEventPublisher events;

    IntervalEditing(IntervalData data, ApplicationEventPublisher events) {
        this.data = data;
        this.events = events;
    }

    @Override
    @Transactional
    public Edited edit(String serialNo, Channel channel, LocalDate day, List<SlotValue> slotValues, String reason,
                       String editedBy) {
        if (channel == null) {
            throw ApiProblem.badRequest("channel", "channel is required");
        }
        if (day == null) {
            throw ApiProblem.badRequest("day", "day is required");
        }
        if (reason == null || reason.isBlank() || reason.strip().length() < 5 || reason.length() > 500) {
            throw ApiProblem.badRequest("reason", "a reason of 5 to 500 characters is required");
        }
        if (slotValues == null || slotValues.isEmpty() || slotValues.size() > 96) {
            throw ApiProblem.badRequest("values", "1 to 96 slot values are required");
        }
        DaySeries current = data.current(serialNo, channel, day)
                .orElseThrow(() -> ApiProblem.notFound("day", "No " + channel + " data of " + serialNo + " on " + day));
        long[] values = current.values().clone();
        short[] flags = current.flags().clone();
        List<FieldIssue> issues = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int decimals = Integer.toString(channel.scale()).length() - 1;
        for (int i = 0; i < slotValues.size(); i++) {
            SlotValue v = slotValues.get(i);
            String field = "values[" + i + "]";
            if (v == null || v.slot() == null) {
                issues.add(FieldIssue.of(field + ".slot", "slot is required"));
                continue;
            }
            if (v.slot() < 0 || v.slot() >= current.slots()) {
                issues.add(FieldIssue.of(field + ".slot", "slot must be 0.." + (current.slots() - 1)));
                continue;
            }
            if (!seen.add(v.slot())) {
                issues.add(FieldIssue.of(field + ".slot", "slot " + v.slot() + " is edited twice"));
                continue;
            }
            Integer scaled = v.value() == null || v.value().signum() < 0 ? null : ReadingIngestion.scaled(v.value(), channel);
            if (scaled == null || v.value().stripTrailingZeros().scale() > decimals) {
                issues.add(FieldIssue.of(field + ".value", "must be ≥ 0 with at most " + decimals + " decimals"));
                continue;
            }
            values[v.slot()] = scaled;
            flags[v.slot()] = (short) (IntervalFlags.PRESENT | IntervalFlags.EDITED
                    | (flags[v.slot()] & (IntervalFlags.POWER_FAIL | IntervalFlags.DISCONNECTED)));
        }
        if (!issues.isEmpty()) {
            throw ApiProblem.invalid(issues.get(0).field() + ": " + issues.get(0).message(), issues);
        }
        DaySeries edited = new DaySeries(serialNo, channel, day, current.intervalMinutes(), values, flags);
        int version = data.storeVersion(edited, editedBy, reason.strip())
                .orElseThrow(() -> ApiProblem.conflict("values", "The edit changes nothing"));
        events.publishEvent(new IntervalsEdited(serialNo, channel, day, version,
                slotValues.stream().map(SlotValue::slot).sorted().toList(), editedBy, reason.strip()));
        return new Edited(version, slotValues.size());
    }
}

package org.urja.mdms.reading;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Published API: a person edits interval values of a meter's day (VEE "E"). The edit is stored as a new version marked
 * EDITED with who and why; earlier versions (what the meter sent included) stay, and {@link IntervalsEdited} is
 * published. Bad input is refused with a 4xx {@link org.urja.mdms.platform.ApiProblem} naming the field and changes
 * nothing. Used by the staff API ({@code POST /api/v1/meters/{serial}/intervals/edits}) and the VEE exception desk.
 */
public interface IntervalEdits {

    /** A slot's new value in engineering units (kWh for energy channels). */
    record SlotValue(Integer slot, BigDecimal value) {
    }

    /** The version the edit created and how many slots it set. */
    record Edited(int version, int editedSlots) {
    }

    /** Stores the edit as a new version in the caller's transaction (or its own). */
    Edited edit(String meterSerialNo, Channel channel, LocalDate day, List<SlotValue> values, String reason,
                String editedBy);
}

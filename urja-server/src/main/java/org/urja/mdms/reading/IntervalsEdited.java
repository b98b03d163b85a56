package org.urja.mdms.reading;

import java.time.LocalDate;
import java.util.List;

/** Published (after commit) when a person stored an edited version of a meter's day: which slots, who and why. */
public record IntervalsEdited(String meterSerialNo, Channel channel, LocalDate day, int version, List<Integer> slots,
                              String editedBy, String reason) {
}

package org.urja.mdms.reading;

import java.time.LocalDate;
import java.util.List;

/**
 * Published (after commit) when re-acquisition from the HES gave up on these meters' missing intervals of a day
 * (UC6: bounded retries). VEE estimates what it can; a meter that later sends the data still replaces the estimates.
 */
public record GapsUnrecovered(LocalDate day, List<String> meterSerialNos) {
}

package org.urja.mdms.reading;

import java.util.List;

/**
 * Published (after commit) when meter data for these meter-days arrived from the HES: new, late, re-sent with
 * changes or re-acquired. VEE listens to validate and estimate them, and to re-run days it had already validated.
 */
public record IntervalDataReceived(String messageId, List<MeterDay> meterDays) {
}

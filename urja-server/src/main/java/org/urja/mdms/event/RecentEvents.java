package org.urja.mdms.event;

import java.time.Instant;
import java.util.List;

/** Published read API: the latest device events of a severity, for dashboards (read-only). */
public interface RecentEvents {

    /** Events of {@code severity} that occurred at or after {@code since}, most recent first, at most {@code limit}. */
    List<DeviceEvent> recent(DeviceEvent.Severity severity, Instant since, int limit);

    /** How many events of {@code severity} occurred at or after {@code since}. */
    int count(DeviceEvent.Severity severity, Instant since);
}

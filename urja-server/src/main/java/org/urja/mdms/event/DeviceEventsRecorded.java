package org.urja.mdms.event;

import java.util.List;

/**
 * Published (after commit) when device events not recorded before arrived from the HES, classified and paired as the
 * MDM holds them at that moment. Repeats of events already recorded (re-sent or overlapping pushes) are not listed.
 * The outage module follows power failures from it; the event module itself routes tamper events to inspections.
 */
public record DeviceEventsRecorded(String messageId, List<DeviceEvent> events) {
}

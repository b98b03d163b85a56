package org.urja.mdms.command;

import java.time.Instant;
import java.util.Map;

import org.urja.hes.contract.ControlType;

/**
 * A confirmed command changed what the MDM knows of a meter ({@link MeterState} properties, new values by name).
 * Published only for SUCCEEDED commands, and only with the properties whose value this confirmation set.
 */
public record MeterStateChanged(String meterSerialNo, long commandId, ControlType type, Map<String, String> changed,
                                Instant at) {
}

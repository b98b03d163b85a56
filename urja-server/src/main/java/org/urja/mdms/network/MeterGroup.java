package org.urja.mdms.network;

import java.util.List;

/**
 * Meters placed now that the HES reaches the same way: through one DCU ({@code dcuCode}, with the DCU's DT as
 * {@code nodeCode}), or directly (no DCU) at one network node ({@code nodeCode}: a DT, or a feeder for its boundary
 * meters). {@code key} orders the groups ({@code dcu:<code>} or {@code node:<code>}) for keyset paging.
 */
public record MeterGroup(String key, String dcuCode, String nodeCode, List<String> meterSerialNos) {
}

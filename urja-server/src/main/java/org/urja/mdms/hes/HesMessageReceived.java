package org.urja.mdms.hes;

import java.time.Instant;
import java.util.List;

/** Published after a new HES message (not a re-send) is durably stored. Read it with {@link InboundMessages}. */
public record HesMessageReceived(String messageId, String noun, String correlationId, List<String> meterSerialNos,
                                 Instant receivedAt) {
}

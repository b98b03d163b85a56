package org.urja.mdms.hes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Published read API over the messages received from the HES. */
public interface InboundMessages {

    record Summary(String messageId, String noun, String source, String correlationId, Instant sentAt,
                   Instant receivedAt, List<String> meterSerialNos, int itemCount) {
    }

    /** Most recent first; {@code noun} and {@code meterSerialNo} are optional filters. */
    List<Summary> recent(String noun, String meterSerialNo, String correlationId, int limit);

    /** The message as received (canonical JSON). */
    Optional<String> payload(String messageId);
}

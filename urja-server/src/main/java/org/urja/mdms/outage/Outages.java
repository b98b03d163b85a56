package org.urja.mdms.outage;

import java.time.Instant;
import java.util.Optional;

/**
 * Published API of the outage module (OMS) for what meters do not tell: a consumer reporting no supply (a complaint,
 * UC20.4). The report joins the open outage of the consumer's meter or the open DT/feeder outage over it; otherwise
 * it opens an outage incident of its own (a METER outage, announced as {@link OutageStarted}). Its end is the
 * outage's {@link OutageRestored} — by the meter's first breath, a ping that finds it live, or the DT/feeder coming
 * back.
 */
public interface Outages {

    /**
     * @param reference     the reporter's reference, unique to the report (e.g. {@code complaint:CR2611290001})
     * @param meterSerialNo the meter the consumer is supplied through
     */
    record ConsumerReport(String reference, String consumerNo, String meterSerialNo, Instant reportedAt, String note) {
    }

    /**
     * @param outageId the outage the report is part of (follow {@link OutageStarted#supersededOutageIds()} if it is
     *                 merged into a DT or feeder outage later)
     * @param opened   the report opened this outage (nothing was known to be out there)
     */
    record Reported(long outageId, boolean opened) {
    }

    /**
     * Records the report (once per reference: the same reference again returns the first answer), in the caller's
     * transaction. Empty when the meter is not placed in the network (nothing for OMS to locate).
     */
    Optional<Reported> reportedByConsumer(ConsumerReport report);
}

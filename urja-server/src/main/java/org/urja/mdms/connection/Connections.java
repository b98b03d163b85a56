package org.urja.mdms.connection;

import java.time.Instant;
import java.util.List;

import org.urja.mdms.network.PaymentMode;

/**
 * Published read API of new connections (UC12) for other modules, e.g. the meter / consumer 360 page: the same data
 * as {@code GET /api/v1/connections?consumerNo=…}, without the step attempts.
 */
public interface Connections {

    /**
     * A connection request as it stands.
     *
     * @param state       IN_PROGRESS, RETRY_SCHEDULED, ATTENTION (waiting for staff), ACTIVE or CANCELLED
     * @param step        the step it is at (or ended at), e.g. INSTALLATION_REPORT
     * @param useCaseStep the UC12 step that step carries out (null for one of none)
     * @param reason      why it waits, is retried or was cancelled (null when nothing is wrong)
     */
    record Summary(long id, String consumerNo, String servicePointCode, PaymentMode paymentMode, String meterSerialNo,
                   String state, String step, String useCaseStep, String reason, Instant requestedAt,
                   Instant activatedAt) {
    }

    /** A consumer's connection requests, newest first, in one query. */
    List<Summary> ofConsumer(String consumerNo, int limit);
}

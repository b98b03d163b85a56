package org.urja.mdms.migration;

import org.urja.mdms.network.PaymentMode;

/**
 * Published API: ask for a consumer's payment-mode migration (UC13.1, UC14.1) from another module — e.g. a service
 * request of the consumer (UC19) — with the same checks as {@code POST /api/v1/migrations}. Its end is announced as
 * {@link MigrationCompleted} with the same {@code reference}.
 */
public interface PaymentModeMigrations {

    /**
     * @param reference        the requester's reference, unique to this migration (the idempotency key)
     * @param servicePointCode the consumer's service point, needed only when the consumer has several
     * @param meterChange      to prepaid: replace the meter (one without a relay must be replaced)
     */
    record Request(String reference, String consumerNo, PaymentMode targetMode, String servicePointCode,
                   boolean meterChange, String requestedBy) {
    }

    record Started(long migrationId, boolean created) {
    }

    /**
     * Starts the migration, or returns the one already started under the reference with the same request. In the
     * caller's transaction; a request the migration rules refuse is an {@link org.urja.mdms.platform.ApiProblem}
     * naming the field, and nothing is started.
     */
    Started request(Request request);
}

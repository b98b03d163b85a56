package org.urja.mdms.care;

import java.util.List;
import java.util.Optional;

/**
 * Published API of complaints (UC20), for the consumer portal and other modules: the same rules as
 * {@code POST /api/v1/complaints}. A portal complaint is made with {@code requestedBy = "consumer:<no>"}.
 */
public interface Complaints {

    /**
     * @param meterSerialNo  optional: the consumer's meter the complaint is about (default: the one installed now)
     * @param idempotencyKey unique to this complaint for its requester; the same key and complaint again return the first
     */
    record NewComplaint(ComplaintCategory category, String consumerNo, String meterSerialNo, String description,
                        String channel, String requestedBy, String idempotencyKey) {
    }

    record Registered(Complaint complaint, boolean created) {
    }

    /**
     * Registers the complaint with a CRN, acknowledges it by SMS/email (UC20.3) and routes it (UC20.4). Bad input is
     * an {@link org.urja.mdms.platform.ApiProblem} naming the field, and nothing is recorded.
     */
    Registered register(NewComplaint complaint);

    /** The consumer re-opens a resolved or closed complaint within the re-open window; it is routed again. */
    Complaint reopen(String crn, String reason, String by);

    Optional<Complaint> find(String crn);

    /** A consumer's complaints, most recent first. */
    List<Complaint> ofConsumer(String consumerNo, int limit);
}

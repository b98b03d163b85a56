package org.urja.mdms.care;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Published API of service requests (UC19), for the consumer portal and other modules: the same rules as
 * {@code POST /api/v1/service-requests}. A portal request is made with {@code requestedBy = "consumer:<no>"}.
 */
public interface ServiceRequests {

    /**
     * @param details        the fields the type needs (see {@link ServiceRequestType#requiredFields()}), as text
     * @param channel        PORTAL, APP, STAFF, CALL_CENTRE … (1–30 capitals)
     * @param idempotencyKey unique to this request for its requester; the same key and request again return the first
     */
    record NewServiceRequest(ServiceRequestType type, String consumerNo, Map<String, String> details,
                             String description, String channel, String requestedBy, String idempotencyKey) {
    }

    /** The request, and whether this call created it (false: the same request was made before under the key). */
    record Submitted(ServiceRequest request, boolean created) {
    }

    /**
     * Records the request with an SRN, acknowledges it to the consumer by SMS/email (UC19.3) and, for a migration,
     * starts it. Bad input is an {@link org.urja.mdms.platform.ApiProblem} naming the field, and nothing is recorded.
     */
    Submitted submit(NewServiceRequest request);

    Optional<ServiceRequest> find(String srn);

    /** A consumer's requests, most recent first. */
    List<ServiceRequest> ofConsumer(String consumerNo, int limit);
}

package org.urja.mdms.care.internal;

import java.util.List;

import org.springframework.stereotype.Component;
import org.urja.mdms.care.Complaint;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.NetworkRegistry;

/** Where a consumer is supplied (service points, meters installed now) and the WFM visits complaints need. */
@Component
class FieldVisits {

    private final NetworkRegistry network;

    FieldVisits(NetworkRegistry network) {
        this.network = network;
    }

    /** The meters installed at the consumer's service points now. */
    List<String> metersOf(String consumerNo) {
        return network.servicePointsOf(consumerNo).stream()
                .flatMap(sp -> network.servicePointHistory(sp.code()).stream())
                .filter(i -> i.removedAt() == null).map(Installation::meterSerialNo).sorted().toList();
    }

    /** Raises the complaint visit work order under {@code reference} (WFM API pending on main). */
    long raise(Complaint c, String reference) {
        throw new UnsupportedOperationException("WFM work orders are not available yet");
    }
}

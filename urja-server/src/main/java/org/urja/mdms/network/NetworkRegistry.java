package org.urja.mdms.network;

import java.util.List;
import java.util.Optional;

/** Published read API of the network registry for other modules. */
public interface NetworkRegistry {

    Optional<MeterView> meter(String serialNo);

    /** Meters currently placed anywhere under the node (any level), ordered by serial number. */
    List<Meter> metersUnder(String nodeCode, int limit, int offset);

    List<Placement> placementHistory(String serialNo);

    List<Installation> installationHistory(String serialNo);

    Optional<ServicePoint> servicePoint(String code);

    /** Every meter installed at the service point over time (a replaced meter keeps its row), oldest first. */
    List<Installation> servicePointHistory(String servicePointCode);

    Optional<NetworkNode> node(String code);
}

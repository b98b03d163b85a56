package org.urja.mdms.network;

import java.util.List;
import java.util.Optional;

/** Published read API of the network registry for other modules. */
public interface NetworkRegistry {

    Optional<MeterView> meter(String serialNo);

    /** What a meter is and where it serves now, without its network path: for bulk work (VEE, reports). */
    record MeterSummary(Meter meter, boolean placed, String servicePointCode, String consumerNo) {
    }

    /** A meter placed in the network now, and since when it has been in the network (its first placement). */
    record PlacedMeter(Meter meter, java.time.Instant inNetworkSince) {
    }

    /**
     * Meters placed in the network now (consumer and boundary meters), in serial order after {@code afterSerialNo}
     * (null = from the start), at most {@code limit}: keyset paging over the whole fleet.
     */
    List<PlacedMeter> placedMeters(String afterSerialNo, int limit);

    /** Summaries of the known meters among {@code serialNos} (unknown ones are left out), in one query. */
    java.util.Map<String, MeterSummary> meterSummaries(java.util.Collection<String> serialNos);

    /** Meters currently placed anywhere under the node (any level), ordered by serial number. */
    List<Meter> metersUnder(String nodeCode, int limit, int offset);

    /** Meters currently reporting through the DCU, ordered by serial number. */
    List<Meter> metersOnDcu(String dcuCode, int limit, int offset);

    /** Registered DCUs (in service or removed), ordered by code. */
    List<Dcu> dcus(int limit, int offset);

    /** DCUs registered at a DT under the node (any level; the node itself if it is a DT), ordered by code. */
    List<Dcu> dcusUnder(String nodeCode);

    /**
     * Every meter placed now under {@code nodeCode} (null = the whole network), in groups the HES reaches the same way —
     * per DCU, and per node for meters without a DCU — ordered by {@link MeterGroup#key()} after {@code afterKey} (null =
     * from the start), at most {@code limit} groups: for work done DCU by DCU and DT by DT (time synchronisation).
     */
    List<MeterGroup> meterGroups(String nodeCode, String afterKey, int limit);

    List<Placement> placementHistory(String serialNo);

    List<Installation> installationHistory(String serialNo);

    Optional<ServicePoint> servicePoint(String code);

    /** The service points of a consumer account, by code. */
    List<ServicePoint> servicePointsOf(String consumerNo);

    /** Every meter installed at the service point over time (a replaced meter keeps its row), oldest first. */
    List<Installation> servicePointHistory(String servicePointCode);

    /** The known service points among {@code codes}, by code, in one query. */
    java.util.Map<String, ServicePoint> servicePoints(java.util.Collection<String> codes);

    /** {@link #servicePointHistory} of many service points in one query; unknown ones are left out. */
    java.util.Map<String, List<Installation>> servicePointHistories(java.util.Collection<String> codes);

    Optional<NetworkNode> node(String code);

    /** The nodes of a level, by code, at most {@code limit}: for pick lists (feeders number in the thousands). */
    List<NetworkNode> nodes(NetworkLevel level, int limit);

    /** Where each of the known and placed meters among {@code serialNos} serves now, in one query. */
    java.util.Map<String, MeterLocation> locations(java.util.Collection<String> serialNos);
}

package org.urja.mdms.network;

import java.util.List;

/** A meter with where it is now: current placement, its path up to the circle, and current service point. */
public record MeterView(Meter meter, Placement currentPlacement, List<NetworkNode> path, String servicePointCode,
                        String consumerNo) {
}

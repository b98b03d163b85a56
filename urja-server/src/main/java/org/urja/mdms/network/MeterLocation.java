package org.urja.mdms.network;

/**
 * Where a meter serves now, flat, for bulk work on many meters (events, outages): its current placement node (a DT,
 * or a feeder for a feeder boundary meter) and that node's parent (the DT's feeder), how many consumer meters are
 * placed at the node now, and the service point, consumer and premises address it is installed at (null if none).
 */
public record MeterLocation(String meterSerialNo, MeterRole role, NetworkLevel nodeLevel, String nodeCode,
                            String parentCode, int consumerMetersAtNode, String servicePointCode, String consumerNo,
                            String address) {
}

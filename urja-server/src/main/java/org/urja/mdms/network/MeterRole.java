package org.urja.mdms.network;

/** What a meter measures: a consumer, or the energy entering a DT / feeder (for the energy audit). */
public enum MeterRole {
    CONSUMER, DT_BOUNDARY, FEEDER_BOUNDARY
}

package org.urja.mdms.outage;

/** What an outage covers: one meter, the meters of a DT (suspected DT fault), or of a feeder. */
public enum OutageScope {
    METER, DT, FEEDER
}

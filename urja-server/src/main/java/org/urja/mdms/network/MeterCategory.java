package org.urja.mdms.network;

/** IS 16444 meter categories. CT-operated meters (LT-CT, HT-CT) have no disconnect relay. */
public enum MeterCategory {
    SINGLE_PHASE_WC, THREE_PHASE_WC, LT_CT, HT_CT;

    public boolean mayHaveRelay() {
        return this == SINGLE_PHASE_WC || this == THREE_PHASE_WC;
    }
}

package org.urja.hes.fleet;

/** IS 16444 meter categories: whole-current (direct-connected) and CT-operated. */
public enum MeterCategory {
    SINGLE_PHASE_WC(1, true),
    THREE_PHASE_WC(3, true),
    LT_CT(3, false),
    HT_CT(3, false);

    private final int phases;
    private final boolean relay;

    MeterCategory(int phases, boolean relay) {
        this.phases = phases;
        this.relay = relay;
    }

    /** Number of measured phases (1 or 3). */
    public int phases() {
        return phases;
    }

    /** Whether the meter has a connect/disconnect relay (IS 15959 Part 3: CT-operated meters have none). */
    public boolean hasRelay() {
        return relay;
    }
}

package org.urja.mdms.network;

/** Levels of the electrical hierarchy, top to bottom. */
public enum NetworkLevel {
    CIRCLE, DIVISION, SUBDIVISION, SUBSTATION, FEEDER, DT;

    /** The level a node of this level must hang under, or null for the top. */
    public NetworkLevel parentLevel() {
        return ordinal() == 0 ? null : values()[ordinal() - 1];
    }
}

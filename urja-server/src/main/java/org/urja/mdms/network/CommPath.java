package org.urja.mdms.network;

/** How the HES reaches the meter: through a DCU on an RF mesh, or directly over cellular. */
public enum CommPath {
    RF_MESH, CELLULAR
}

package org.urja.mdms.hes;

import java.util.List;

/**
 * Published, in the transaction that records them, when commands sent to the HES reach their final outcome: all the
 * outcomes of one {@code EndDeviceControlResultsMessage} together (a campaign reports hundreds at once), or the
 * commands the MDM timed out itself. Listeners apply them set-wise.
 */
public record HesControlsCompleted(List<HesControlCompleted> outcomes) {

    public HesControlsCompleted {
        outcomes = List.copyOf(outcomes);
    }
}

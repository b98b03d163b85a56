package org.urja.hes.contract;

import java.util.List;

/** The HES's answer to an {@link EndDeviceControlBatch}: one {@link EndDeviceControlAck} per control, by correlation id. */
public record EndDeviceControlBatchAck(String messageId, List<EndDeviceControlAck> acks) {

    public EndDeviceControlBatchAck {
        acks = acks == null ? List.of() : List.copyOf(acks);
    }
}

package org.urja.mdms.event;

import java.util.List;

/** Published read API: the device events recorded for a meter, for staff pages and other modules. */
public interface DeviceEvents {

    /** The meter's latest events, newest first (by when the meter logged them). */
    List<DeviceEvent> ofMeter(String meterSerialNo, int limit);
}

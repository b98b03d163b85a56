/**
 * Device events: every EndDeviceEvents message from the HES is classified against the IS 15959 event catalogue (a
 * versioned data file; unknown codes are kept as UNKNOWN), de-duplicated (meter, code, occurrence time), and paired
 * (an occurrence stays OPEN until its restoration arrives). New events are published as
 * {@link org.urja.mdms.event.DeviceEventsRecorded} for the modules that act on them; tamper events become site
 * inspections (workorder module), overload events and billing maximum demand above the sanctioned load become load
 * violations (UC9).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Device events")
package org.urja.mdms.event;

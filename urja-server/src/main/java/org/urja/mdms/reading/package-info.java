/**
 * Meter data: interval data (one row per meter, channel and IST day holding the day's values and per-interval flags
 * as arrays, with versions) and register reads, ingested from the HES's MeterReadings.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Meter readings")
package org.urja.mdms.reading;

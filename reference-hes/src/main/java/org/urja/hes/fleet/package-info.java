/**
 * A deterministic simulated fleet of IS 15959 / IS 16444 smart meters.
 *
 * <p>Everything a {@link org.urja.hes.fleet.VirtualMeter} reports is a pure function of the fleet seed, the meter
 * serial, the time asked about and the commands the meter has accepted: reading a period twice gives identical
 * values. Times are true (UTC) instants; IST (UTC+05:30) is used for day boundaries, load shapes and ToD zones.
 * Energy and money are {@link java.math.BigDecimal} (energy scale 3, HALF_UP), never floating point.
 */
package org.urja.hes.fleet;

/**
 * Meter and DCU clocks (UC10.1): each meter's clock offset as its readings report it ({@code instant.clock}), its drift
 * rate, a time setting through the command service for a meter beyond tolerance (once per meter and day) with a flag
 * until it is back within tolerance, a likely faulty real-time clock for a meter that keeps drifting after settings,
 * and the scheduled synchronisation of every DCU (through the HES contract) and its meters, DCU by DCU and DT by DT.
 *
 * <p>Published API: the events {@link org.urja.mdms.clock.MeterClockDrifted} and
 * {@link org.urja.mdms.clock.MeterClockRecovered}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Meter and DCU clocks")
package org.urja.mdms.clock;

/**
 * Supply outages (UC7.1–7.3) from the meters' last gasps and first breaths (power-failure events of the event
 * module): one outage per meter, or — when near-simultaneous last gasps of a DT's meters pass the grouping rule — one
 * suspected upstream outage at the DT (and at the feeder when several of its DTs go down together). Outages start and
 * end with {@link org.urja.mdms.outage.OutageStarted} and {@link org.urja.mdms.outage.OutageRestored} for OMS and
 * CIS/CRM. Pinging meters to confirm live/dead (UC7.4–7.5) needs the command module and is not here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Outages")
package org.urja.mdms.outage;

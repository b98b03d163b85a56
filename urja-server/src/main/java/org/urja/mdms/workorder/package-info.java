/**
 * Work orders for the field force — the MDM's minimal stand-in for a work-force management system (WFM): for now the
 * site inspection of a tamper (UC5.3), one open inspection per meter and tamper code, carried OPEN → ASSIGNED →
 * COMPLETED (with an outcome and findings) or CANCELLED, with its status history. Completing an inspection with
 * TAMPER_CONFIRMED publishes {@link org.urja.mdms.workorder.TamperConfirmed} (for disconnection subject to policy and
 * for billing/CIS assessment); resolving the confirmed tamper publishes {@link org.urja.mdms.workorder.TamperResolved}.
 * Meter installation orders (UC13.3) are completed by an installation report (UC13.4: meter, DT, feeder, reading),
 * which records the meter exchange in the network registry and publishes
 * {@link org.urja.mdms.workorder.MeterInstallationReported}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Work orders")
package org.urja.mdms.workorder;

/**
 * Work orders for the field force — Urja's work-force management system (WFM). Any module raises an order of any
 * {@link org.urja.mdms.workorder.WorkOrderType} through {@link org.urja.mdms.workorder.WorkOrders#raise} under its own
 * origin reference (one order per reference) with a priority and due time; its completion publishes
 * {@link org.urja.mdms.workorder.WorkOrderCompleted} carrying that reference back. Tamper inspections: the
 * site inspection of a tamper (UC5.3), one open inspection per meter and tamper code, carried OPEN (raised) → ASSIGNED
 * → EN_ROUTE / IN_PROGRESS → COMPLETED (with an outcome and findings) or CANCELLED, with its status history. Completing an inspection with
 * TAMPER_CONFIRMED publishes {@link org.urja.mdms.workorder.TamperConfirmed} (for disconnection subject to policy and
 * for billing/CIS assessment); resolving the confirmed tamper publishes {@link org.urja.mdms.workorder.TamperResolved}.
 * Meter installation orders (UC13.3) are completed by an installation report (UC13.4: meter, DT, feeder, reading),
 * which records the meter exchange in the network registry and publishes
 * {@link org.urja.mdms.workorder.MeterInstallationReported}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Work orders")
package org.urja.mdms.workorder;

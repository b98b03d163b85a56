/**
 * Postpaid billing: bill groups and their monthly cycles, the collection of each cycle's billing profiles from the
 * HES (UC2.1–2.4), and billing determinants per service point and period for billing systems (UC2.5), restated in a
 * new version when late data changes them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Billing")
package org.urja.mdms.billing;

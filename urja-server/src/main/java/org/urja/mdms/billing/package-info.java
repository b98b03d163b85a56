/**
 * Postpaid billing: bill groups and their monthly cycles, the collection of each cycle's billing profiles from the
 * HES (UC2.1–2.4), billing determinants per service point and period for billing systems (UC2.5), restated in a
 * new version when late data changes them, and the built-in bill engine for utilities without their own billing
 * system: bills from determinants and tariffs, revisions, each consumer's account settled by bill payments, bill
 * history and PDF ({@link org.urja.mdms.billing.Bills}, UC18.2–18.3).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Billing")
package org.urja.mdms.billing;

/**
 * VEE: validation, estimation and editing support for interval data. A {@link org.urja.mdms.vee.Vee} runs the
 * validation rules a {@link org.urja.mdms.vee.VeeProfile} selects over one {@link org.urja.mdms.vee.DayInput}, flags
 * the intervals that fail with severity ERROR, and fills the gaps it can. Everything here is pure: no database, no
 * clock, no shared state; the rules and estimators live in the module's internal sub-packages.
 */
@org.springframework.modulith.ApplicationModule(displayName = "VEE")
package org.urja.mdms.vee;

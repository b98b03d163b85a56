/**
 * Tariffs: the state commission's tariff orders as data (fixed charge per kW, monthly energy slabs, time-of-day
 * zones, levies, subsidies) and the pure calculation of a day's charge from them, in paise — shared by the prepaid
 * daily deduction (UC1.4) and postpaid billing (UC2).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tariffs")
package org.urja.mdms.tariff;

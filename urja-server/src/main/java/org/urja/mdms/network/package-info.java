/**
 * The metering network registry (UC11): circle > division > sub-division > substation > feeder > DT, DCUs,
 * meters with their placement history, service points and meter installations. Applies HES network change
 * messages idempotently and imports the utility's asset master from CSV.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Metering network")
package org.urja.mdms.network;

/**
 * The MDM ⇄ HES contract: message records named after IEC 61968-9 (MeterReadings, EndDeviceEvents,
 * EndDeviceControls), the network change message (UC11.2), and request signing. The normative description is
 * {@code hes-contract.openapi.yaml} in this package and docs/hes-contract.md; these records are its Java form,
 * shared by the Urja MDM and the reference HES. A vendor HES implements the OpenAPI file, not these classes.
 */
package org.urja.hes.contract;

/**
 * The MDM side of the HES contract: receives MeterReadings, EndDeviceEvents and command results from the HES
 * (authenticated, validated, stored durably before acknowledging, idempotent by message id), and sends commands
 * and read requests to the HES ({@link org.urja.mdms.hes.HesClient}) with timeouts, retries and a circuit breaker.
 * Processing what arrives (VEE, events, commands) belongs to the modules that listen to its events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "HES exchange")
package org.urja.mdms.hes;

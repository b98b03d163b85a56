/**
 * New consumer connections (UC12): a verified prepaid or postpaid connection request from CIS/CRM opens the consumer
 * account and the service point, raises the meter installation work order (UC12.2), takes the field force's
 * installation report that registers the meter (UC12.3), verifies the meter by an on-demand read through the HES
 * (UC12.4–12.5), opens the prepaid wallet or puts a postpaid service point in its bill group, and shares the
 * connection with billing and CIS/CRM as {@link org.urja.mdms.connection.ConnectionActivated} (UC12.6). One persisted
 * state machine per request, every step with its state, times and reason; it carries on after a restart.
 */
@org.springframework.modulith.ApplicationModule(displayName = "New connections")
package org.urja.mdms.connection;

/**
 * Notifications to consumers (and staff): templated messages in English and Hindi, written to a durable outbox in
 * the transaction of what caused them, delivered by email (SMTP) and SMS (an HTTP provider) with retries.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package org.urja.mdms.notification;

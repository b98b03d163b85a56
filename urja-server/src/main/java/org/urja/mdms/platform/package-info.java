/**
 * Shared infrastructure: database bootstrap (embedded or external PostgreSQL), API error model
 * (RFC 9457 problem details), CSV import framework. No business rules live here.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform")
package org.urja.mdms.platform;

/**
 * The consumer portal ({@code /portal/**}): consumer registration with one-time codes by SMS or email (UC15), consumer
 * sign-in with its own security chain, lockout and rate limits, the forced first password change, forgotten
 * passwords, several consumer numbers under one login, and the dashboard with the consumer's profile and menu (UC16.1,
 * UC16.2), in English and Hindi, installable as a PWA. Consumer identities live here, not in {@code access} (staff);
 * see docs/adr/consumer-identities.md. Other modules add their consumer pages under {@code /portal/}
 * and declare a {@link org.urja.mdms.platform.ConsumerFunction} for the menu.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Consumer portal")
package org.urja.mdms.portal;

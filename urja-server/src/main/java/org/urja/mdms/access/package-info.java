/**
 * Who may do what: staff users and roles, sign-in (form and HTTP Basic) with lockout, sign-out, session timeout,
 * CSRF, the role-filtered home page (UC22), and authentication of integration systems (HES: HMAC-signed requests
 * with a replay window, or an API key).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
package org.urja.mdms.access;

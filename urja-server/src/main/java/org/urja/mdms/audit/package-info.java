/** The audit trail: every sign-in, sign-out, lockout and state-changing action, with who, what, when, from where. */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package org.urja.mdms.audit;

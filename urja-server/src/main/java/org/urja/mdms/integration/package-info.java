/**
 * The outbound event feed for the utility's other systems (billing, CIS/CRM, OMS, WFM — Urja's own modules or the
 * utility's): events other modules publish that those systems must hear about (a disconnection alert, a confirmed
 * disconnection or reconnection, a confirmed or resolved tamper, an outage and its restoration, a completed
 * payment-mode migration) are appended to a durable feed in the transaction of the change, and served in order by
 * signed webhooks with retries (each subscriber has its own cursor) and by a pull API with cursors. The contract is
 * docs/integration.md.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Integration feed")
package org.urja.mdms.integration;

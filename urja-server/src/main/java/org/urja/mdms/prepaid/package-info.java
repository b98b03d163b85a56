/**
 * Prepaid: each prepaid consumer's wallet as an append-only ledger (recharges, daily charges, adjustments), the daily
 * charge computed from VEE's validated day under the consumer's tariff (UC1.4), and recharge posting.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Prepaid")
package org.urja.mdms.prepaid;

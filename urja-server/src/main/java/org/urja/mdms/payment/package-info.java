/**
 * Payments: online payment of prepaid recharges (UC17.2–17.4) and bills (UC18.3–18.6) through a payment gateway
 * ({@link org.urja.mdms.payment.PaymentGateway}, the sandbox gateway built in). Orders, the gateway's signed callbacks
 * and webhooks, reconciliation of what they missed, receipts, and the posting of a paid order exactly once: a
 * recharge to the prepaid wallet, a bill payment as {@link org.urja.mdms.payment.PaymentReceived} for billing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Payments")
package org.urja.mdms.payment;

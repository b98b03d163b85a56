/**
 * Payment-mode migration: a consumer moved from postpaid to prepaid (UC13) or back (UC14), one persisted state
 * machine per request. Each step (prepaid wallet, meter installation order and report, payment-mode switch through
 * the command service, disconnection and reconnection, on-demand reads through the HES) is recorded with its state,
 * times and reason, so the workflow is followed step by step and carries on after a restart. The end is announced
 * as {@link org.urja.mdms.migration.MigrationCompleted} for billing and CIS/CRM.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Payment-mode migration")
package org.urja.mdms.migration;

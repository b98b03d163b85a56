package org.urja.mdms.migration;

import java.math.BigDecimal;
import java.time.Instant;

import org.urja.mdms.network.PaymentMode;

/**
 * Published (after commit) when a consumer's payment-mode migration is complete (UC13.9, UC14.10): for billing (the
 * switch-over reading closes one bill and opens the next) and CIS/CRM. Amounts are paise.
 *
 * @param paymentMode          the consumer's payment mode now
 * @param replacedMeterSerialNo the meter a meter change took out (UC13.3–13.4), else null
 * @param openingBalancePaise  UC13: the opening balance credited to the new wallet
 * @param arrearsPaise         UC13: postpaid arrears carried into the wallet as a debit
 * @param walletBalancePaise   UC13: the wallet balance at activation; UC14: the final balance of the closed wallet —
 *                             a credit (&gt; 0) to refund or adjust in the first postpaid bill, or arrears (&lt; 0)
 * @param meterCreditPaise     the credit the meter itself showed when read (UC14.3; UC13: after activation), if any
 * @param readingKwh           the cumulative kWh import register of the verification read (UC13.8, UC14.9)
 */
public record MigrationCompleted(long migrationId, String reference, PaymentMode paymentMode, String consumerNo,
                                 String servicePointCode, String meterSerialNo, String replacedMeterSerialNo,
                                 String tariffCategory, long openingBalancePaise, long arrearsPaise,
                                 long walletBalancePaise, Long meterCreditPaise, BigDecimal readingKwh, Instant readAt,
                                 Instant completedAt) {
}

package org.urja.mdms.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Published in the issuing transaction for every bill the built-in engine issues, a revision included
 * ({@code revisionOf} names the bill it supersedes).
 */
public record BillIssued(String billNo, String originalBillNo, int revision, String revisionOf, String consumerNo,
                         String servicePointCode, YearMonth period, LocalDate billDate, LocalDate dueDate,
                         long currentChargesPaise, long arrearsPaise, long latePaymentSurchargePaise,
                         long payablePaise, Instant issuedAt) {
}

package org.urja.mdms.billing.internal;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The built-in bill engine.
 *
 * @param dueDays                     the due date is the bill date plus this many days
 * @param latePaymentSurchargePercent of an amount unpaid after the due date, added to the next bill, unless the
 *                                    consumer's tariff sets its own
 * @param numberPrefix                bill numbers are the prefix, the bill date's year and month and a 7-digit
 *                                    sequence of the utility ({@code B2026110000123})
 * @param autoIssue                   bill a cycle's service points as soon as their determinants are issued
 * @param autoRevise                  issue a revised bill as soon as a billed service point's determinants are restated
 *                                    (otherwise the bill is marked for revision and staff revise it)
 * @param utilityName                 the header of every bill
 */
@ConfigurationProperties("urja.billing.bills")
record BillProperties(Integer dueDays, BigDecimal latePaymentSurchargePercent, String numberPrefix, Boolean autoIssue,
                      Boolean autoRevise, String utilityName, String utilityAddress, String utilityHelpline) {

    BillProperties {
        dueDays = dueDays == null ? 15 : dueDays;
        latePaymentSurchargePercent = latePaymentSurchargePercent == null ? new BigDecimal("1.5")
                : latePaymentSurchargePercent;
        numberPrefix = numberPrefix == null ? "B" : numberPrefix;
        autoIssue = autoIssue != null && autoIssue;
        autoRevise = autoRevise != null && autoRevise;
        utilityName = utilityName == null ? "Urja Power Distribution Ltd" : utilityName;
        utilityAddress = utilityAddress == null ? "" : utilityAddress;
        utilityHelpline = utilityHelpline == null ? "1912" : utilityHelpline;
        if (dueDays < 0 || latePaymentSurchargePercent.signum() < 0 || !numberPrefix.matches("[A-Z]{0,4}")) {
            throw new IllegalArgumentException("urja.billing.bills: due-days and late-payment-surcharge-percent are "
                    + "zero or more, number-prefix up to 4 capital letters");
        }
    }
}

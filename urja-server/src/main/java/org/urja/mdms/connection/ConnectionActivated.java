package org.urja.mdms.connection;

import java.math.BigDecimal;
import java.time.Instant;

import org.urja.mdms.network.PaymentMode;

/**
 * Published when a new connection is active (UC12.6: MDM → billing, CIS/CRM): the consumer, the premises, the meter
 * installed with its installation reading and the reading that verified it.
 *
 * @param walletBalancePaise prepaid: the wallet's balance on activation (null for postpaid)
 * @param billGroup          postpaid: the bill group the service point joined (null if none was named)
 */
public record ConnectionActivated(long connectionId, String consumerNo, String name, String address, String phone,
                                  String email, String tariffCategory, BigDecimal sanctionedLoadKw,
                                  PaymentMode paymentMode, String servicePointCode, String meterSerialNo,
                                  String dtCode, String feederCode, BigDecimal initialReadingKwh, Instant installedAt,
                                  BigDecimal readingKwh, Instant readAt, Long walletBalancePaise, String billGroup,
                                  Instant activatedAt) {
}

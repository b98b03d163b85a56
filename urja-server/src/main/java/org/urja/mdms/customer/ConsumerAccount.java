package org.urja.mdms.customer;

import java.math.BigDecimal;

/** A consumer account as the MDM holds it. {@code consumerNo} is the utility's consumer ("K") number. */
public record ConsumerAccount(String consumerNo, String name, String address, String phone, String email,
                              BigDecimal sanctionedLoadKw, String tariffCategory) {
}

package org.urja.hes.fleet;

/** Payment mode held by the meter (object 0.0.94.96.20.255). */
public enum PaymentMode {
    PREPAID, POSTPAID
}

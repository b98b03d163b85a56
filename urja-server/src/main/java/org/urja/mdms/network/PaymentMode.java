package org.urja.mdms.network;

public enum PaymentMode {
    PREPAID, POSTPAID
}

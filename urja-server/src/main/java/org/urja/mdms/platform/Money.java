package org.urja.mdms.platform;

import java.math.BigDecimal;

/** Money is held as integer paise; this shows it in rupees. */
public final class Money {

    private Money() {
    }

    /** {@code 50000} → {@code "500.00"}. */
    public static String rupees(long paise) {
        return new BigDecimal(paise).movePointLeft(2).toPlainString();
    }
}

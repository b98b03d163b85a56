package org.urja.mdms.network;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Published API: changes to registered meters that come from the utility's own processes rather than from the HES
 * (UC11.2): a meter installed at a new connection's service point (UC12.3) or exchanged at a service point by the
 * field force (UC13.4), and the payment mode a meter now runs in (UC12.6, UC13.9, UC14.10). Both run in the caller's transaction; bad input is an
 * {@link org.urja.mdms.platform.ApiProblem} naming the field, and changes nothing.
 */
public interface MeterChanges {

    /**
     * A meter exchanged at site, as the field force reports it: {@code installedMeterSerialNo} (a meter of the asset
     * master, not installed anywhere) replaces the meter installed at the service point, under DT {@code dtCode}
     * (on feeder {@code feederCode}, if given), from {@code installedAt} with its first reading. Recorded like a HES
     * MeterReplaced message under the id {@code reference}: repeating it changes nothing.
     */
    record Exchange(String reference, String servicePointCode, String removedMeterSerialNo, String installedMeterSerialNo,
                    String dtCode, String feederCode, Instant installedAt, BigDecimal initialReadingKwh,
                    BigDecimal finalReadingKwh) {
    }

    /**
     * A meter installed at a service point that has none (a new connection), as the field force reports it: a
     * consumer meter of the asset master, not installed anywhere, placed under DT {@code dtCode} (on feeder
     * {@code feederCode}, if given; through DCU {@code dcuCode}, needed for an RF-mesh meter) from {@code installedAt}
     * with its first reading. Recorded like a HES MeterInstalled message under the id {@code reference}: repeating it
     * changes nothing.
     */
    record Installation(String reference, String servicePointCode, String meterSerialNo, String dtCode,
                        String feederCode, String dcuCode, Instant installedAt, BigDecimal initialReadingKwh) {
    }

    /** Checks an installation as {@link #install} would, without recording it (fields named as in {@link Installation}). */
    void check(Installation installation);

    void install(Installation installation, String source);

    /** Checks an exchange as {@link #exchange} would, without recording it (fields named as in {@link Exchange}). */
    void check(Exchange exchange);

    void exchange(Exchange exchange, String source);

    /** Records the payment mode the meter runs in (once the meter confirmed the switch). */
    void recordPaymentMode(String meterSerialNo, PaymentMode mode);
}

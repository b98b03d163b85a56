package org.urja.mdms.network;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Published API: what a meter or service point was on a past IST day, from the registry's history (placements,
 * installations, payment-mode changes) rather than its state now — for rules that judge a day's data, which may
 * arrive late, be replayed, or follow a back-dated change. A day counts as a whole: a meter is in the network on a
 * day if any placement or installation of it overlaps the day, serves the service point installed for the latest
 * part of the day, and runs in the payment mode in force when the day ended.
 */
public interface ServiceHistory {

    /** A meter on a day. */
    record MeterDay(String meterSerialNo, LocalDate day) {
    }

    /**
     * The meter (its nameplate now) on {@code day}: whether it was in the network (placed or installed) at any time of
     * the day, the service point and consumer it served (null if none), and its payment mode that day.
     */
    record OnDay(MeterDay key, Meter meter, boolean inNetwork, String servicePointCode, String consumerNo,
                 PaymentMode paymentMode) {
    }

    /** {@link OnDay} of each known meter among {@code meterDays} (unknown meters are left out), in one query. */
    Map<MeterDay, OnDay> onDays(Collection<MeterDay> meterDays);

    /** {@link #onDays} of many meters on one day, by serial number. */
    default Map<String, OnDay> onDay(Collection<String> serialNos, LocalDate day) {
        Map<String, OnDay> out = new java.util.HashMap<>();
        onDays(serialNos.stream().map(s -> new MeterDay(s, day)).toList())
                .forEach((k, v) -> out.put(k.meterSerialNo(), v));
        return out;
    }

    /**
     * The payment mode of service point {@code servicePointCode} on {@code day}: that of the meter installed there for
     * the latest part of the day; empty if the service point is unknown or had no meter that day.
     */
    Optional<PaymentMode> paymentMode(String servicePointCode, LocalDate day);
}

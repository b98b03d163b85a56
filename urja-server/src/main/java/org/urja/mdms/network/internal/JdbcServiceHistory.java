package org.urja.mdms.network.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.network.ServiceHistory;

/** {@link ServiceHistory} from meter_placement, meter_installation and meter_payment_mode, IST days. */
@Service
class JdbcServiceHistory implements ServiceHistory {

    /** The day's bounds [b, e) in IST, per meter-day of the input arrays. */
    private static final String DAYS = """
            SELECT t.s, t.d, (t.d::timestamp AT TIME ZONE 'Asia/Kolkata') AS b,
                   ((t.d + 1)::timestamp AT TIME ZONE 'Asia/Kolkata') AS e
            FROM unnest(?::text[], ?::date[]) AS t(s, d)""";

    /** The mode of meter m when the day ended (e): the period covering e, else the registered mode (never changed). */
    private static final String MODE = """
            coalesce((SELECT h.payment_mode FROM meter_payment_mode h WHERE h.meter_id = m.id AND h.valid_from < x.e
                      AND (h.valid_to IS NULL OR h.valid_to >= x.e) ORDER BY h.valid_from DESC LIMIT 1), m.payment_mode)""";

    private final JdbcClient jdbc;

    JdbcServiceHistory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<MeterDay, OnDay> onDays(Collection<MeterDay> meterDays) {
        Map<MeterDay, OnDay> out = new HashMap<>();
        if (meterDays.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT %s, x.d,
                               EXISTS (SELECT 1 FROM meter_placement p WHERE p.meter_id = m.id AND p.valid_from < x.e
                                       AND (p.valid_to IS NULL OR p.valid_to > x.b))
                               OR i.code IS NOT NULL,
                               i.code, i.consumer_no, %s
                        FROM (%s) x
                        JOIN meter m ON m.serial_no = x.s
                        LEFT JOIN LATERAL (
                            SELECT s.code, s.consumer_no FROM meter_installation mi JOIN service_point s ON s.id = mi.service_point_id
                            WHERE mi.meter_id = m.id AND mi.installed_at < x.e AND (mi.removed_at IS NULL OR mi.removed_at > x.b)
                            ORDER BY mi.installed_at DESC, mi.id DESC LIMIT 1) i ON true"""
                        .formatted(JdbcNetworkRegistry.METER_COLUMNS, MODE, DAYS))
                .params(meterDays.stream().map(MeterDay::meterSerialNo).toArray(String[]::new),
                        meterDays.stream().map(k -> k.day().toString()).toArray(String[]::new))
                .query((rs, n) -> {
                    MeterDay key = new MeterDay(rs.getString(1), rs.getObject(11, LocalDate.class));
                    return out.put(key, new OnDay(key, JdbcNetworkRegistry.meter(rs), rs.getBoolean(12),
                            rs.getString(13), rs.getString(14), PaymentMode.valueOf(rs.getString(15))));
                })
                .list();
        return out;
    }

    @Override
    public Optional<PaymentMode> paymentMode(String servicePointCode, LocalDate day) {
        return jdbc.sql("""
                        SELECT %s FROM (SELECT (?::date::timestamp AT TIME ZONE 'Asia/Kolkata') AS b,
                                               ((?::date + 1)::timestamp AT TIME ZONE 'Asia/Kolkata') AS e) x
                        JOIN service_point s ON s.code = ?
                        JOIN meter_installation mi ON mi.service_point_id = s.id AND mi.installed_at < x.e
                             AND (mi.removed_at IS NULL OR mi.removed_at > x.b)
                        JOIN meter m ON m.id = mi.meter_id
                        ORDER BY mi.installed_at DESC, mi.id DESC LIMIT 1""".formatted(MODE))
                .params(day.toString(), day.toString(), servicePointCode)
                .query((rs, n) -> PaymentMode.valueOf(rs.getString(1))).optional();
    }

    /** Records that meter {@code meterId} runs in {@code mode} from {@code at} (nothing if it already does). */
    static void change(JdbcClient jdbc, long meterId, PaymentMode mode, OffsetDateTime at) {
        String old = jdbc.sql("SELECT payment_mode FROM meter WHERE id = ? FOR UPDATE").param(meterId)
                .query(String.class).single();
        if (old.equals(mode.name())) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO meter_payment_mode (meter_id, payment_mode, valid_from)
                        SELECT ?, ?, '-infinity' WHERE NOT EXISTS (SELECT 1 FROM meter_payment_mode WHERE meter_id = ?)""")
                .params(meterId, old, meterId).update();
        jdbc.sql("UPDATE meter_payment_mode SET valid_to = greatest(?, valid_from) WHERE meter_id = ? AND valid_to IS NULL")
                .params(at, meterId).update();
        jdbc.sql("INSERT INTO meter_payment_mode (meter_id, payment_mode, valid_from) VALUES (?, ?, ?)")
                .params(meterId, mode.name(), at).update();
        jdbc.sql("UPDATE meter SET payment_mode = ? WHERE id = ?").params(mode.name(), meterId).update();
    }
}

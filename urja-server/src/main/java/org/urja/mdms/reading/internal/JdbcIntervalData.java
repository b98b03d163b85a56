package org.urja.mdms.reading.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;

@Service
class JdbcIntervalData implements IntervalData {

    private final JdbcClient jdbc;
    private final MeterIds meterIds;

    JdbcIntervalData(JdbcClient jdbc, MeterIds meterIds) {
        this.jdbc = jdbc;
        this.meterIds = meterIds;
    }

    @Override
    public Optional<DaySeries> current(String meterSerialNo, Channel channel, LocalDate day) {
        return currentRange(meterSerialNo, channel, day, day).stream().findFirst();
    }

    @Override
    public Optional<DaySeries> asReceived(String meterSerialNo, Channel channel, LocalDate day) {
        return meterIds.find(meterSerialNo).flatMap(id -> jdbc.sql("""
                        SELECT day, interval_minutes, vals, flags FROM interval_day
                        WHERE meter_id = ? AND channel = ? AND day = ? AND version = 0""")
                .params(id, channel.code(), day)
                .query((rs, i) -> series(meterSerialNo, channel, rs)).optional());
    }

    @Override
    public List<DaySeries> currentRange(String meterSerialNo, Channel channel, LocalDate from, LocalDate to) {
        return meterIds.find(meterSerialNo).map(id -> jdbc.sql("""
                        SELECT DISTINCT ON (day) day, interval_minutes, vals, flags FROM interval_day
                        WHERE meter_id = ? AND channel = ? AND day BETWEEN ? AND ?
                        ORDER BY day, version DESC""")
                .params(id, channel.code(), from, to)
                .query((rs, i) -> series(meterSerialNo, channel, rs)).list()).orElse(List.of());
    }

    @Override
    public List<String> metersWithData(Channel channel, LocalDate day) {
        return jdbc.sql("""
                        SELECT m.serial_no FROM interval_day d JOIN reading_meter m ON m.id = d.meter_id
                        WHERE d.channel = ? AND d.day = ? AND d.version = 0 ORDER BY m.serial_no""")
                .params(channel.code(), day).query(String.class).list();
    }

    @Override
    @Transactional
    public Optional<Integer> storeVersion(DaySeries series, String createdBy, String reason) {
        int meterId = meterIds.resolve(List.of(series.meterSerialNo())).get(series.meterSerialNo());
        Optional<DaySeries> current = current(series.meterSerialNo(), series.channel(), series.day());
        if (current.isPresent() && current.get().equals(series)) {
            return Optional.empty();
        }
        Integer[] vals = new Integer[series.slots()];
        Short[] flags = new Short[series.slots()];
        for (int i = 0; i < vals.length; i++) {
            vals[i] = Math.toIntExact(series.values()[i]);
            flags[i] = series.flags()[i];
        }
        // Versions above 0 only; the row lock on the day's rows serialises concurrent writers.
        Integer version = jdbc.sql("""
                        INSERT INTO interval_day (meter_id, channel, day, version, interval_minutes, vals, flags, created_by, reason)
                        SELECT ?, ?, ?, greatest(coalesce(max(version), 0), 0) + 1, ?, ?::int[], ?::smallint[], ?, ?
                        FROM interval_day WHERE meter_id = ? AND channel = ? AND day = ?
                        RETURNING version""")
                .params(meterId, series.channel().code(), series.day(), (short) series.intervalMinutes(), vals, flags,
                        createdBy, reason, meterId, series.channel().code(), series.day())
                .query(Integer.class).single();
        return Optional.of(version);
    }

    @Override
    public java.util.Map<String, SlotCounts> slotCounts(java.util.Collection<String> meterSerialNos, Channel channel,
                                                        LocalDate day) {
        java.util.Map<String, SlotCounts> counts = new java.util.HashMap<>();
        if (meterSerialNos.isEmpty()) {
            return counts;
        }
        jdbc.sql("""
                        SELECT DISTINCT ON (d.meter_id) m.serial_no,
                               (SELECT count(*) FROM unnest(d.flags) f WHERE f & 1 = 1 AND f & 6 = 0),
                               (SELECT count(*) FROM unnest(d.flags) f WHERE f & 2 = 2)
                        FROM interval_day d JOIN reading_meter m ON m.id = d.meter_id
                        WHERE m.serial_no = ANY(?) AND d.channel = ? AND d.day = ?
                        ORDER BY d.meter_id, d.version DESC""")
                .params(meterSerialNos.toArray(String[]::new), channel.code(), day)
                .query(rs -> {
                    counts.put(rs.getString(1), new SlotCounts(rs.getInt(2), rs.getInt(3)));
                });
        return counts;
    }

    @Override
    public List<VersionInfo> versions(String meterSerialNo, Channel channel, LocalDate day) {
        return meterIds.find(meterSerialNo).map(id -> jdbc.sql("""
                        SELECT version, created_by, reason, created_at,
                               (SELECT count(*) FROM unnest(flags) f WHERE f & 1 = 1),
                               (SELECT count(*) FROM unnest(flags) f WHERE f & 2 = 2),
                               (SELECT count(*) FROM unnest(flags) f WHERE f & 4 = 4)
                        FROM interval_day WHERE meter_id = ? AND channel = ? AND day = ? ORDER BY version""")
                .params(id, channel.code(), day)
                .query((rs, i) -> new VersionInfo(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, java.time.OffsetDateTime.class).toInstant(), rs.getInt(5), rs.getInt(6),
                        rs.getInt(7)))
                .list()).orElse(List.of());
    }

    @Override
    public Optional<java.math.BigDecimal> register(String meterSerialNo, String readingType, java.time.Instant at) {
        return meterIds.find(meterSerialNo).flatMap(id -> jdbc.sql("""
                        SELECT value FROM register_read WHERE meter_id = ? AND reading_type = ? AND read_at = ?""")
                .params(id, readingType, java.sql.Timestamp.from(at)).query(java.math.BigDecimal.class).optional());
    }

    private static DaySeries series(String serial, Channel channel, ResultSet rs) throws SQLException {
        Integer[] vals = (Integer[]) ((Array) rs.getArray(3)).getArray();
        Short[] flags = (Short[]) ((Array) rs.getArray(4)).getArray();
        long[] v = new long[vals.length];
        short[] f = new short[flags.length];
        for (int i = 0; i < vals.length; i++) {
            v[i] = vals[i];
            f[i] = flags[i];
        }
        return new DaySeries(serial, channel, rs.getObject(1, LocalDate.class), rs.getInt(2), v, f);
    }
}

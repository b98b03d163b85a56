package org.urja.mdms.reading.internal;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.postgresql.PGStatement;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.hes.contract.Reading;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.DaySeries;
import org.urja.mdms.reading.IntervalData;
import org.urja.mdms.reading.IntervalFlags;

@Service
class JdbcIntervalData implements IntervalData {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final MeterIds meterIds;

    JdbcIntervalData(JdbcClient jdbc, JdbcTemplate jdbcTemplate, MeterIds meterIds) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
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
    public Map<String, DaySeries> asReceived(Collection<String> meterSerialNos, Channel channel, LocalDate day) {
        Map<String, DaySeries> out = new HashMap<>();
        if (meterSerialNos.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT d.day, d.interval_minutes, d.vals, d.flags, m.serial_no
                        FROM reading_meter m JOIN interval_day d ON d.meter_id = m.id
                        WHERE m.serial_no = ANY(?) AND d.channel = ? AND d.day = ? AND d.version = 0""")
                .params(meterSerialNos.toArray(String[]::new), channel.code(), day)
                .query(rs -> {
                    out.put(rs.getString(5), series(rs.getString(5), channel, rs));
                });
        return out;
    }

    @Override
    public Map<String, List<DaySeries>> currentRange(Collection<String> meterSerialNos, Channel channel, LocalDate from,
                                                     LocalDate to) {
        Map<String, List<DaySeries>> out = new HashMap<>();
        if (meterSerialNos.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT DISTINCT ON (d.meter_id, d.day) d.day, d.interval_minutes, d.vals, d.flags, m.serial_no
                        FROM reading_meter m JOIN interval_day d ON d.meter_id = m.id
                        WHERE m.serial_no = ANY(?) AND d.channel = ? AND d.day BETWEEN ? AND ?
                        ORDER BY d.meter_id, d.day, d.version DESC""")
                .params(meterSerialNos.toArray(String[]::new), channel.code(), from, to)
                .query(rs -> {
                    out.computeIfAbsent(rs.getString(5), k -> new ArrayList<>()).add(series(rs.getString(5), channel, rs));
                });
        return out;
    }

    @Override
    public Map<String, BigDecimal> registers(Collection<String> meterSerialNos, String readingType, Instant at) {
        Map<String, BigDecimal> out = new HashMap<>();
        if (meterSerialNos.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT m.serial_no, r.value FROM reading_meter m JOIN register_read r ON r.meter_id = m.id
                        WHERE m.serial_no = ANY(?) AND r.reading_type = ? AND r.read_at = ?""")
                .params(meterSerialNos.toArray(String[]::new), readingType, Timestamp.from(at))
                .query(rs -> {
                    out.put(rs.getString(1), rs.getBigDecimal(2));
                });
        return out;
    }

    @Override
    public Map<String, List<Reading>> registersAt(Collection<String> meterSerialNos, Instant at) {
        Map<String, List<Reading>> out = new HashMap<>();
        if (meterSerialNos.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT m.serial_no, r.reading_type, r.value, r.occurred_at
                        FROM reading_meter m JOIN register_read r ON r.meter_id = m.id
                        WHERE m.serial_no = ANY(?) AND r.read_at = ? ORDER BY m.serial_no, r.reading_type""")
                .params(meterSerialNos.toArray(String[]::new), Timestamp.from(at))
                .query(rs -> {
                    Timestamp occurred = rs.getTimestamp(4);
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Reading(rs.getString(2), at,
                            rs.getBigDecimal(3), occurred == null ? null : occurred.toInstant(), List.of()));
                });
        return out;
    }

    /**
     * One statement: per meter (a lateral join, so a meter's days come together) the highest version of each channel
     * and day. The arrays travel in PostgreSQL's binary format and are decoded straight into primitive arrays; flags
     * that are all plain PRESENT (the usual actual day) are not sent at all.
     */
    @Override
    @Transactional(readOnly = true)
    public void forEachCurrent(Collection<String> meterSerialNos, Set<Channel> channels, LocalDate from, LocalDate to,
                               Consumer<DaySeries> action) {
        if (meterSerialNos.isEmpty() || channels.isEmpty()) {
            return;
        }
        Integer[] codes = channels.stream().map(c -> (int) c.code()).toArray(Integer[]::new);
        jdbcTemplate.execute((java.sql.Connection c) -> {
            try (var off = c.createStatement()) {
                off.execute("SET LOCAL jit = off"); // compiling the per-meter plan costs more than it saves
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.serial_no, d.channel, d.day, d.interval_minutes, d.vals,
                           CASE WHEN d.flags <@ '{1}'::smallint[] THEN NULL ELSE d.flags END
                    FROM reading_meter m
                    CROSS JOIN LATERAL (SELECT DISTINCT ON (x.channel, x.day) x.channel, x.day, x.interval_minutes,
                                               x.vals, x.flags
                                        FROM interval_day x
                                        WHERE x.meter_id = m.id AND x.channel = ANY(?::smallint[])
                                          AND x.day BETWEEN ? AND ?
                                        ORDER BY x.channel DESC, x.day DESC, x.version DESC) d
                    WHERE m.serial_no = ANY(?)""")) {
                ps.unwrap(PGStatement.class).setPrepareThreshold(-1); // binary results from the first execution
                ps.setFetchSize(2000);
                ps.setArray(1, c.createArrayOf("int2", codes));
                ps.setObject(2, from);
                ps.setObject(3, to);
                ps.setArray(4, c.createArrayOf("text", meterSerialNos.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int minutes = rs.getInt(4);
                        int slots = 1440 / minutes;
                        long[] values = new long[slots];
                        short[] flags = new short[slots];
                        PgArrays.decodeInts(rs.getBytes(5), values);
                        byte[] f = rs.getBytes(6);
                        if (f == null) {
                            java.util.Arrays.fill(flags, IntervalFlags.PRESENT);
                        } else {
                            PgArrays.decodeShorts(f, flags);
                        }
                        action.accept(new DaySeries(rs.getString(1), Channel.ofCode(rs.getShort(2)),
                                rs.getObject(3, LocalDate.class), minutes, values, flags));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public Map<String, Integer> currentVersions(Collection<String> meterSerialNos, Channel channel, LocalDate day) {
        Map<String, Integer> out = new HashMap<>();
        if (meterSerialNos.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                        SELECT m.serial_no, max(d.version) FROM reading_meter m JOIN interval_day d ON d.meter_id = m.id
                        WHERE m.serial_no = ANY(?) AND d.channel = ? AND d.day = ? GROUP BY m.serial_no""")
                .params(meterSerialNos.toArray(String[]::new), channel.code(), day)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getInt(2));
                });
        return out;
    }

    @Override
    @Transactional
    public int[] storeVersions(List<NewVersion> versions) {
        if (versions.isEmpty()) {
            return new int[0];
        }
        Map<String, Integer> ids = meterIds.resolve(versions.stream().map(v -> v.series().meterSerialNo()).toList());
        int[] stored = new int[versions.size()];
        // One statement per day (a round trip each): the new version is inserted only when it differs from the current
        // one. Two writers of the same day at once collide on the primary key and the later fails (its caller retries;
        // VEE serialises itself per meter-day with advisory locks, so this is only VEE against a person's edit).
        jdbcTemplate.execute((java.sql.Connection c) -> {
            try (var ps = c.prepareStatement("""
                    INSERT INTO interval_day (meter_id, channel, day, version, interval_minutes, vals, flags, created_by, reason)
                    SELECT k.meter_id, k.channel, k.day, coalesce(c.version, 0) + 1, ?, ?, ?, ?, ?
                    FROM (SELECT ?::int AS meter_id, ?::smallint AS channel, ?::date AS day) k
                    LEFT JOIN LATERAL (SELECT version, interval_minutes, vals, flags FROM interval_day d
                                       WHERE d.meter_id = k.meter_id AND d.channel = k.channel AND d.day = k.day
                                       ORDER BY version DESC LIMIT 1) c ON true
                    WHERE (c.interval_minutes, c.vals, c.flags) IS DISTINCT FROM (?::smallint, ?::int[], ?::smallint[])
                    RETURNING version""", java.sql.Statement.NO_GENERATED_KEYS)) {
                for (int i = 0; i < versions.size(); i++) {
                    DaySeries d = versions.get(i).series();
                    java.sql.Array vals = c.createArrayOf("int4", boxed(d.values()));
                    java.sql.Array flags = c.createArrayOf("int2", boxed(d.flags()));
                    ps.setShort(1, (short) d.intervalMinutes());
                    ps.setArray(2, vals);
                    ps.setArray(3, flags);
                    ps.setString(4, versions.get(i).createdBy());
                    ps.setString(5, versions.get(i).reason());
                    ps.setInt(6, ids.get(d.meterSerialNo()));
                    ps.setShort(7, d.channel().code());
                    ps.setObject(8, d.day());
                    ps.setShort(9, (short) d.intervalMinutes());
                    ps.setArray(10, vals);
                    ps.setArray(11, flags);
                    try (var rs = ps.executeQuery()) {
                        stored[i] = rs.next() ? rs.getInt(1) : 0;
                    }
                }
            }
            return null;
        });
        return stored;
    }

    private static Integer[] boxed(long[] values) {
        Integer[] out = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    private static Short[] boxed(short[] values) {
        Short[] out = new Short[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
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

    @Override
    public List<RegisterRead> registersReceivedSince(String meterSerialNo, java.time.Instant receivedSince) {
        return meterIds.find(meterSerialNo).map(id -> jdbc.sql("""
                        SELECT DISTINCT ON (reading_type) reading_type, value, read_at, profile, received_at
                        FROM register_read WHERE meter_id = ? AND received_at >= ?
                        ORDER BY reading_type, read_at DESC""")
                .params(id, java.sql.Timestamp.from(receivedSince))
                .query((rs, i) -> new RegisterRead(rs.getString(1), rs.getBigDecimal(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getString(4),
                        rs.getObject(5, java.time.OffsetDateTime.class).toInstant()))
                .list()).orElse(List.of());
    }

    @Override
    public Optional<RegisterValue> latestRegister(String meterSerialNo, String readingType, java.time.Instant receivedSince) {
        return meterIds.find(meterSerialNo).flatMap(id -> jdbc.sql("""
                        SELECT value, read_at FROM register_read
                        WHERE meter_id = ? AND reading_type = ? AND received_at >= ? ORDER BY read_at DESC LIMIT 1""")
                .params(id, readingType, java.sql.Timestamp.from(receivedSince))
                .query((rs, i) -> new RegisterValue(rs.getBigDecimal(1),
                        rs.getObject(2, java.time.OffsetDateTime.class).toInstant()))
                .optional());
    }

    @Override
    public List<LatestRegister> latestRegisters(String meterSerialNo) {
        return meterIds.find(meterSerialNo).map(id -> jdbc.sql("""
                        SELECT DISTINCT ON (reading_type) reading_type, value, read_at, profile FROM register_read
                        WHERE meter_id = ? ORDER BY reading_type, read_at DESC""")
                .param(id)
                .query((rs, i) -> new LatestRegister(rs.getString(1), rs.getBigDecimal(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getString(4)))
                .list()).orElse(List.of());
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

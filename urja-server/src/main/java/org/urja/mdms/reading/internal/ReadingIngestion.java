package org.urja.mdms.reading.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.MeterReadingsMessage;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingQuality;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalFlags;

/**
 * Turns MeterReadings into stored data. Interval readings are grouped by meter, channel and IST day and merged into
 * version 0 of the day row in one statement per row ({@code reading_merge_*}): a slot already received keeps its
 * value (a differing re-send flags it SUSPECT), an empty slot takes the new value. So the same data twice changes
 * nothing, and incremental, late, out-of-order and re-acquired data simply fill their slots. Register readings are
 * inserted once per meter, reading type and time. Runs in the caller's transaction.
 */
@Service
class ReadingIngestion {

    private static final Logger log = LoggerFactory.getLogger(ReadingIngestion.class);
    static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    record Result(int slots, int registers, int rejected) {
    }

    private record DayKey(String serial, Channel channel, LocalDate day, int intervalMinutes) {
    }

    private static final class DayRows {
        final int[] values;
        final short[] flags;

        DayRows(int slots) {
            values = new int[slots];
            flags = new short[slots];
        }
    }

    private final JdbcTemplate jdbc;
    private final MeterIds meterIds;

    ReadingIngestion(JdbcTemplate jdbc, MeterIds meterIds) {
        this.jdbc = jdbc;
        this.meterIds = meterIds;
    }

    Result ingest(MeterReadingsMessage message) {
        Map<DayKey, DayRows> days = new LinkedHashMap<>();
        List<Object[]> registers = new ArrayList<>();
        int slots = 0;
        int rejected = 0;
        for (MeterReading reading : message.meterReadings()) {
            for (IntervalBlock block : reading.intervalBlocks()) {
                Channel channel = Channel.ofReadingType(block.readingType()).orElse(null);
                if (channel == null) {
                    rejected += block.intervalReadings().size();
                    continue;
                }
                int seconds = block.intervalSeconds();
                for (IntervalReading r : block.intervalReadings()) {
                    long start = r.timeStamp().getEpochSecond() - seconds;
                    Integer scaled = scaled(r.value(), channel);
                    if (start % seconds != 0 || scaled == null) {
                        rejected++; // not on an interval boundary, or beyond what the channel can hold
                        continue;
                    }
                    LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(start), IST);
                    long dayStart = day.atStartOfDay(IST).toEpochSecond();
                    int slot = (int) ((start - dayStart) / seconds);
                    DayRows rows = days.computeIfAbsent(new DayKey(reading.meterSerialNo(), channel, day, seconds / 60),
                            k -> new DayRows(86_400 / seconds));
                    rows.values[slot] = scaled;
                    rows.flags[slot] = flags(r.qualities());
                    slots++;
                }
            }
            for (Reading r : reading.readings()) {
                registers.add(new Object[] {reading.meterSerialNo(), r.readingType(), Timestamp.from(r.timeStamp()),
                        reading.profile().name(), r.value(), r.occurredAt() == null ? null : Timestamp.from(r.occurredAt())});
            }
        }
        List<String> serials = new ArrayList<>();
        days.keySet().forEach(k -> serials.add(k.serial()));
        registers.forEach(r -> serials.add((String) r[0]));
        Map<String, Integer> ids = meterIds.resolve(serials);
        mergeDays(days, ids);
        int stored = insertRegisters(registers, ids, message.messageId());
        if (rejected > 0) {
            log.warn("Message {}: {} interval readings rejected (unknown reading type, misaligned or out of range)",
                    message.messageId(), rejected);
        }
        return new Result(slots, stored, rejected);
    }

    private void mergeDays(Map<DayKey, DayRows> days, Map<String, Integer> ids) {
        if (days.isEmpty()) {
            return;
        }
        List<Map.Entry<DayKey, DayRows>> entries = new ArrayList<>(days.entrySet());
        // A stable order keeps concurrent ingestions from locking the same rows in opposite orders.
        entries.sort(Map.Entry.comparingByKey(java.util.Comparator.comparing((DayKey k) -> ids.get(k.serial()))
                .thenComparing(k -> k.channel().code()).thenComparing(DayKey::day)));
        jdbc.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO interval_day AS d (meter_id, channel, day, version, interval_minutes, vals, flags)
                    VALUES (?, ?, ?, 0, ?, ?, ?)
                    ON CONFLICT (meter_id, channel, day, version) DO UPDATE
                    SET vals = reading_merge_vals(d.vals, d.flags, EXCLUDED.vals, EXCLUDED.flags),
                        flags = reading_merge_flags(d.vals, d.flags, EXCLUDED.vals, EXCLUDED.flags),
                        updated_at = now()
                    WHERE d.interval_minutes = EXCLUDED.interval_minutes""")) {
                for (Map.Entry<DayKey, DayRows> e : entries) {
                    DayKey k = e.getKey();
                    ps.setInt(1, ids.get(k.serial()));
                    ps.setShort(2, k.channel().code());
                    ps.setObject(3, k.day());
                    ps.setShort(4, (short) k.intervalMinutes());
                    ps.setArray(5, intArray(c, e.getValue().values));
                    ps.setArray(6, shortArray(c, e.getValue().flags));
                    ps.addBatch();
                }
                int skipped = 0;
                for (int n : ps.executeBatch()) {
                    skipped += n == 0 ? 1 : 0;
                }
                if (skipped > 0) {
                    log.warn("{} day rows not merged: their interval length differs from the stored day's", skipped);
                }
            }
            return null;
        });
    }

    private int insertRegisters(List<Object[]> registers, Map<String, Integer> ids, String messageId) {
        if (registers.isEmpty()) {
            return 0;
        }
        int[][] counts = jdbc.batchUpdate("""
                        INSERT INTO register_read (meter_id, reading_type, read_at, profile, value, occurred_at, message_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meter_id, reading_type, read_at) DO NOTHING""",
                registers, 1000, (ps, r) -> {
                    ps.setInt(1, ids.get((String) r[0]));
                    ps.setString(2, (String) r[1]);
                    ps.setTimestamp(3, (Timestamp) r[2]);
                    ps.setString(4, (String) r[3]);
                    ps.setBigDecimal(5, (BigDecimal) r[4]);
                    ps.setTimestamp(6, (Timestamp) r[5]);
                    ps.setString(7, messageId);
                });
        int stored = 0;
        for (int[] batch : counts) {
            for (int n : batch) {
                stored += Math.max(n, 0);
            }
        }
        return stored;
    }

    /** The engineering value as the channel's stored integer (rounded half-up), or null when it does not fit. */
    static Integer scaled(BigDecimal value, Channel channel) {
        BigDecimal s = value.multiply(BigDecimal.valueOf(channel.scale())).setScale(0, RoundingMode.HALF_UP);
        if (s.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 || s.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
            return null;
        }
        return s.intValue();
    }

    static short flags(List<ReadingQuality> qualities) {
        short f = IntervalFlags.PRESENT;
        for (ReadingQuality q : qualities) {
            f |= switch (q) {
                case POWER_FAIL -> IntervalFlags.POWER_FAIL;
                case CLOCK_ADJUSTED -> IntervalFlags.CLOCK_ADJUSTED;
                case TAMPER -> IntervalFlags.TAMPER;
                case SUSPECT -> IntervalFlags.SUSPECT;
            };
        }
        return f;
    }

    private static Array intArray(Connection c, int[] values) throws SQLException {
        Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return c.createArrayOf("int4", boxed);
    }

    private static Array shortArray(Connection c, short[] values) throws SQLException {
        Short[] boxed = new Short[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return c.createArrayOf("int2", boxed);
    }

}

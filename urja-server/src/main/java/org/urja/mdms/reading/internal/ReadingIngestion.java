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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.jdbc.PgConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingQuality;
import org.urja.hes.contract.ReadingTypes;
import org.urja.mdms.hes.MeterReadingsBatch;
import org.urja.mdms.hes.MeterReadingsSink;
import org.urja.mdms.reading.BillingProfileReceived;
import org.urja.mdms.reading.Channel;
import org.urja.mdms.reading.IntervalDataReceived;
import org.urja.mdms.reading.MeterClocksRead;
import org.urja.mdms.reading.MeterDay;
import org.urja.mdms.reading.IntervalFlags;

/**
 * Turns MeterReadings into stored data. Interval readings are grouped by meter, channel and IST day and merged into
 * version 0 of the day row in one statement per row ({@code reading_merge_*}): a slot already received keeps its
 * value (a differing re-send flags it SUSPECT), an empty slot takes the new value. So the same data twice changes
 * nothing, and incremental, late, out-of-order and re-acquired data simply fill their slots. Register readings are
 * inserted once per meter, reading type and time. Runs in the transaction that stores the HES message, so both are
 * committed before the HES is acknowledged. New billing profiles and meters' clocks are announced to the modules that use
 * them ({@link BillingProfileReceived}, {@link MeterClocksRead}).
 */
@Service
class ReadingIngestion implements MeterReadingsSink {

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
    private final ApplicationEventPublisher events;

    ReadingIngestion(JdbcTemplate jdbc, MeterIds meterIds, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.meterIds = meterIds;
        this.events = events;
    }

    @Override
    public void accept(MeterReadingsBatch batch) {
        Result result = ingest(batch);
        jdbc.update("INSERT INTO reading_ingested_message (message_id, slots, registers, rejected) VALUES (?, ?, ?, ?)",
                batch.messageId(), result.slots(), result.registers(), result.rejected());
    }

    Result ingest(MeterReadingsBatch batch) {
        Map<DayKey, DayRows> days = new HashMap<>();
        List<Object[]> registers = new ArrayList<>();
        int slots = 0;
        int rejected = 0;
        for (int m = 0; m < batch.meterReadings(); m++) {
            String serial = batch.serialNo(m);
            for (int b = batch.firstBlock(m); b < batch.endBlock(m); b++) {
                Channel channel = Channel.ofReadingType(batch.readingType(b)).orElse(null);
                if (channel == null) {
                    rejected += batch.endInterval(b) - batch.firstInterval(b);
                    continue;
                }
                int seconds = batch.intervalSeconds(b);
                DayRows rows = null;
                long dayStart = 0;
                long dayEnd = 0;
                for (int i = batch.firstInterval(b); i < batch.endInterval(b); i++) {
                    long endMillis = batch.intervalEndMillis(i);
                    long start = Math.floorDiv(endMillis, 1000) - seconds;
                    long scaled = scaled(batch.unscaledValue(i), batch.decimalScale(i), channel.scale());
                    if (endMillis % 1000 != 0 || start % seconds != 0 || scaled == Long.MIN_VALUE) {
                        rejected++; // not on an interval boundary, or beyond what the channel can hold
                        continue;
                    }
                    if (rows == null || start < dayStart || start >= dayEnd) {
                        LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(start), IST);
                        dayStart = day.atStartOfDay(IST).toEpochSecond();
                        dayEnd = dayStart + 86_400;
                        rows = days.computeIfAbsent(new DayKey(serial, channel, day, seconds / 60),
                                k -> new DayRows(86_400 / seconds));
                    }
                    int slot = (int) ((start - dayStart) / seconds);
                    rows.values[slot] = (int) scaled;
                    rows.flags[slot] = FLAGS[batch.qualityMask(i)];
                    slots++;
                }
            }
            for (Reading r : batch.registers(m)) {
                registers.add(new Object[] {serial, r.readingType(), Timestamp.from(r.timeStamp()),
                        batch.profile(m).name(), r.value(), r.occurredAt() == null ? null : Timestamp.from(r.occurredAt())});
            }
        }
        List<String> serials = new ArrayList<>(batch.meterSerialNos());
        Map<String, Integer> ids = meterIds.resolve(serials);
        mergeDays(days, ids);
        int stored = insertRegisters(registers, ids, batch.messageId());
        if (!days.isEmpty()) {
            events.publishEvent(new IntervalDataReceived(batch.messageId(), days.keySet().stream()
                    .map(k -> new MeterDay(k.serial(), k.day())).distinct()
                    .sorted(Comparator.comparing(MeterDay::day).thenComparing(MeterDay::meterSerialNo)).toList()));
        }
        if (rejected > 0) {
            log.warn("Message {}: {} interval readings rejected (unknown reading type, misaligned or out of range)",
                    batch.messageId(), rejected);
        }
        return new Result(slots, stored, rejected);
    }

    /** Interval flags for each combination of contract qualities (bit i = ReadingQuality ordinal i). */
    private static final short[] FLAGS = new short[1 << ReadingQuality.values().length];

    static {
        for (int mask = 0; mask < FLAGS.length; mask++) {
            List<ReadingQuality> qualities = new ArrayList<>();
            for (ReadingQuality q : ReadingQuality.values()) {
                if (MeterReadingsBatch.has(mask, q)) {
                    qualities.add(q);
                }
            }
            FLAGS[mask] = flags(qualities);
        }
    }

    /**
     * {@code unscaled × 10^-decimalScale} as the channel's stored integer (× channelScale, rounded half-up, as
     * {@link #scaled(BigDecimal, Channel)}), or {@code Long.MIN_VALUE} when it does not fit an int.
     */
    static long scaled(long unscaled, int decimalScale, int channelScale) {
        long n;
        try {
            n = Math.multiplyExact(unscaled, (long) channelScale);
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE;
        }
        long pow = POW10[decimalScale];
        long q = n / pow;
        long rem = Math.abs(n % pow);
        if (rem * 2 >= pow) {
            q += n < 0 ? -1 : 1;
        }
        return q > Integer.MAX_VALUE || q < Integer.MIN_VALUE ? Long.MIN_VALUE : q;
    }

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L};

    private void mergeDays(Map<DayKey, DayRows> days, Map<String, Integer> ids) {
        if (days.isEmpty()) {
            return;
        }
        List<Map.Entry<DayKey, DayRows>> entries = new ArrayList<>(days.entrySet());
        // A stable order keeps concurrent ingestions from locking the same rows in opposite orders.
        entries.sort(Map.Entry.comparingByKey(Comparator.comparing((DayKey k) -> ids.get(k.serial()))
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
        record Profile(String serial, Instant billingDate) {
        }
        Map<Profile, List<Reading>> billing = new java.util.LinkedHashMap<>();
        List<MeterClocksRead.MeterClock> clocks = new ArrayList<>();
        int row = 0;
        for (int[] batch : counts) {
            for (int n : batch) {
                Object[] r = registers.get(row++);
                if (n == 0) {
                    continue;
                }
                stored++; // n is 1, or SUCCESS_NO_INFO (-2) for drivers that do not count
                if ("BILLING".equals(r[3])) {
                    Instant readAt = ((Timestamp) r[2]).toInstant();
                    billing.computeIfAbsent(new Profile((String) r[0], readAt), k -> new ArrayList<>()).add(new Reading((String) r[1],
                            readAt, (BigDecimal) r[4], r[5] == null ? null : ((Timestamp) r[5]).toInstant(), List.of()));
                } else if (ReadingTypes.INSTANT_CLOCK.equals(r[1])) {
                    clocks.add(new MeterClocksRead.MeterClock((String) r[0], ((Timestamp) r[2]).toInstant(),
                            epochSeconds((BigDecimal) r[4])));
                }
            }
        }
        billing.forEach((p, readings) -> events.publishEvent(new BillingProfileReceived(p.serial(), p.billingDate(), readings)));
        if (!clocks.isEmpty()) {
            events.publishEvent(new MeterClocksRead(messageId, clocks));
        }
        return stored;
    }

    /** An instant given as (decimal) seconds since the epoch, to the millisecond. */
    static Instant epochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact());
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

    /** int4[] straight from the primitive array (pgjdbc encodes it in binary without boxing). */
    private static Array intArray(Connection c, int[] values) throws SQLException {
        return c.unwrap(PgConnection.class).createArrayOf("int4", values);
    }

    private static Array shortArray(Connection c, short[] values) throws SQLException {
        return c.unwrap(PgConnection.class).createArrayOf("int2", values);
    }

}

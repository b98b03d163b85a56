package org.urja.mdms.hes;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingQuality;

/**
 * A validated MeterReadings message in columnar form, as the HES module parsed it from the wire: meters → interval
 * blocks → interval readings are index ranges over primitive arrays, so a message of a few hundred thousand values
 * costs a few arrays instead of a few hundred thousand objects. Interval values are exact decimals
 * {@code unscaled × 10^-decimalScale}; {@code qualities} is a bit mask over {@link ReadingQuality} ordinals. Register
 * readings (few) are plain contract records. Built only by the HES module's parser; read-only for everyone else.
 */
public final class MeterReadingsBatch {

    private final String messageId;
    private final Instant sentAt;
    private final String correlationId;
    private final String[] serialNos;
    private final ReadingProfile[] profiles;
    private final int[] blockStart;
    private final List<List<Reading>> registers;
    private final String[] readingTypes;
    private final int[] intervalSeconds;
    private final int[] readingStart;
    private final long[] endMillis;
    private final long[] unscaled;
    private final byte[] decimalScale;
    private final byte[] qualities;

    MeterReadingsBatch(String messageId, Instant sentAt, String correlationId, String[] serialNos,
                       ReadingProfile[] profiles, int[] blockStart, List<List<Reading>> registers, String[] readingTypes,
                       int[] intervalSeconds, int[] readingStart, long[] endMillis, long[] unscaled, byte[] decimalScale,
                       byte[] qualities) {
        this.messageId = messageId;
        this.sentAt = sentAt;
        this.correlationId = correlationId;
        this.serialNos = serialNos;
        this.profiles = profiles;
        this.blockStart = blockStart;
        this.registers = registers;
        this.readingTypes = readingTypes;
        this.intervalSeconds = intervalSeconds;
        this.readingStart = readingStart;
        this.endMillis = endMillis;
        this.unscaled = unscaled;
        this.decimalScale = decimalScale;
        this.qualities = qualities;
    }

    public String messageId() {
        return messageId;
    }

    public Instant sentAt() {
        return sentAt;
    }

    public String correlationId() {
        return correlationId;
    }

    /** Number of MeterReading entries (a meter may appear in several, e.g. one per profile). */
    public int meterReadings() {
        return serialNos.length;
    }

    public String serialNo(int meterReading) {
        return serialNos[meterReading];
    }

    public ReadingProfile profile(int meterReading) {
        return profiles[meterReading];
    }

    /** Interval blocks of a meter reading: indexes {@code [firstBlock, endBlock)}. */
    public int firstBlock(int meterReading) {
        return blockStart[meterReading];
    }

    public int endBlock(int meterReading) {
        return blockStart[meterReading + 1];
    }

    public List<Reading> registers(int meterReading) {
        return registers.get(meterReading);
    }

    public String readingType(int block) {
        return readingTypes[block];
    }

    public int intervalSeconds(int block) {
        return intervalSeconds[block];
    }

    /** Interval readings of a block: indexes {@code [firstInterval, endInterval)}. */
    public int firstInterval(int block) {
        return readingStart[block];
    }

    public int endInterval(int block) {
        return readingStart[block + 1];
    }

    /** End of the interval (IEC 61968-9 timeStamp) in epoch milliseconds. */
    public long intervalEndMillis(int interval) {
        return endMillis[interval];
    }

    public long unscaledValue(int interval) {
        return unscaled[interval];
    }

    public int decimalScale(int interval) {
        return decimalScale[interval];
    }

    public int qualityMask(int interval) {
        return qualities[interval];
    }

    public static boolean has(int qualityMask, ReadingQuality quality) {
        return (qualityMask & (1 << quality.ordinal())) != 0;
    }

    public int intervalReadingCount() {
        return endMillis.length;
    }

    public int registerCount() {
        return registers.stream().mapToInt(List::size).sum();
    }

    /** Distinct meter serial numbers, sorted. */
    public List<String> meterSerialNos() {
        return List.copyOf(new TreeSet<>(Arrays.asList(serialNos)));
    }
}

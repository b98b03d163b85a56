package org.urja.mdms.reading;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Published read API over stored interval data. */
public interface IntervalData {

    /** The current version (highest) of a meter's channel for an IST day. */
    Optional<DaySeries> current(String meterSerialNo, Channel channel, LocalDate day);

    /** What the meter sent (version 0) for an IST day, merged from every message received. */
    Optional<DaySeries> asReceived(String meterSerialNo, Channel channel, LocalDate day);

    /** Current versions for the days in {@code [from, to]}, oldest first; days without data are left out. */
    List<DaySeries> currentRange(String meterSerialNo, Channel channel, LocalDate from, LocalDate to);

    /** {@link #asReceived(String, Channel, LocalDate)} for many meters in one query; meters without data are left out. */
    java.util.Map<String, DaySeries> asReceived(java.util.Collection<String> meterSerialNos, Channel channel, LocalDate day);

    /** {@link #currentRange(String, Channel, LocalDate, LocalDate)} for many meters in one query. */
    java.util.Map<String, List<DaySeries>> currentRange(java.util.Collection<String> meterSerialNos, Channel channel,
                                                        LocalDate from, LocalDate to);

    /** Register values of many meters at one instant (e.g. a midnight snapshot), in one query. */
    java.util.Map<String, java.math.BigDecimal> registers(java.util.Collection<String> meterSerialNos, String readingType,
                                                          java.time.Instant at);

    /**
     * Every register read of the meters at one instant (a billing profile at its billing date, a midnight snapshot),
     * with when a maximum demand occurred, in one query; meters without any are left out.
     */
    java.util.Map<String, List<org.urja.hes.contract.Reading>> registersAt(java.util.Collection<String> meterSerialNos,
                                                                          java.time.Instant at);

    /**
     * The current version of every stored day of the meters' channels in {@code [from, to]}, handed to {@code action}
     * one day at a time as it is read: one pass over the database for set-wise work over many meters (billing
     * determinants) that never holds more than a day in memory. Days come grouped by meter, in no particular order.
     */
    void forEachCurrent(java.util.Collection<String> meterSerialNos, java.util.Set<Channel> channels, LocalDate from,
                        LocalDate to, java.util.function.Consumer<DaySeries> action);

    /** A version to store: the full day, who made it and why. */
    record NewVersion(DaySeries series, String createdBy, String reason) {
    }

    /**
     * {@link #storeVersion} for many days in one batch: each is stored as its day's new current version unless it
     * equals the current one. Returns, per input, the version stored or 0 when nothing changed.
     */
    int[] storeVersions(List<NewVersion> versions);

    /** The current version number of each meter's day (0 = as received); meters without data are left out. */
    java.util.Map<String, Integer> currentVersions(java.util.Collection<String> meterSerialNos, Channel channel, LocalDate day);

    /** Meters that have data of the channel for the day. */
    List<String> metersWithData(Channel channel, LocalDate day);

    /**
     * Stores {@code series} as the new current version of its day (VEE estimates, edits) unless it equals the
     * current version. Version 0 (what the meter sent) is never overwritten. Returns the version stored, or empty.
     */
    java.util.Optional<Integer> storeVersion(DaySeries series, String createdBy, String reason);

    /** A stored version of a day: who made it, why, and what it holds. */
    record VersionInfo(int version, String createdBy, String reason, java.time.Instant createdAt, int present,
                       int estimated, int edited) {
    }

    /** Every version of a meter's channel for a day, oldest first (version 0 = as received). */
    List<VersionInfo> versions(String meterSerialNo, Channel channel, LocalDate day);

    /** Per meter: slots of the day's current version that are actual (measured) and estimated. */
    record SlotCounts(int actual, int estimated) {
    }

    java.util.Map<String, SlotCounts> slotCounts(java.util.Collection<String> meterSerialNos, Channel channel, LocalDate day);

    /** A register value at an instant (e.g. the midnight snapshot of register.kWh.import), if received. */
    java.util.Optional<java.math.BigDecimal> register(String meterSerialNo, String readingType, java.time.Instant at);

    /** A register read as received: reading type, value, when the meter was read, in which profile, when it arrived. */
    record RegisterRead(String readingType, java.math.BigDecimal value, java.time.Instant readAt, String profile,
                        java.time.Instant receivedAt) {
    }

    /**
     * The register reads of a meter that arrived from {@code receivedSince} on, the latest per reading type, in
     * reading-type order: what an on-demand read just brought back (instantaneous values, energy registers).
     */
    List<RegisterRead> registersReceivedSince(String meterSerialNo, java.time.Instant receivedSince);

    /** A register value and the instant it was read at. */
    record RegisterValue(java.math.BigDecimal value, java.time.Instant readAt) {
    }

    /**
     * The latest (by read time) value of a register among those received from {@code receivedSince} on, e.g. the
     * balance an on-demand instantaneous read just brought.
     */
    java.util.Optional<RegisterValue> latestRegister(String meterSerialNo, String readingType,
                                                     java.time.Instant receivedSince);

    /** A register's latest read: its reading type, value, when it was read, and the profile it came in. */
    record LatestRegister(String readingType, java.math.BigDecimal value, java.time.Instant readAt, String profile) {
    }

    /** The latest read of each register of the meter (one per reading type), by reading type; for staff pages. */
    List<LatestRegister> latestRegisters(String meterSerialNo);
}

package org.urja.hes.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.urja.hes.contract.EndDeviceEvent;
import org.urja.hes.contract.EventCategory;
import org.urja.hes.contract.IntervalBlock;
import org.urja.hes.contract.IntervalReading;
import org.urja.hes.contract.MeterReading;
import org.urja.hes.contract.Reading;
import org.urja.hes.contract.ReadingProfile;
import org.urja.hes.contract.ReadingQuality;
import org.urja.hes.contract.ReadingTypes;
import org.urja.hes.fleet.BillingProfile;
import org.urja.hes.fleet.CumulativeRegisters;
import org.urja.hes.fleet.DailySnapshot;
import org.urja.hes.fleet.InstantaneousProfile;
import org.urja.hes.fleet.IntervalFlag;
import org.urja.hes.fleet.IntervalRecord;
import org.urja.hes.fleet.MeterEvent;
import org.urja.hes.fleet.TodZone;

/** Turns what a virtual meter reports (IS 15959 profiles and events) into contract messages. */
public final class ContractMapping {

    private ContractMapping() {
    }

    /**
     * Block load profile as interval blocks, one per channel and interval length (the capture period can change
     * within the range). Empty list in, null out.
     */
    public static MeterReading blockLoad(String serial, List<IntervalRecord> intervals) {
        if (intervals.isEmpty()) {
            return null;
        }
        Map<Long, List<IntervalRecord>> byLength = new java.util.TreeMap<>();
        for (IntervalRecord r : intervals) {
            byLength.computeIfAbsent(r.end().getEpochSecond() - r.start().getEpochSecond(), k -> new ArrayList<>()).add(r);
        }
        List<IntervalBlock> blocks = new ArrayList<>();
        byLength.forEach((length, records) -> {
            int seconds = length.intValue();
            blocks.add(block(ReadingTypes.INTERVAL_KWH_IMPORT, seconds, records, IntervalRecord::kWhImport));
            blocks.add(block(ReadingTypes.INTERVAL_KVAH_IMPORT, seconds, records, IntervalRecord::kVAhImport));
            blocks.add(block(ReadingTypes.INTERVAL_KWH_EXPORT, seconds, records, IntervalRecord::kWhExport));
            blocks.add(block(ReadingTypes.INTERVAL_KVAH_EXPORT, seconds, records, IntervalRecord::kVAhExport));
            blocks.add(block(ReadingTypes.INTERVAL_VOLTAGE_AVG, seconds, records, IntervalRecord::avgVoltage));
            blocks.add(block(ReadingTypes.INTERVAL_CURRENT_AVG, seconds, records, IntervalRecord::avgCurrent));
            blocks.add(block(ReadingTypes.INTERVAL_KW_DEMAND, seconds, records, IntervalRecord::kWDemand));
            blocks.add(block(ReadingTypes.INTERVAL_KVA_DEMAND, seconds, records, IntervalRecord::kVADemand));
        });
        return new MeterReading(serial, ReadingProfile.BLOCK_LOAD, blocks, List.of());
    }

    private static IntervalBlock block(String type, int seconds, List<IntervalRecord> intervals,
                                       Function<IntervalRecord, BigDecimal> value) {
        List<IntervalReading> readings = new ArrayList<>(intervals.size());
        for (IntervalRecord r : intervals) {
            readings.add(new IntervalReading(r.end(), value.apply(r), qualities(r)));
        }
        return new IntervalBlock(type, seconds, readings);
    }

    private static List<ReadingQuality> qualities(IntervalRecord r) {
        if (r.flags().isEmpty()) {
            return List.of();
        }
        List<ReadingQuality> q = new ArrayList<>(r.flags().size());
        for (IntervalFlag f : r.flags()) {
            q.add(switch (f) {
                case POWER_FAIL -> ReadingQuality.POWER_FAIL;
                case CLOCK_ADJUSTED -> ReadingQuality.CLOCK_ADJUSTED;
                case TAMPER -> ReadingQuality.TAMPER;
                case SUSPECT -> ReadingQuality.SUSPECT;
            });
        }
        return q;
    }

    /** Daily load profile: the midnight snapshot of the cumulative registers. */
    public static MeterReading daily(String serial, DailySnapshot snapshot) {
        return new MeterReading(serial, ReadingProfile.DAILY_LOAD, List.of(), registers(snapshot.registers(),
                snapshot.capturedAt()));
    }

    /** Monthly billing profile: cumulative and ToD registers, maximum demand with its time, average PF. */
    public static MeterReading billing(String serial, BillingProfile b) {
        Instant at = b.billingDate();
        List<Reading> readings = new ArrayList<>(registers(b.registers(), at));
        for (Map.Entry<TodZone, BigDecimal> zone : b.todKWh().entrySet()) {
            readings.add(Reading.of(ReadingTypes.registerKWhImportTod(zone.getKey().ordinal() + 1), at, zone.getValue()));
        }
        readings.add(new Reading(ReadingTypes.REGISTER_KW_MAX_DEMAND, at, b.maxDemandKw(), b.maxDemandKwAt(), List.of()));
        readings.add(new Reading(ReadingTypes.REGISTER_KVA_MAX_DEMAND, at, b.maxDemandKva(), b.maxDemandKvaAt(), List.of()));
        readings.add(Reading.of(ReadingTypes.REGISTER_PF_AVERAGE, at, b.averagePowerFactor()));
        return new MeterReading(serial, ReadingProfile.BILLING, List.of(), readings);
    }

    /**
     * Instantaneous profile (R-phase voltage and current; per-phase values in a later contract version) with the meter's
     * clock.
     */
    public static MeterReading instantaneous(String serial, InstantaneousProfile p) {
        Instant at = p.capturedAt();
        List<Reading> readings = new ArrayList<>(registers(p.registers(), at));
        readings.add(Reading.of(ReadingTypes.INSTANT_VOLTAGE, at, p.voltageR()));
        readings.add(Reading.of(ReadingTypes.INSTANT_CURRENT, at, p.currentR()));
        readings.add(Reading.of(ReadingTypes.INSTANT_PF, at, p.powerFactor()));
        readings.add(Reading.of(ReadingTypes.INSTANT_FREQUENCY, at, p.frequencyHz()));
        readings.add(Reading.of(ReadingTypes.INSTANT_KW, at, p.activePowerKw()));
        readings.add(Reading.of(ReadingTypes.INSTANT_KVA, at, p.apparentPowerKva()));
        readings.add(Reading.of(ReadingTypes.INSTANT_RELAY_CONNECTED, at, p.relayConnected() ? BigDecimal.ONE : BigDecimal.ZERO));
        readings.add(Reading.of(ReadingTypes.INSTANT_POWER_OFF_COUNT, at, BigDecimal.valueOf(p.powerOffCount())));
        if (p.credit() != null) {
            readings.add(Reading.of(ReadingTypes.INSTANT_CREDIT, at, p.credit()));
        }
        // The configuration as programmed, so the MDM can verify a change by reading it back (UC8.2).
        readings.add(Reading.of(ReadingTypes.CONFIG_LOAD_LIMIT, at,
                BigDecimal.valueOf(p.loadLimitKw()).setScale(3, java.math.RoundingMode.HALF_UP)));
        readings.add(Reading.of(ReadingTypes.CONFIG_DEMAND_INTEGRATION_PERIOD, at,
                BigDecimal.valueOf(p.demandIntegrationMinutes())));
        readings.add(Reading.of(ReadingTypes.CONFIG_PROFILE_CAPTURE_PERIOD, at,
                BigDecimal.valueOf(p.profileCaptureMinutes())));
        readings.add(clockReading(at, p.meterTime()));
        return new MeterReading(serial, ReadingProfile.INSTANTANEOUS, List.of(), readings);
    }

    /**
     * The meter's clock (0.0.1.0.0.255, the first column of the instantaneous profile) read at {@code readAt} by the
     * HES's clock: what a HES reports of each meter it collects from, so the MDM can follow clock drift (UC10.1).
     */
    public static MeterReading clock(String serial, Instant readAt, Instant meterTime) {
        return new MeterReading(serial, ReadingProfile.INSTANTANEOUS, List.of(), List.of(clockReading(readAt, meterTime)));
    }

    private static Reading clockReading(Instant readAt, Instant meterTime) {
        return Reading.of(ReadingTypes.INSTANT_CLOCK, readAt, BigDecimal.valueOf(meterTime.toEpochMilli(), 3));
    }

    private static List<Reading> registers(CumulativeRegisters r, Instant at) {
        return List.of(Reading.of(ReadingTypes.REGISTER_KWH_IMPORT, at, r.kWhImport()),
                Reading.of(ReadingTypes.REGISTER_KVAH_IMPORT, at, r.kVAhImport()),
                Reading.of(ReadingTypes.REGISTER_KWH_EXPORT, at, r.kWhExport()),
                Reading.of(ReadingTypes.REGISTER_KVAH_EXPORT, at, r.kVAhExport()));
    }

    public static EndDeviceEvent event(MeterEvent e) {
        EventCategory category = EventCategory.valueOf(e.group().name());
        return new EndDeviceEvent(e.serialNo(), e.occurredAt(), e.code(), category, eventType(e.code(), category),
                e.description(), e.highPriority(), Map.of());
    }

    /** CIM-style event type {@code EndDevice.<domain>.<subDomain>.<action>} for the common IS 15959 codes. */
    static String eventType(int code, EventCategory category) {
        return switch (code) {
            case 101 -> "EndDevice.Power.Supply.Failed";
            case 102 -> "EndDevice.Power.Supply.Restored";
            case 201 -> "EndDevice.Security.MagneticTamper.Detected";
            case 202 -> "EndDevice.Security.MagneticTamper.Cleared";
            case 203 -> "EndDevice.Security.NeutralDisturbance.Detected";
            case 204 -> "EndDevice.Security.NeutralDisturbance.Cleared";
            case 205 -> "EndDevice.Security.LowPowerFactor.Detected";
            case 206 -> "EndDevice.Security.LowPowerFactor.Cleared";
            case 251 -> "EndDevice.Security.CoverOpen.Detected";
            case 301 -> "EndDevice.LoadControl.Relay.Disconnected";
            case 302 -> "EndDevice.LoadControl.Relay.Connected";
            case 151 -> "EndDevice.Clock.Time.Set";
            case 157 -> "EndDevice.Firmware.Image.Activated";
            default -> "EndDevice." + category.name() + ".Event" + code;
        };
    }
}

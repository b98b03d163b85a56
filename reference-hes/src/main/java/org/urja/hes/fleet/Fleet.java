package org.urja.hes.fleet;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A deterministic simulated meter fleet: the same seed, meters and fault profile always give the same data. */
public final class Fleet {

    private static final int[] LT_CT_MULTIPLIERS = {20, 40, 100};
    private static final int[] HT_CT_MULTIPLIERS = {100, 200};

    private final long seed;
    private final FaultProfile faults;
    private final Map<String, VirtualMeter> meters;

    /** A fleet of the given meters; serial numbers must be unique. */
    public Fleet(long seed, List<MeterSpec> meters, FaultProfile faults) {
        this.seed = seed;
        this.faults = Objects.requireNonNull(faults, "faults");
        Map<String, VirtualMeter> bySerial = new LinkedHashMap<>();
        for (MeterSpec spec : meters) {
            if (bySerial.putIfAbsent(spec.serialNo(), new VirtualMeter(seed, spec, faults)) != null) {
                throw new IllegalArgumentException("duplicate serial number: " + spec.serialNo());
            }
        }
        this.meters = Collections.unmodifiableMap(bySerial);
    }

    /**
     * A fleet with a realistic mix, serials {@code serialPrefix + %07d} from 1: about 85 % single-phase
     * residential, 10 % three-phase commercial, 4 % LT-CT and 1 % HT-CT industrial; 70 % of whole-current meters
     * prepaid (CT meters postpaid, multipliers 20/40/100 LT and 100/200 HT); 80 % 15-minute and 20 % 30-minute
     * capture. Sanctioned loads are sized from each meter's simulated consumption.
     */
    public static Fleet generate(long seed, int count, String serialPrefix, Instant commissionedAt,
                                 FaultProfile faults) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        Objects.requireNonNull(serialPrefix, "serialPrefix");
        Objects.requireNonNull(commissionedAt, "commissionedAt");
        List<MeterSpec> specs = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            specs.add(generateSpec(seed, serialPrefix + String.format("%07d", i), commissionedAt));
        }
        return new Fleet(seed, specs, faults);
    }

    /** The meter with this serial number. */
    public VirtualMeter meter(String serialNo) {
        VirtualMeter meter = meters.get(serialNo);
        if (meter == null) {
            throw new IllegalArgumentException("unknown meter: " + serialNo);
        }
        return meter;
    }

    /** The meter with this serial number, if the fleet has it. */
    public Optional<VirtualMeter> find(String serialNo) {
        return Optional.ofNullable(meters.get(serialNo));
    }

    /** All meters, in the order they were given. */
    public Collection<VirtualMeter> meters() {
        return meters.values();
    }

    public long seed() {
        return seed;
    }

    public FaultProfile faults() {
        return faults;
    }

    private static MeterSpec generateSpec(long seed, String serial, Instant commissionedAt) {
        double kind = Hashing.unit(seed, serial, "category");
        MeterCategory category = kind < 0.85 ? MeterCategory.SINGLE_PHASE_WC
                : kind < 0.95 ? MeterCategory.THREE_PHASE_WC
                : kind < 0.99 ? MeterCategory.LT_CT
                : MeterCategory.HT_CT;
        ConsumerClass consumerClass = switch (category) {
            case SINGLE_PHASE_WC -> ConsumerClass.RESIDENTIAL;
            case THREE_PHASE_WC -> ConsumerClass.COMMERCIAL;
            case LT_CT, HT_CT -> ConsumerClass.INDUSTRIAL;
        };
        int interval = Hashing.unit(seed, serial, "capture-period") < 0.8 ? 15 : 30;
        PaymentMode mode = category.hasRelay() && Hashing.unit(seed, serial, "payment-mode") < 0.7
                ? PaymentMode.PREPAID : PaymentMode.POSTPAID;
        int[] choices = category == MeterCategory.LT_CT ? LT_CT_MULTIPLIERS
                : category == MeterCategory.HT_CT ? HT_CT_MULTIPLIERS : new int[] {1};
        int multiplier = choices[(int) (Hashing.unit(seed, serial, "multiplier") * choices.length)];
        double dailyKwh = MeterModel.dailyBaseKwh(seed, serial, category, consumerClass);
        return new MeterSpec(serial, category, consumerClass, interval, mode, BigDecimal.valueOf(multiplier),
                sanctionedLoadKw(consumerClass, dailyKwh), commissionedAt);
    }

    /** A sanctioned load with headroom over the mean load: whole kW for homes, multiples of 5 kW otherwise. */
    private static double sanctionedLoadKw(ConsumerClass consumerClass, double dailyKwh) {
        return switch (consumerClass) {
            case RESIDENTIAL -> Math.ceil(dailyKwh / 24 * 6);
            case COMMERCIAL -> 5 * Math.ceil(dailyKwh / 24 * 5 / 5);
            case INDUSTRIAL -> 5 * Math.ceil(dailyKwh / 24 * 2.5 / 5);
        };
    }
}

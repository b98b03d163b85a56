package org.urja.mdms.reading;

import java.util.Arrays;
import java.util.Optional;

/**
 * An interval data channel. Values are stored as integers: the engineering value times {@link #scale()} (so kWh are
 * stored in Wh, volts in decivolts), exact for the decimals the HES contract carries.
 */
public enum Channel {
    KWH_IMPORT(1, "interval.kWh.import", 1000, true),
    KVAH_IMPORT(2, "interval.kVAh.import", 1000, true),
    KWH_EXPORT(3, "interval.kWh.export", 1000, true),
    KVAH_EXPORT(4, "interval.kVAh.export", 1000, true),
    VOLTAGE_AVG(5, "interval.V.avg", 10, false),
    CURRENT_AVG(6, "interval.A.avg", 100, false),
    KW_DEMAND(7, "interval.kW.demand", 1000, false),
    KVA_DEMAND(8, "interval.kVA.demand", 1000, false);

    private final short code;
    private final String readingType;
    private final int scale;
    private final boolean energy;

    Channel(int code, String readingType, int scale, boolean energy) {
        this.code = (short) code;
        this.readingType = readingType;
        this.scale = scale;
        this.energy = energy;
    }

    /** Stored code of the channel. */
    public short code() {
        return code;
    }

    /** The HES contract reading type of this channel. */
    public String readingType() {
        return readingType;
    }

    /** Stored integer = engineering value × scale. */
    public int scale() {
        return scale;
    }

    /** Whether values are energy per interval (summable), as opposed to averages or demand. */
    public boolean energy() {
        return energy;
    }

    public static Optional<Channel> ofReadingType(String readingType) {
        return Arrays.stream(values()).filter(c -> c.readingType.equals(readingType)).findFirst();
    }

    public static Channel ofCode(short code) {
        for (Channel c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new IllegalArgumentException("No channel " + code);
    }
}

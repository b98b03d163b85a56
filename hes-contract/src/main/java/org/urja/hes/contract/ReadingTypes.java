package org.urja.hes.contract;

import java.util.Map;

/**
 * Reading types of the contract: a mnemonic per quantity, with the IS 15959 OBIS code it comes from. Interval
 * channels are energy per interval (or averages / demand over the interval); registers are values at a time.
 * All values are in engineering units with the meter's multiplier (CT/PT ratio) applied.
 */
public final class ReadingTypes {

    /** Allowed shape of a reading type name. */
    public static final String PATTERN = "[a-z]+(\\.[A-Za-z0-9]+)+";

    public static final String INTERVAL_KWH_IMPORT = "interval.kWh.import";
    public static final String INTERVAL_KVAH_IMPORT = "interval.kVAh.import";
    public static final String INTERVAL_KWH_EXPORT = "interval.kWh.export";
    public static final String INTERVAL_KVAH_EXPORT = "interval.kVAh.export";
    public static final String INTERVAL_VOLTAGE_AVG = "interval.V.avg";
    public static final String INTERVAL_CURRENT_AVG = "interval.A.avg";
    public static final String INTERVAL_KW_DEMAND = "interval.kW.demand";
    public static final String INTERVAL_KVA_DEMAND = "interval.kVA.demand";

    public static final String REGISTER_KWH_IMPORT = "register.kWh.import";
    public static final String REGISTER_KVAH_IMPORT = "register.kVAh.import";
    public static final String REGISTER_KWH_EXPORT = "register.kWh.export";
    public static final String REGISTER_KVAH_EXPORT = "register.kVAh.export";
    public static final String REGISTER_KW_MAX_DEMAND = "register.kW.maxDemand";
    public static final String REGISTER_KVA_MAX_DEMAND = "register.kVA.maxDemand";
    public static final String REGISTER_PF_AVERAGE = "register.pf.average";

    public static final String INSTANT_VOLTAGE = "instant.V";
    public static final String INSTANT_CURRENT = "instant.A";
    public static final String INSTANT_PF = "instant.pf";
    public static final String INSTANT_FREQUENCY = "instant.Hz";
    public static final String INSTANT_KW = "instant.kW";
    public static final String INSTANT_KVA = "instant.kVA";
    public static final String INSTANT_RELAY_CONNECTED = "instant.relay.connected";
    public static final String INSTANT_CREDIT = "instant.credit.rupees";
    public static final String INSTANT_POWER_OFF_COUNT = "instant.powerOff.count";
    /**
     * The meter's real-time clock when the HES read it, as seconds since the epoch (UTC; decimals for fractions of a
     * second). The reading's {@code timeStamp} is when the HES read it, by the HES's own (synchronised) clock, so
     * {@code value − timeStamp} is how far the meter's clock is ahead (negative: behind).
     */
    public static final String INSTANT_CLOCK = "instant.clock";

    /** Configuration read back (instantaneous profile): load limiter threshold, kW (0.0.17.0.0.255). */
    public static final String CONFIG_LOAD_LIMIT = "config.loadLimit.kW";
    /** Configuration read back: demand integration period in minutes (1.0.0.8.0.255). */
    public static final String CONFIG_DEMAND_INTEGRATION_PERIOD = "config.demandIntegrationPeriod.minutes";
    /** Configuration read back: block-load profile capture period in minutes (1.0.0.8.4.255). */
    public static final String CONFIG_PROFILE_CAPTURE_PERIOD = "config.profileCapturePeriod.minutes";

    /** ToD zone register, zone 1..8 (IS 15959 TZ1..TZ8). */
    public static String registerKWhImportTod(int zone) {
        return REGISTER_KWH_IMPORT + ".tz" + zone;
    }

    /** OBIS code of each fixed reading type, for integration engineers mapping a DLMS HES. */
    public static final Map<String, String> OBIS = Map.ofEntries(
            Map.entry(INTERVAL_KWH_IMPORT, "1.0.1.29.0.255"),
            Map.entry(INTERVAL_KVAH_IMPORT, "1.0.9.29.0.255"),
            Map.entry(INTERVAL_KWH_EXPORT, "1.0.2.29.0.255"),
            Map.entry(INTERVAL_KVAH_EXPORT, "1.0.10.29.0.255"),
            Map.entry(INTERVAL_VOLTAGE_AVG, "1.0.12.27.0.255"),
            Map.entry(INTERVAL_CURRENT_AVG, "1.0.11.27.0.255"),
            Map.entry(REGISTER_KWH_IMPORT, "1.0.1.8.0.255"),
            Map.entry(REGISTER_KVAH_IMPORT, "1.0.9.8.0.255"),
            Map.entry(REGISTER_KWH_EXPORT, "1.0.2.8.0.255"),
            Map.entry(REGISTER_KVAH_EXPORT, "1.0.10.8.0.255"),
            Map.entry(REGISTER_KW_MAX_DEMAND, "1.0.1.6.0.255"),
            Map.entry(REGISTER_KVA_MAX_DEMAND, "1.0.9.6.0.255"),
            Map.entry(REGISTER_PF_AVERAGE, "1.0.13.0.0.255"),
            Map.entry(INSTANT_VOLTAGE, "1.0.12.7.0.255"),
            Map.entry(INSTANT_CURRENT, "1.0.11.7.0.255"),
            Map.entry(INSTANT_PF, "1.0.13.7.0.255"),
            Map.entry(INSTANT_FREQUENCY, "1.0.14.7.0.255"),
            Map.entry(INSTANT_KW, "1.0.1.7.0.255"),
            Map.entry(INSTANT_KVA, "1.0.9.7.0.255"),
            Map.entry(INSTANT_RELAY_CONNECTED, "0.0.96.3.10.255"),
            Map.entry(INSTANT_CREDIT, "0.0.94.96.24.255"),
            Map.entry(INSTANT_POWER_OFF_COUNT, "0.0.96.7.0.255"),
            Map.entry(INSTANT_CLOCK, "0.0.1.0.0.255"),
            Map.entry(CONFIG_LOAD_LIMIT, "0.0.17.0.0.255"),
            Map.entry(CONFIG_DEMAND_INTEGRATION_PERIOD, "1.0.0.8.0.255"),
            Map.entry(CONFIG_PROFILE_CAPTURE_PERIOD, "1.0.0.8.4.255"));

    private ReadingTypes() {
    }
}

package org.urja.hes.fleet;

/**
 * Time-of-day zones by IST hour, as the simulated meters' activity calendar defines them (start inclusive, end
 * exclusive). Together they cover all 24 hours.
 */
public enum TodZone {
    SOLAR("TZ1", 10, 18),
    PEAK("TZ2", 18, 23),
    NORMAL("TZ3", 5, 10),
    OFF_PEAK("TZ4", 23, 5);

    private final String register;
    private final int startHour;
    private final int endHour;

    TodZone(String register, int startHour, int endHour) {
        this.register = register;
        this.startHour = startHour;
        this.endHour = endHour;
    }

    /** The meter's register name (TZ1 … TZ4). */
    public String register() {
        return register;
    }

    /** First IST hour of the zone. */
    public int startHour() {
        return startHour;
    }

    /** IST hour at which the zone ends (exclusive; may wrap past midnight). */
    public int endHour() {
        return endHour;
    }

    /** Whether the IST hour (0–23) falls in this zone. */
    public boolean contains(int istHour) {
        return startHour < endHour
                ? istHour >= startHour && istHour < endHour
                : istHour >= startHour || istHour < endHour;
    }

    /** The zone of an IST hour (0–23). */
    public static TodZone of(int istHour) {
        for (TodZone zone : values()) {
            if (zone.contains(istHour)) {
                return zone;
            }
        }
        throw new IllegalArgumentException("hour out of range: " + istHour);
    }
}

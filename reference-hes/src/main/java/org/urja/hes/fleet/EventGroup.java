package org.urja.hes.fleet;

/** The seven IS 15959 event logs (0.0.99.98.0.255 … 0.0.99.98.6.255), in log-index order. */
public enum EventGroup {
    VOLTAGE, CURRENT, POWER_FAILURE, TRANSACTION, OTHER, NON_ROLLOVER, CONTROL;

    /** The log index, 0 … 6. */
    public int logIndex() {
        return ordinal();
    }

    /** The OBIS code of this event log. */
    public String obis() {
        return "0.0.99.98." + ordinal() + ".255";
    }

    /** The log an event code belongs to: codes come in blocks of 50 (1–50 voltage … 301–350 control). */
    public static EventGroup ofCode(int code) {
        if (code < 1 || code > 350) {
            throw new IllegalArgumentException("event code out of range: " + code);
        }
        return values()[(code - 1) / 50];
    }
}

package org.urja.hes.contract;

/** IS 15959 event log groups (event log objects 0.0.99.98.0–6.255). */
public enum EventCategory {
    VOLTAGE, CURRENT, POWER_FAILURE, TRANSACTION, OTHER, NON_ROLLOVER, CONTROL
}

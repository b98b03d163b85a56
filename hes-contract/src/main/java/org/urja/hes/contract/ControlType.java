package org.urja.hes.contract;

/**
 * Commands the MDM can ask the HES to carry out on a meter ({@code EndDeviceControls}). New types are only ever added
 * at the end: {@code RESET_EVENT_STATUS_WORD} clears the meter's latched event status word (IS 15959 ESW,
 * 0.0.94.91.18.255), the alarm register behind pushed alarms.
 */
public enum ControlType {
    CONNECT, DISCONNECT, PING, TIME_SYNC, FIRMWARE_UPGRADE, SET_LOAD_LIMIT, SET_DEMAND_INTEGRATION_PERIOD,
    SET_PROFILE_CAPTURE_PERIOD, RESET_MAX_DEMAND, RESET_TAMPER, SET_EVENT_PRIORITY, SET_PAYMENT_MODE, UPDATE_CREDIT,
    RESET_EVENT_STATUS_WORD
}

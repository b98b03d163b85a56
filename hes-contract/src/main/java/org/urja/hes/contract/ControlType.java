package org.urja.hes.contract;

/** Commands the MDM can ask the HES to carry out on a meter ({@code EndDeviceControls}). */
public enum ControlType {
    CONNECT, DISCONNECT, PING, TIME_SYNC, FIRMWARE_UPGRADE, SET_LOAD_LIMIT, SET_DEMAND_INTEGRATION_PERIOD,
    SET_PROFILE_CAPTURE_PERIOD, RESET_MAX_DEMAND, RESET_TAMPER, SET_EVENT_PRIORITY, SET_PAYMENT_MODE, UPDATE_CREDIT
}

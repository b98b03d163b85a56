package org.urja.hes.contract;

/** Final outcome of a command. */
public enum ControlOutcome {
    SUCCEEDED, FAILED, TIMED_OUT
}

package org.urja.hes.fleet;

/** Consumer class, which drives the simulated load shape. */
public enum ConsumerClass {
    RESIDENTIAL, COMMERCIAL, INDUSTRIAL
}

package org.urja.hes.fleet;

/**
 * How often the simulated fleet misbehaves. Each share is a probability in [0, 1].
 *
 * <p>Per meter (membership decided once from the fleet seed, serial and group name): {@code missIntervalShare}
 * (drops about 3 % of intervals in a first read), {@code silentShare} (never answers), {@code duplicateShare}
 * (re-sends data), {@code clockDriftShare} (RTC runs fast, 2–8 s a day), {@code faultyRtcShare} (RTC runs far too
 * fast, 40–160 s a day: a failing crystal, found by the MDM as a meter that keeps drifting after syncs) and
 * {@code tamperShare} (has tamper episodes).
 * Per meter and IST day: {@code lateShare} (answers late) and {@code outageShare} (one supply outage).
 * Per command: {@code commandFailureRate} ("meter did not respond").
 *
 * <p>Consumption anomalies (spike and zero days) and voltage events belong to the physical model and occur
 * whatever the profile.
 */
public record FaultProfile(double missIntervalShare, double lateShare, double silentShare, double duplicateShare,
                           double clockDriftShare, double outageShare, double tamperShare,
                           double commandFailureRate, double faultyRtcShare) {

    public FaultProfile {
        check("missIntervalShare", missIntervalShare);
        check("lateShare", lateShare);
        check("silentShare", silentShare);
        check("duplicateShare", duplicateShare);
        check("clockDriftShare", clockDriftShare);
        check("outageShare", outageShare);
        check("tamperShare", tamperShare);
        check("commandFailureRate", commandFailureRate);
        check("faultyRtcShare", faultyRtcShare);
    }

    /** A profile without faulty real-time clocks. */
    public FaultProfile(double missIntervalShare, double lateShare, double silentShare, double duplicateShare,
                        double clockDriftShare, double outageShare, double tamperShare, double commandFailureRate) {
        this(missIntervalShare, lateShare, silentShare, duplicateShare, clockDriftShare, outageShare, tamperShare,
                commandFailureRate, 0);
    }

    /** This profile with a share of meters whose real-time clock is faulty. */
    public FaultProfile withFaultyRtcShare(double share) {
        return new FaultProfile(missIntervalShare, lateShare, silentShare, duplicateShare, clockDriftShare, outageShare,
                tamperShare, commandFailureRate, share);
    }

    /** A fleet that never misbehaves. */
    public static FaultProfile none() {
        return new FaultProfile(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Typical field figures: 2 % of meters miss intervals, 3 % late per day, 0.5 % silent, 1 % duplicates,
     * 2 % drifting clocks, 1 % outage per meter-day, 0.3 % tampering, 2 % of commands unanswered.
     */
    public static FaultProfile realistic() {
        return new FaultProfile(0.02, 0.03, 0.005, 0.01, 0.02, 0.01, 0.003, 0.02);
    }

    /** Whether a meter belongs to a fault group: a hash of (seed, serial, group) in [0, 1) is below the share. */
    static boolean inGroup(long seed, String serialNo, String group, double share) {
        return Hashing.unit(seed, serialNo, group) < share;
    }

    private static void check(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + share);
        }
    }
}

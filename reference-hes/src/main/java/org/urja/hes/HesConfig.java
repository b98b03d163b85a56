package org.urja.hes;

import java.time.Duration;
import java.time.Instant;

import org.urja.hes.fleet.FaultProfile;

/**
 * Configuration of a reference HES.
 *
 * @param hesId           prefix of the message ids this HES sends
 * @param bindAddress     address the HES listens on (127.0.0.1 when embedded; 0.0.0.0 to serve other hosts)
 * @param port            HTTP port of the HES side of the contract (0: any free port)
 * @param mdmUrl          the MDM's HES endpoint base, e.g. {@code http://localhost:8080/api/v1/hes}
 * @param outboundKeyId   key id this HES signs its messages to the MDM with
 * @param outboundSecret  shared secret for those signatures
 * @param inboundKeyId    key id the MDM signs its requests to this HES with
 * @param inboundSecret   shared secret of those signatures (also accepted as API key)
 * @param seed            fleet seed: the same seed gives the same data
 * @param faults          fault injection
 * @param simStart        simulated time at start
 * @param simSpeed        simulated seconds per real second (0: manual clock, for tests)
 * @param collectionAttempts attempts per scheduled collection before a meter is reported unanswered
 * @param batchSize       meters per pushed message
 * @param commandLatency  time the HES takes to reach a meter
 * @param meterTimeout    time after which an unanswered command is reported TIMED_OUT
 * @param schedule        run scheduled collection, incremental reads and alarm pushes on the simulated clock
 */
public record HesConfig(String hesId, String bindAddress, int port, String mdmUrl, String outboundKeyId, String outboundSecret,
                        String inboundKeyId, String inboundSecret, long seed, FaultProfile faults, Instant simStart,
                        double simSpeed, int collectionAttempts, int batchSize, Duration commandLatency,
                        Duration meterTimeout, boolean schedule) {

    /** Defaults for a HES talking to an MDM at {@code mdmUrl} with the given shared secrets. */
    public static HesConfig defaults(String mdmUrl, String outboundSecret, String inboundSecret) {
        return new HesConfig("hes1", "127.0.0.1", 0, mdmUrl, "hes", outboundSecret, "mdm", inboundSecret, 42L, FaultProfile.realistic(),
                Instant.now(), 1.0, 3, 200, Duration.ofMillis(300), Duration.ofSeconds(5), true);
    }

    /** Message ids start with the HES id: give every HES (and every generator run) its own. */
    public HesConfig withHesId(String hesId) {
        return new HesConfig(hesId, bindAddress, port, mdmUrl, outboundKeyId, outboundSecret, inboundKeyId, inboundSecret, seed, faults,
                simStart, simSpeed, collectionAttempts, batchSize, commandLatency, meterTimeout, schedule);
    }

    public HesConfig withBindAddress(String bindAddress) {
        return new HesConfig(hesId, bindAddress, port, mdmUrl, outboundKeyId, outboundSecret, inboundKeyId, inboundSecret,
                seed, faults, simStart, simSpeed, collectionAttempts, batchSize, commandLatency, meterTimeout, schedule);
    }

    public HesConfig withPort(int port) {
        return new HesConfig(hesId, bindAddress, port, mdmUrl, outboundKeyId, outboundSecret, inboundKeyId, inboundSecret, seed, faults,
                simStart, simSpeed, collectionAttempts, batchSize, commandLatency, meterTimeout, schedule);
    }

    public HesConfig withFaults(FaultProfile faults) {
        return new HesConfig(hesId, bindAddress, port, mdmUrl, outboundKeyId, outboundSecret, inboundKeyId, inboundSecret, seed, faults,
                simStart, simSpeed, collectionAttempts, batchSize, commandLatency, meterTimeout, schedule);
    }

    public HesConfig withSeed(long seed) {
        return new HesConfig(hesId, bindAddress, port, mdmUrl, outboundKeyId, outboundSecret, inboundKeyId, inboundSecret, seed, faults,
                simStart, simSpeed, collectionAttempts, batchSize, commandLatency, meterTimeout, schedule);
    }

    /** A manual simulated clock starting at {@code start}, nothing scheduled: the caller drives collection. */
    public HesConfig manual(Instant start) {
        return new HesConfig(hesId, bindAddress, port, mdmUrl, outboundKeyId, outboundSecret, inboundKeyId, inboundSecret, seed, faults,
                start, 0, collectionAttempts, batchSize, commandLatency, meterTimeout, false);
    }

    public HesConfig withTiming(Duration commandLatency, Duration meterTimeout) {
        return new HesConfig(hesId, bindAddress, port, mdmUrl, outboundKeyId, outboundSecret, inboundKeyId, inboundSecret, seed, faults,
                simStart, simSpeed, collectionAttempts, batchSize, commandLatency, meterTimeout, schedule);
    }

    public HesConfig withClock(Instant start, double speed) {
        return new HesConfig(hesId, bindAddress, port, mdmUrl, outboundKeyId, outboundSecret, inboundKeyId, inboundSecret, seed, faults,
                start, speed, collectionAttempts, batchSize, commandLatency, meterTimeout, schedule);
    }
}

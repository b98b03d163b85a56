package org.urja.hes.fleet;

import java.util.SplittableRandom;

/**
 * Stateless hashing behind all simulated randomness: the SplitMix64 finaliser for numbers, FNV-1a for strings.
 * The same inputs give the same values on every JVM and run.
 */
final class Hashing {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Hashing() {
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64-bit hash of a string (FNV-1a over its UTF-16 units, then mixed). */
    static long of(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return mix(h);
    }

    /** Order-sensitive combination of two hashes. */
    static long combine(long a, long b) {
        return mix(a ^ mix(b + GOLDEN_GAMMA));
    }

    /** Uniform value in [0, 1) from a hash. */
    static double unit(long h) {
        return (mix(h) >>> 11) * 0x1.0p-53;
    }

    /** Uniform value in [0, 1) for an index (a slot, a day …) under a key. */
    static double unit(long key, long index) {
        return unit(combine(key, index));
    }

    /** Uniform value in [0, 1) for a named quantity of a meter. */
    static double unit(long seed, String serialNo, String name) {
        return unit(combine(meterKey(seed, serialNo), of(name)));
    }

    /** A generator for several draws about one index under a key. */
    static SplittableRandom random(long key, long index) {
        return new SplittableRandom(combine(key, index));
    }

    /** The key of one meter of one fleet. */
    static long meterKey(long seed, String serialNo) {
        return combine(seed, of(serialNo));
    }
}

package org.urja.mdms.vee;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a profile runs one rule: the severity of the rule's main finding and its parameters (absent ones take the
 * rule's documented defaults). A rule's secondary checks report at most WARNING ({@link #atMost}).
 */
public record RuleConfig(Severity severity, Map<String, String> params) {

    public RuleConfig {
        Objects.requireNonNull(severity);
        params = Map.copyOf(params);
    }

    /** A config from a severity and alternating parameter keys and values. */
    public static RuleConfig of(Severity severity, String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must pair up");
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new RuleConfig(severity, params);
    }

    public RuleConfig with(String key, String value) {
        Map<String, String> p = new HashMap<>(params);
        p.put(key, value);
        return new RuleConfig(severity, p);
    }

    public double number(String key, double dflt) {
        String v = params.get(key);
        try {
            return v == null ? dflt : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + key + " is not a number: " + v, e);
        }
    }

    public long integer(String key, long dflt) {
        String v = params.get(key);
        try {
            return v == null ? dflt : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + key + " is not an integer: " + v, e);
        }
    }

    /** The configured severity, capped at {@code cap}. */
    public Severity atMost(Severity cap) {
        return severity.compareTo(cap) <= 0 ? severity : cap;
    }
}

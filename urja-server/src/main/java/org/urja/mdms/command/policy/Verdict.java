package org.urja.mdms.command.policy;

/** What a rule decided: allowed, or refused by the named rule with a reason a person can act on. */
public record Verdict(boolean allowed, String rule, String reason) {

    private static final Verdict ALLOWED = new Verdict(true, null, null);

    public static Verdict allow() {
        return ALLOWED;
    }

    public static Verdict refuse(String rule, String reason) {
        return new Verdict(false, rule, reason);
    }

    public boolean refused() {
        return !allowed;
    }
}

package org.urja.mdms.command.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.urja.hes.contract.ControlType;
import org.urja.mdms.command.DisconnectionCase;
import org.urja.mdms.command.DisconnectionVeto;

/**
 * The rules that apply to a relay command, in order; the first refusal decides and names its rule. A disconnection
 * must pass all of them; a reconnection only needs a relay (it is never held back by hours, days, holidays or
 * vetoes). Other command types are not subject to this policy.
 */
public final class DisconnectionPolicy {

    /** The utility's settings (see {@code urja.command.policy.*}). */
    public record Settings(ZoneId zone, LocalTime noDisconnectFrom, LocalTime noDisconnectUntil,
                           Set<DayOfWeek> noDisconnectDays, boolean noDisconnectOnHolidays) {
    }

    private final List<DisconnectionRule> disconnect;
    private final List<DisconnectionRule> reconnect;

    public DisconnectionPolicy(List<DisconnectionRule> disconnect, List<DisconnectionRule> reconnect) {
        this.disconnect = List.copyOf(disconnect);
        this.reconnect = List.copyOf(reconnect);
    }

    /** The standard policy: relay, protection, the modules' vetoes, hours, weekdays, holidays. */
    public static DisconnectionPolicy standard(Settings settings, Map<LocalDate, String> holidays,
                                               List<DisconnectionVeto> vetoes) {
        List<DisconnectionRule> rules = new ArrayList<>();
        rules.add(DisconnectionRules.meterHasRelay());
        rules.add(DisconnectionRules.notProtected());
        vetoes.forEach(v -> rules.add(DisconnectionRules.veto(v)));
        rules.add(DisconnectionRules.outsideQuietHours(settings.noDisconnectFrom(), settings.noDisconnectUntil(),
                settings.zone()));
        rules.add(DisconnectionRules.notOnRestDays(settings.noDisconnectDays(), settings.zone()));
        if (settings.noDisconnectOnHolidays()) {
            rules.add(DisconnectionRules.notOnHolidays(holidays, settings.zone()));
        }
        return new DisconnectionPolicy(rules, List.of(DisconnectionRules.meterHasRelay()));
    }

    /** Whether the policy covers this command type at all. */
    public static boolean applies(ControlType type) {
        return type == ControlType.DISCONNECT || type == ControlType.CONNECT;
    }

    public Verdict check(ControlType type, DisconnectionCase candidate) {
        List<DisconnectionRule> rules = switch (type) {
            case DISCONNECT -> disconnect;
            case CONNECT -> reconnect;
            default -> List.of();
        };
        for (DisconnectionRule rule : rules) {
            Verdict v = rule.apply(candidate);
            if (v.refused()) {
                return v;
            }
        }
        return Verdict.allow();
    }
}

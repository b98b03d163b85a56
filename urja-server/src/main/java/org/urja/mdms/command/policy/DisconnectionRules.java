package org.urja.mdms.command.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.urja.mdms.command.DisconnectionVeto;

/**
 * The rules of the disconnection policy, each a named pure function. Times are judged in the utility's zone (IST for
 * Indian utilities): an instant is turned into that zone's local date and time first.
 */
public final class DisconnectionRules {

    public static final String METER_HAS_RELAY = "meter-has-relay";
    public static final String NOT_PROTECTED = "protected-meter";
    public static final String OUTSIDE_QUIET_HOURS = "no-disconnection-hours";
    public static final String NOT_ON_REST_DAY = "no-disconnection-day";
    public static final String NOT_ON_HOLIDAY = "public-holiday";

    private DisconnectionRules() {
    }

    /**
     * Only a meter with a disconnect relay can be switched: CT-operated meters (LT-CT, HT-CT, IS 15959 Part 3) have
     * none, and neither has a whole-current meter registered without one. Applies to reconnection as well.
     */
    public static DisconnectionRule meterHasRelay() {
        return c -> {
            if (c.category() != null && !c.category().mayHaveRelay()) {
                return Verdict.refuse(METER_HAS_RELAY, "meter " + c.meterSerialNo() + " is CT-operated ("
                        + c.category() + ") and has no disconnect relay");
            }
            if (!c.relayCapable()) {
                return Verdict.refuse(METER_HAS_RELAY, "meter " + c.meterSerialNo()
                        + " is registered without a disconnect relay");
            }
            return Verdict.allow();
        };
    }

    /** A meter flagged protected (e.g. a consumer with a medical need) is never disconnected remotely. */
    public static DisconnectionRule notProtected() {
        return c -> c.isProtected()
                ? Verdict.refuse(NOT_PROTECTED, "meter " + c.meterSerialNo() + " is protected: " + c.protectionReason())
                : Verdict.allow();
    }

    /**
     * No disconnection from {@code from} (inclusive) until {@code until} (exclusive), local time in {@code zone}; a
     * window whose start is after its end wraps over midnight (18:00–08:00 forbids 18:00 … 07:59:59). Equal start and
     * end: no forbidden hours.
     */
    public static DisconnectionRule outsideQuietHours(LocalTime from, LocalTime until, ZoneId zone) {
        return c -> {
            if (from.equals(until)) {
                return Verdict.allow();
            }
            LocalTime t = LocalDateTime.ofInstant(c.at(), zone).toLocalTime();
            boolean forbidden = from.isBefore(until)
                    ? !t.isBefore(from) && t.isBefore(until)
                    : !t.isBefore(from) || t.isBefore(until);
            return forbidden
                    ? Verdict.refuse(OUTSIDE_QUIET_HOURS, "no disconnection between " + from + " and " + until + " ("
                    + zone + "); it is " + t.withNano(0))
                    : Verdict.allow();
        };
    }

    /** No disconnection on the given weekdays (default Sunday), judged by the local date in {@code zone}. */
    public static DisconnectionRule notOnRestDays(Set<DayOfWeek> days, ZoneId zone) {
        Set<DayOfWeek> rest = Set.copyOf(days);
        return c -> {
            DayOfWeek day = LocalDate.ofInstant(c.at(), zone).getDayOfWeek();
            return rest.contains(day)
                    ? Verdict.refuse(NOT_ON_REST_DAY, "no disconnection on " + new TreeSet<>(rest) + "; it is " + day)
                    : Verdict.allow();
        };
    }

    /** No disconnection on a public holiday (the utility's list), judged by the local date in {@code zone}. */
    public static DisconnectionRule notOnHolidays(Map<LocalDate, String> holidays, ZoneId zone) {
        Map<LocalDate, String> days = Map.copyOf(holidays);
        return c -> {
            LocalDate day = LocalDate.ofInstant(c.at(), zone);
            String name = days.get(day);
            return name != null
                    ? Verdict.refuse(NOT_ON_HOLIDAY, "no disconnection on public holidays; " + day + " is " + name)
                    : Verdict.allow();
        };
    }

    /** Another module's veto as a rule named after it. */
    public static DisconnectionRule veto(DisconnectionVeto veto) {
        return c -> veto.veto(c).map(reason -> Verdict.refuse(veto.name(), reason)).orElse(Verdict.allow());
    }
}

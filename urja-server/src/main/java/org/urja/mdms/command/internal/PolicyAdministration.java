package org.urja.mdms.command.internal;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Set;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;

/**
 * Changes to the disconnection policy by an administrator — hours and weekdays, public holidays, protected meters —
 * for the API and the portal alike: checked (a bad value changes nothing and names its field), stored, and audited
 * with the old and the new value ({@link AuditTrail#ADMIN} {@code POLICY …}). The policy reads them on its next
 * decision.
 */
@Service
class PolicyAdministration {

    static final int MAX_HOLIDAY_NAME = 200;

    private final PolicySettings settings;
    private final CommandStore store;
    private final NetworkRegistry network;
    private final AuditTrail audit;
    private final Clock clock;

    PolicyAdministration(PolicySettings settings, CommandStore store, NetworkRegistry network, AuditTrail audit,
                         Clock clock) {
        this.settings = settings;
        this.store = store;
        this.network = network;
        this.audit = audit;
        this.clock = clock;
    }

    /** Sets the forbidden hours and weekdays; returns what applies now. Unchanged values are not recorded again. */
    @Transactional
    PolicySettings.Current setHours(LocalTime from, LocalTime until, Set<DayOfWeek> days, boolean onHolidays,
                                    String admin) {
        if (from == null) {
            throw ApiProblem.badRequest("noDisconnectFrom", "is required: the start of the hours without disconnection (HH:mm)");
        }
        if (until == null) {
            throw ApiProblem.badRequest("noDisconnectUntil", "is required: the end of the hours without disconnection (HH:mm)");
        }
        if (days == null) {
            throw ApiProblem.badRequest("noDisconnectDays", "is required (may be empty)");
        }
        if (days.size() == DayOfWeek.values().length) {
            throw ApiProblem.invalid("noDisconnectDays", "every weekday forbidden would stop all disconnections; leave at least one day");
        }
        PolicySettings.Current old = settings.current();
        PolicySettings.Current next = new PolicySettings.Current(from.withSecond(0).withNano(0),
                until.withSecond(0).withNano(0), days, onHolidays, admin, clock.instant());
        if (old.updatedBy() != null && old.sameRules(next)) {
            return old;
        }
        settings.save(next, admin, next.updatedAt());
        audit.record(admin, AuditTrail.ADMIN + "POLICY HOURS", "disconnection policy", "OK",
                AuditTrail.change(old.describe(), next.describe()), null);
        return settings.current();
    }

    @Transactional
    CommandStore.Holiday putHoliday(LocalDate day, String name, String admin) {
        if (day == null) {
            throw ApiProblem.badRequest("day", "is required (yyyy-mm-dd)");
        }
        if (name == null || name.isBlank() || name.strip().length() > MAX_HOLIDAY_NAME) {
            throw ApiProblem.badRequest("name", "is required: the holiday's name (at most " + MAX_HOLIDAY_NAME + " characters)");
        }
        String old = store.holidays(day, day).get(day);
        var h = store.putHoliday(day, name.strip(), admin, clock.instant());
        if (!name.strip().equals(old)) {
            audit.record(admin, AuditTrail.ADMIN + "POLICY HOLIDAY SET", "holiday " + day, "OK",
                    AuditTrail.change(old, h.name()), null);
        }
        return h;
    }

    @Transactional
    boolean deleteHoliday(LocalDate day, String admin) {
        String old = store.holidays(day, day).get(day);
        if (old == null || !store.deleteHoliday(day)) {
            return false;
        }
        audit.record(admin, AuditTrail.ADMIN + "POLICY HOLIDAY REMOVED", "holiday " + day, "OK",
                AuditTrail.change(old, null), null);
        return true;
    }

    @Transactional
    CommandStore.Protection protect(String serialNo, String reason, String admin) {
        if (serialNo == null || serialNo.isBlank()) {
            throw ApiProblem.badRequest("serialNo", "is required: the meter's serial number");
        }
        if (reason == null || reason.isBlank() || reason.length() > CommandService.MAX_REASON) {
            throw ApiProblem.badRequest("reason", "is required: why the meter is protected (at most "
                    + CommandService.MAX_REASON + " characters)");
        }
        String serial = serialNo.strip();
        if (network.meter(serial).isEmpty()) {
            throw ApiProblem.notFound("serialNo", "No meter " + serial + " in the network registry");
        }
        String old = store.protection(serial).map(CommandStore.Protection::reason).orElse(null);
        var p = store.putProtection(serial, reason.strip(), admin, clock.instant());
        if (!p.reason().equals(old)) {
            audit.record(admin, AuditTrail.ADMIN + "POLICY METER PROTECTED", "meter " + serial, "OK",
                    AuditTrail.change(old, p.reason()), null);
        }
        return p;
    }

    @Transactional
    boolean unprotect(String serialNo, String admin) {
        String old = store.protection(serialNo).map(CommandStore.Protection::reason).orElse(null);
        if (old == null || !store.deleteProtection(serialNo)) {
            return false;
        }
        audit.record(admin, AuditTrail.ADMIN + "POLICY METER UNPROTECTED", "meter " + serialNo, "OK",
                AuditTrail.change(old, null), null);
        return true;
    }
}

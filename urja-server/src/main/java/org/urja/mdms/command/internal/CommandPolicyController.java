package org.urja.mdms.command.internal;

import java.security.Principal;
import java.time.Instant;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;

/**
 * The disconnection policy: its hours and days (defaults {@code urja.command.policy.*}), the public holidays and the
 * protected meters (ADMIN maintains them, audited with old → new; every staff role may read). PUT and DELETE are
 * idempotent. The staff portal's {@code /admin/policy} makes the same changes through {@link PolicyAdministration}.
 */
@RestController
@RequestMapping("/api/v1/command-policy")
@Validated
class CommandPolicyController {

    private final CommandStore store;
    private final CommandProperties props;
    private final PolicySettings settings;
    private final PolicyAdministration admin;

    CommandPolicyController(CommandStore store, CommandProperties props, PolicySettings settings,
                            PolicyAdministration admin) {
        this.store = store;
        this.props = props;
        this.settings = settings;
        this.admin = admin;
    }

    record PolicyView(ZoneId zone, LocalTime noDisconnectFrom, LocalTime noDisconnectUntil,
                      Set<DayOfWeek> noDisconnectDays, boolean noDisconnectOnHolidays, int maxAttempts,
                      String rules, String updatedBy, Instant updatedAt) {
    }

    @GetMapping
    @PreAuthorize(CommandController.READERS)
    PolicyView policy() {
        var c = settings.current();
        return new PolicyView(props.policy().zone(), c.noDisconnectFrom(), c.noDisconnectUntil(), c.noDisconnectDays(),
                c.noDisconnectOnHolidays(), props.retry().maxAttempts(),
                "disconnect: meter-has-relay, protected-meter, vetoes of other modules, no-disconnection-hours, "
                        + "no-disconnection-day, public-holiday; reconnect: meter-has-relay", c.updatedBy(), c.updatedAt());
    }

    record HoursBody(LocalTime noDisconnectFrom, LocalTime noDisconnectUntil, Set<DayOfWeek> noDisconnectDays,
                     Boolean noDisconnectOnHolidays) {
    }

    /** Sets the hours and weekdays without disconnection (and whether holidays count); applies to the next decision. */
    @PutMapping
    @PreAuthorize("hasRole('ADMIN')")
    PolicyView setPolicy(@RequestBody(required = false) HoursBody body, Principal user) {
        if (body == null) {
            throw ApiProblem.badRequest("noDisconnectFrom", "a body with the hours and days is required");
        }
        if (body.noDisconnectOnHolidays() == null) {
            throw ApiProblem.badRequest("noDisconnectOnHolidays", "is required: true or false");
        }
        admin.setHours(body.noDisconnectFrom(), body.noDisconnectUntil(), body.noDisconnectDays(),
                body.noDisconnectOnHolidays(), user.getName());
        return policy();
    }

    record HolidayBody(String name) {
    }

    @GetMapping("/holidays")
    @PreAuthorize(CommandController.READERS)
    List<CommandStore.Holiday> holidays(@RequestParam(required = false) @Min(2000) @Max(2200) Integer year) {
        return store.holidayList(year);
    }

    @PutMapping("/holidays/{day}")
    @PreAuthorize("hasRole('ADMIN')")
    CommandStore.Holiday putHoliday(@PathVariable LocalDate day, @RequestBody(required = false) HolidayBody body,
                                    Principal user) {
        return admin.putHoliday(day, body == null ? null : body.name(), user.getName());
    }

    @DeleteMapping("/holidays/{day}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Void> deleteHoliday(@PathVariable LocalDate day, Principal user) {
        admin.deleteHoliday(day, user.getName());
        return ResponseEntity.noContent().build();
    }

    record ProtectionBody(String reason) {
    }

    @GetMapping("/protected-meters")
    @PreAuthorize(CommandController.READERS)
    List<CommandStore.Protection> protectedMeters(@RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit,
                                                  @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return store.protectionList(limit, offset);
    }

    @GetMapping("/protected-meters/{serialNo}")
    @PreAuthorize(CommandController.READERS)
    CommandStore.Protection protectedMeter(@PathVariable String serialNo) {
        return store.protection(serialNo)
                .orElseThrow(() -> ApiProblem.notFound("serialNo", "Meter " + serialNo + " is not protected"));
    }

    /** Flags a meter protected (e.g. medical need): it is never disconnected remotely while flagged. */
    @PutMapping("/protected-meters/{serialNo}")
    @PreAuthorize("hasRole('ADMIN')")
    CommandStore.Protection protect(@PathVariable String serialNo, @RequestBody(required = false) ProtectionBody body,
                                    Principal user) {
        return admin.protect(serialNo, body == null ? null : body.reason(), user.getName());
    }

    @DeleteMapping("/protected-meters/{serialNo}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Void> unprotect(@PathVariable String serialNo, Principal user) {
        admin.unprotect(serialNo, user.getName());
        return ResponseEntity.noContent().build();
    }
}

package org.urja.mdms.command.internal;

import java.security.Principal;
import java.time.Clock;
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
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;

/**
 * The disconnection policy: its configured hours and days (read only: {@code urja.command.policy.*}), the public
 * holidays and the protected meters (ADMIN maintains them; every staff role may read). PUT and DELETE are idempotent.
 */
@RestController
@RequestMapping("/api/v1/command-policy")
@Validated
class CommandPolicyController {

    private final CommandStore store;
    private final CommandProperties props;
    private final NetworkRegistry network;
    private final AuditTrail audit;
    private final Clock clock;

    CommandPolicyController(CommandStore store, CommandProperties props, NetworkRegistry network, AuditTrail audit,
                            Clock clock) {
        this.store = store;
        this.props = props;
        this.network = network;
        this.audit = audit;
        this.clock = clock;
    }

    record PolicyView(ZoneId zone, LocalTime noDisconnectFrom, LocalTime noDisconnectUntil,
                      Set<DayOfWeek> noDisconnectDays, boolean noDisconnectOnHolidays, int maxAttempts,
                      String rules) {
    }

    @GetMapping
    @PreAuthorize(CommandController.READERS)
    PolicyView policy() {
        var p = props.policy();
        return new PolicyView(p.zone(), p.noDisconnectFrom(), p.noDisconnectUntil(), p.noDisconnectDays(),
                p.noDisconnectOnHolidays(), props.retry().maxAttempts(),
                "disconnect: meter-has-relay, protected-meter, vetoes of other modules, no-disconnection-hours, "
                        + "no-disconnection-day, public-holiday; reconnect: meter-has-relay");
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
                                    Principal admin) {
        String name = body == null ? null : body.name();
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiProblem.badRequest("name", "is required: the holiday's name (at most 200 characters)");
        }
        var h = store.putHoliday(day, name.strip(), admin.getName(), clock.instant());
        audit.record(admin.getName(), "POLICY HOLIDAY SET", day.toString(), "OK", name, null);
        return h;
    }

    @DeleteMapping("/holidays/{day}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Void> deleteHoliday(@PathVariable LocalDate day, Principal admin) {
        if (store.deleteHoliday(day)) {
            audit.record(admin.getName(), "POLICY HOLIDAY REMOVED", day.toString(), "OK", null, null);
        }
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
                                    Principal admin) {
        String reason = body == null ? null : body.reason();
        if (reason == null || reason.isBlank() || reason.length() > CommandService.MAX_REASON) {
            throw ApiProblem.badRequest("reason", "is required: why the meter is protected (at most "
                    + CommandService.MAX_REASON + " characters)");
        }
        if (network.meter(serialNo).isEmpty()) {
            throw ApiProblem.notFound("serialNo", "No meter " + serialNo + " in the network registry");
        }
        var p = store.putProtection(serialNo, reason.strip(), admin.getName(), clock.instant());
        audit.record(admin.getName(), "POLICY METER PROTECTED", "meter " + serialNo, "OK", reason, null);
        return p;
    }

    @DeleteMapping("/protected-meters/{serialNo}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Void> unprotect(@PathVariable String serialNo, Principal admin) {
        if (store.deleteProtection(serialNo)) {
            audit.record(admin.getName(), "POLICY METER UNPROTECTED", "meter " + serialNo, "OK", null, null);
        }
        return ResponseEntity.noContent().build();
    }
}

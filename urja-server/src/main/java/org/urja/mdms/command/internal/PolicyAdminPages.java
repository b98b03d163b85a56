package org.urja.mdms.command.internal;

import java.security.Principal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.FormErrors;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * The disconnection policy in the staff portal ({@code /admin/policy}, ADMIN): hours and weekdays without
 * disconnection, public holidays by year, protected meters. Every change goes through {@link PolicyAdministration}
 * (checked, audited old → new, used by the policy's next decision); removals need a ticked confirmation.
 */
@Controller
@RequestMapping("/admin/policy")
@PreAuthorize("hasRole('ADMIN')")
class PolicyAdminPages {

    static final String CONFIRM = "yes";

    private final PolicyAdministration admin;
    private final PolicySettings settings;
    private final CommandStore store;
    private final CommandProperties props;
    private final Clock clock;

    PolicyAdminPages(PolicyAdministration admin, PolicySettings settings, CommandStore store, CommandProperties props,
                     Clock clock) {
        this.admin = admin;
        this.settings = settings;
        this.store = store;
        this.props = props;
        this.clock = clock;
    }

    @GetMapping
    String page(@RequestParam(required = false) Integer year, Model model) {
        int y = year == null || year < 2000 || year > 2200 ? LocalDate.now(clock.withZone(props.policy().zone())).getYear()
                : year;
        model.addAttribute("year", y);
        model.addAttribute("zone", props.policy().zone());
        model.addAttribute("weekdays", DayOfWeek.values());
        model.addAttribute("policy", settings.current());
        model.addAttribute("configured", settings.configured());
        model.addAttribute("holidays", store.holidayList(y));
        model.addAttribute("protections", store.protectionList(500, 0));
        return "command/policy";
    }

    @PostMapping("/hours")
    String hours(@RequestParam(required = false) String noDisconnectFrom,
                 @RequestParam(required = false) String noDisconnectUntil,
                 @RequestParam(required = false) List<String> noDisconnectDays,
                 @RequestParam(required = false) String noDisconnectOnHolidays, Principal user, Model model,
                 RedirectAttributes redirect, HttpServletResponse response) {
        try {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (String d : noDisconnectDays == null ? List.<String>of() : noDisconnectDays) {
                try {
                    days.add(DayOfWeek.valueOf(d));
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.badRequest("noDisconnectDays", "not a weekday: " + d);
                }
            }
            admin.setHours(time("noDisconnectFrom", noDisconnectFrom), time("noDisconnectUntil", noDisconnectUntil), days,
                    noDisconnectOnHolidays != null, user.getName());
            redirect.addFlashAttribute("saved", "Hours and days saved; the policy uses them from now on.");
            return "redirect:/admin/policy";
        } catch (ApiProblem problem) {
            return again(problem, "hours", Map.of("noDisconnectFrom", nz(noDisconnectFrom),
                    "noDisconnectUntil", nz(noDisconnectUntil)), null, model, response);
        }
    }

    @PostMapping("/holidays")
    String addHoliday(@RequestParam(required = false) String day, @RequestParam(required = false) String name,
                      Principal user, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        LocalDate d = null;
        try {
            d = date("day", day);
            var h = admin.putHoliday(d, name, user.getName());
            redirect.addFlashAttribute("saved", "Holiday " + h.day() + " (" + h.name() + ") saved: no disconnection that day.");
            return "redirect:/admin/policy?year=" + h.day().getYear();
        } catch (ApiProblem problem) {
            return again(problem, "holiday", Map.of("day", nz(day), "name", nz(name)), d == null ? null : d.getYear(),
                    model, response);
        }
    }

    @PostMapping("/holidays/remove")
    String removeHoliday(@RequestParam(required = false) String day, @RequestParam(required = false) String confirm,
                         Principal user, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        LocalDate d = null;
        try {
            d = date("day", day);
            requireConfirmation(confirm, "removing the holiday " + d + " allows disconnections that day");
            admin.deleteHoliday(d, user.getName());
            redirect.addFlashAttribute("saved", "Holiday " + d + " removed.");
            return "redirect:/admin/policy?year=" + d.getYear();
        } catch (ApiProblem problem) {
            return again(problem, "holidays", Map.of(), d == null ? null : d.getYear(), model, response);
        }
    }

    @PostMapping("/protected-meters")
    String protect(@RequestParam(required = false) String serialNo, @RequestParam(required = false) String reason,
                   Principal user, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        try {
            var p = admin.protect(serialNo, reason, user.getName());
            redirect.addFlashAttribute("saved", "Meter " + p.meterSerialNo() + " is protected from remote disconnection.");
            return "redirect:/admin/policy";
        } catch (ApiProblem problem) {
            return again(problem, "protection", Map.of("serialNo", nz(serialNo), "reason", nz(reason)), null, model,
                    response);
        }
    }

    @PostMapping("/protected-meters/remove")
    String unprotect(@RequestParam(required = false) String serialNo, @RequestParam(required = false) String confirm,
                     Principal user, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        try {
            if (serialNo == null || serialNo.isBlank()) {
                throw ApiProblem.badRequest("serialNo", "is required");
            }
            requireConfirmation(confirm, "meter " + serialNo + " can be disconnected remotely once it is no longer protected");
            admin.unprotect(serialNo.strip(), user.getName());
            redirect.addFlashAttribute("saved", "Meter " + serialNo.strip() + " is no longer protected.");
            return "redirect:/admin/policy";
        } catch (ApiProblem problem) {
            return again(problem, "protections", Map.of(), null, model, response);
        }
    }

    /** A destructive change needs the confirmation box ticked. */
    static void requireConfirmation(String confirm, String consequence) {
        if (!CONFIRM.equals(confirm)) {
            throw ApiProblem.badRequest("confirm", "tick the confirmation to go on: " + consequence);
        }
    }

    private String again(ApiProblem problem, String form, Map<String, String> values, Integer year, Model model,
                         HttpServletResponse response) {
        page(year, model);
        model.addAttribute("errorForm", form);
        model.addAttribute("errors", new FormErrors().add(problem).fields());
        model.addAttribute("form", values);
        response.setStatus(problem.status().value());
        return "command/policy";
    }

    private static LocalTime time(String field, String value) {
        return parsed(field, value, LocalTime::parse, "a time of day (HH:mm)");
    }

    private static LocalDate date(String field, String value) {
        return parsed(field, value, LocalDate::parse, "a date (yyyy-mm-dd)");
    }

    private static <T> T parsed(String field, String value, java.util.function.Function<String, T> parser, String what) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest(field, "is required: " + what);
        }
        try {
            return parser.apply(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field, "not " + what + ": " + value);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Bean
    static StaffFunction disconnectionPolicyFunction() {
        return new StaffFunction("Administration", "Disconnection policy", "/admin/policy",
                "Hours and weekdays without disconnection, public holidays, protected meters",
                EnumSet.of(StaffRole.ADMIN), 23);
    }
}

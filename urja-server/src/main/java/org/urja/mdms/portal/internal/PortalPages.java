package org.urja.mdms.portal.internal;

import java.util.Comparator;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.platform.ConsumerFunction;
import org.urja.mdms.platform.ConsumerPrincipal;

/**
 * Sign-in (UC15.5, UC16.1, UC17.1, UC18.1, UC19.1, UC20.1), the forced and the ordinary password change (UC15.6,
 * UC15.7), and the dashboard: the consumer's profile per consumer number with the menu of the consumer functions
 * other modules declare (UC16.2). Which consumer numbers a login holds is read from the database on every page; a
 * number it does not hold is answered 404.
 */
@Controller
class PortalPages {

    private final ConsumerLogins logins;
    private final Profiles profiles;
    private final List<ConsumerFunction> functions;
    private final PasswordEncoder encoder;
    private final ConsumerSessions sessions;
    private final AuditTrail audit;

    PortalPages(ConsumerLogins logins, Profiles profiles, List<ConsumerFunction> functions, PasswordEncoder encoder,
                ConsumerSessions sessions, AuditTrail audit) {
        this.logins = logins;
        this.profiles = profiles;
        this.functions = functions.stream().sorted(Comparator.comparingInt(ConsumerFunction::order)).toList();
        this.encoder = encoder;
        this.sessions = sessions;
        this.audit = audit;
    }

    @GetMapping("/portal/login")
    String login() {
        return "portal/login";
    }

    @GetMapping({"/portal", "/portal/"})
    String dashboard(@AuthenticationPrincipal ConsumerPrincipal me, Model model) {
        var login = logins.byLoginId(me.loginId()).orElseThrow();
        var accounts = profiles.of(logins.consumerNos(login.id()));
        boolean anyPrepaid = accounts.stream().anyMatch(Profiles.AccountView::prepaid);
        boolean anyPostpaid = accounts.stream().anyMatch(a -> !a.prepaid());
        model.addAttribute("loginId", me.loginId());
        model.addAttribute("accounts", accounts);
        model.addAttribute("functions", functions.stream().filter(f -> f.shownTo(anyPrepaid, anyPostpaid)).toList());
        return "portal/dashboard";
    }

    /** One consumer number's profile — only one the signed-in login holds. */
    @GetMapping("/portal/accounts/{consumerNo}")
    String account(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String consumerNo, Model model) {
        var login = logins.byLoginId(me.loginId()).orElseThrow();
        if (!logins.consumerNos(login.id()).contains(consumerNo)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("loginId", me.loginId());
        model.addAttribute("accounts", profiles.of(List.of(consumerNo)));
        model.addAttribute("functions", List.of());
        model.addAttribute("single", true);
        return "portal/dashboard";
    }

    @GetMapping("/portal/password")
    String passwordForm(@AuthenticationPrincipal ConsumerPrincipal me, Model model) {
        model.addAttribute("mustChange", me.mustChangePassword());
        return "portal/password";
    }

    @PostMapping("/portal/password")
    String changePassword(@AuthenticationPrincipal ConsumerPrincipal me,
                          @RequestParam(defaultValue = "") String currentPassword,
                          @RequestParam(defaultValue = "") String newPassword,
                          @RequestParam(defaultValue = "") String confirmPassword,
                          HttpServletRequest request, HttpServletResponse response, Model model) {
        var login = logins.byLoginId(me.loginId()).orElseThrow();
        model.addAttribute("mustChange", me.mustChangePassword());
        try {
            if (!encoder.matches(currentPassword, login.passwordHash())) {
                throw new Refusal("currentPassword", "portal.password.currentWrong");
            }
            PasswordPolicy.check(login.loginId(), newPassword, confirmPassword);
            if (encoder.matches(newPassword, login.passwordHash())) {
                throw new Refusal("newPassword", "portal.password.same");
            }
        } catch (Refusal r) {
            model.addAttribute("field", r.field()).addAttribute("error", r.messageKey());
            audit.record(login.loginId(), "CONSUMER_PASSWORD_CHANGE", null, "REFUSED", r.messageKey(), request.getRemoteAddr());
            return "portal/password";
        }
        logins.changePassword(login.id(), encoder.encode(newPassword));
        audit.record(login.loginId(), "CONSUMER_PASSWORD_CHANGE", null, "OK", me.mustChangePassword()
                ? "default password replaced" : null, request.getRemoteAddr());
        request.changeSessionId();
        sessions.replace(new ConsumerPrincipal(login.loginId(), logins.consumerNos(login.id()), false), request, response);
        return "redirect:/portal?passwordChanged";
    }
}

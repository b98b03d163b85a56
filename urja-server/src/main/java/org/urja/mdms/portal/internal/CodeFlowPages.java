package org.urja.mdms.portal.internal;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.urja.mdms.platform.ConsumerPrincipal;
import org.urja.mdms.portal.internal.OneTimeCodes.Purpose;
import org.urja.mdms.portal.internal.OneTimeCodes.Result;

/**
 * The pages where a consumer asks for a one-time code and types it: registration (UC15.1–15.4, {@code /portal/register}),
 * forgotten password ({@code /portal/forgot}) and another consumer number for a signed-in consumer
 * ({@code /portal/link}). The challenge being answered is kept in the consumer's session, never in the page, so
 * nobody can answer another browser's code.
 */
@Controller
class CodeFlowPages {

    private final Onboarding onboarding;
    private final ConsumerLogins logins;
    private final ConsumerSessions sessions;
    private final PortalProperties props;

    CodeFlowPages(Onboarding onboarding, ConsumerLogins logins, ConsumerSessions sessions, PortalProperties props) {
        this.props = props;
        this.onboarding = onboarding;
        this.logins = logins;
        this.sessions = sessions;
    }

    // --- registration ---

    @GetMapping({"/portal/register", "/portal/forgot"})
    String contactForm(HttpServletRequest request, Model model) {
        model.addAttribute("flow", flowOf(purposeOf(request)));
        return "portal/contact";
    }

    /** Consumer number and registered mobile number or email: a code for a registration or a forgotten password. */
    @PostMapping({"/portal/register", "/portal/forgot"})
    String askForCode(@RequestParam(defaultValue = "") String consumerNo, @RequestParam(defaultValue = "") String contact,
                      HttpServletRequest request, Locale locale, HttpSession session, Model model) {
        Purpose purpose = purposeOf(request);
        String language = PortalWebConfiguration.supported(locale).getLanguage();
        try {
            var started = purpose == Purpose.RESET ? onboarding.startReset(consumerNo, contact, language)
                    : onboarding.startRegistration(consumerNo, contact, language);
            session.setAttribute(ConsumerSessions.challengeKey(purpose), started.challengeId());
            return "redirect:" + codeUrl(purpose);
        } catch (Refusal r) {
            model.addAttribute("consumerNo", consumerNo).addAttribute("contact", contact)
                    .addAttribute("flow", flowOf(purpose));
            return refused(model, r, "portal/contact");
        }
    }

    @GetMapping({"/portal/register/code", "/portal/forgot/code", "/portal/link/code"})
    String codeForm(HttpServletRequest request, HttpSession session, Model model) {
        Purpose purpose = purposeOf(request);
        Long id = (Long) session.getAttribute(ConsumerSessions.challengeKey(purpose));
        if (id == null) {
            return "redirect:" + startOf(purpose);
        }
        return codePage(model, purpose, id);
    }

    @PostMapping("/portal/register/code")
    String registerCode(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpSession session,
                        Locale locale, Model model, RedirectAttributes redirect) {
        Long id = (Long) session.getAttribute(ConsumerSessions.challengeKey(Purpose.REGISTER));
        if (id == null) {
            return "redirect:/portal/register";
        }
        var outcome = onboarding.completeRegistration(id, code, PortalWebConfiguration.supported(locale).getLanguage(),
                request.getRemoteAddr());
        if (!outcome.ok()) {
            return codeRefused(model, Purpose.REGISTER, id, outcome);
        }
        session.removeAttribute(ConsumerSessions.challengeKey(Purpose.REGISTER));
        redirect.addFlashAttribute("sentTo", outcome.sentTo());
        return "redirect:/portal/register/done";
    }

    @GetMapping("/portal/register/done")
    String registered(Model model) {
        if (!model.containsAttribute("sentTo")) {
            return "redirect:/portal/login";
        }
        return "portal/registered";
    }

    @PostMapping({"/portal/register/code/resend", "/portal/forgot/code/resend", "/portal/link/code/resend"})
    String resend(HttpServletRequest request, HttpSession session, Locale locale, Model model) {
        Purpose purpose = purposeOf(request);
        Long id = (Long) session.getAttribute(ConsumerSessions.challengeKey(purpose));
        if (id == null) {
            return "redirect:" + startOf(purpose);
        }
        try {
            onboarding.resend(id, PortalWebConfiguration.supported(locale).getLanguage());
        } catch (Refusal r) {
            model.addAttribute("error", r.messageKey()).addAttribute("errorArgs", r.args());
            return codePage(model, purpose, id);
        }
        model.addAttribute("notice", "portal.otp.resent");
        return codePage(model, purpose, id);
    }

    // --- forgotten password ---

    @PostMapping("/portal/forgot/code")
    String forgotCode(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String newPassword,
                      @RequestParam(defaultValue = "") String confirmPassword, HttpServletRequest request,
                      HttpSession session, Model model) {
        Long id = (Long) session.getAttribute(ConsumerSessions.challengeKey(Purpose.RESET));
        if (id == null) {
            return "redirect:/portal/forgot";
        }
        Onboarding.Outcome outcome;
        try {
            outcome = onboarding.completeReset(id, code, newPassword, confirmPassword, request.getRemoteAddr());
        } catch (Refusal r) {
            model.addAttribute("field", r.field());
            model.addAttribute("error", r.messageKey()).addAttribute("errorArgs", r.args());
            return codePage(model, Purpose.RESET, id);
        }
        if (!outcome.ok()) {
            return codeRefused(model, Purpose.RESET, id, outcome);
        }
        session.removeAttribute(ConsumerSessions.challengeKey(Purpose.RESET));
        return "redirect:/portal/login?reset";
    }

    // --- another consumer number ---

    @GetMapping("/portal/link")
    String linkForm() {
        return "portal/link";
    }

    @PostMapping("/portal/link")
    String link(@AuthenticationPrincipal ConsumerPrincipal me, @RequestParam(defaultValue = "") String consumerNo,
                Locale locale, HttpSession session, Model model) {
        try {
            var started = onboarding.startLink(me.loginId(), consumerNo, PortalWebConfiguration.supported(locale).getLanguage());
            session.setAttribute(ConsumerSessions.challengeKey(Purpose.LINK), started.challengeId());
            return "redirect:/portal/link/code";
        } catch (Refusal r) {
            model.addAttribute("consumerNo", consumerNo);
            return refused(model, r, "portal/link");
        }
    }

    @PostMapping("/portal/link/code")
    String linkCode(@AuthenticationPrincipal ConsumerPrincipal me, @RequestParam(defaultValue = "") String code,
                    HttpServletRequest request, HttpServletResponse response, HttpSession session, Model model,
                    RedirectAttributes redirect) {
        Long id = (Long) session.getAttribute(ConsumerSessions.challengeKey(Purpose.LINK));
        if (id == null) {
            return "redirect:/portal/link";
        }
        Onboarding.Outcome outcome;
        try {
            outcome = onboarding.completeLink(me.loginId(), id, code, request.getRemoteAddr());
        } catch (Refusal r) {
            model.addAttribute("error", r.messageKey()).addAttribute("errorArgs", r.args());
            return codePage(model, Purpose.LINK, id);
        }
        if (!outcome.ok()) {
            return codeRefused(model, Purpose.LINK, id, outcome);
        }
        session.removeAttribute(ConsumerSessions.challengeKey(Purpose.LINK));
        var login = logins.byLoginId(me.loginId()).orElseThrow();
        sessions.replace(new ConsumerPrincipal(me.loginId(), logins.consumerNos(login.id()), false), request, response);
        redirect.addFlashAttribute("linked", outcome.consumerNo()); // not a URL parameter: no one can fake the notice
        return "redirect:/portal";
    }

    // --- shared ---

    private String codePage(Model model, Purpose purpose, long id) {
        var challenge = onboarding.challenge(id).orElseThrow(() -> new ResponseStatusException(
                org.springframework.http.HttpStatus.NOT_FOUND));
        model.addAttribute("purpose", purpose.name().toLowerCase(Locale.ROOT));
        model.addAttribute("action", codeUrl(purpose));
        model.addAttribute("sentTo", challenge.destination().masked());
        model.addAttribute("channel", challenge.destination().channel().name());
        model.addAttribute("restart", startOf(purpose));
        model.addAttribute("minutes", props.otpValidity().toMinutes());
        return "portal/code";
    }

    private String codeRefused(Model model, Purpose purpose, long id, Onboarding.Outcome outcome) {
        String key = switch (outcome.result()) {
            case WRONG -> "portal.otp.wrong";
            case EXHAUSTED -> "portal.otp.exhausted";
            case EXPIRED -> "portal.otp.expired";
            default -> "portal.otp.used";
        };
        model.addAttribute("error", key).addAttribute("errorArgs", new Object[] {outcome.attemptsLeft()});
        model.addAttribute("dead", outcome.result() == Result.EXHAUSTED || outcome.result() == Result.USED);
        return codePage(model, purpose, id);
    }

    private static String refused(Model model, Refusal r, String view) {
        model.addAttribute("field", r.field());
        model.addAttribute("error", r.messageKey()).addAttribute("errorArgs", r.args());
        return view;
    }

    private static Purpose purposeOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.contains("/portal/forgot") ? Purpose.RESET : uri.contains("/portal/link") ? Purpose.LINK : Purpose.REGISTER;
    }

    private static String startOf(Purpose purpose) {
        return switch (purpose) {
            case REGISTER -> "/portal/register";
            case RESET -> "/portal/forgot";
            case LINK -> "/portal/link";
        };
    }

    private static String flowOf(Purpose purpose) {
        return purpose == Purpose.RESET ? "forgot" : "register";
    }

    private static String codeUrl(Purpose purpose) {
        return startOf(purpose) + "/code";
    }
}

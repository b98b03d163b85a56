package org.urja.mdms.connection.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.connection.internal.ConnectionController.ConnectionRequest;
import org.urja.mdms.connection.internal.ConnectionController.StaffAction;
import org.urja.mdms.connection.internal.ConnectionController.View;
import org.urja.mdms.connection.internal.ConnectionStore.State;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.FormErrors;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;

/**
 * New connections in the staff portal ({@code /connections}, UC12): ADMIN, BILLING and OPERATOR register a verified
 * request through a form with every field of the API (each refusal shown beside its field, nothing stored; an
 * idempotency key made when the form was drawn, so a form sent twice is one connection), follow the list by state and
 * each connection's steps with state, times and reason (refreshed by htmx while it moves on by itself), and retry or cancel where
 * the service allows. FIELD_SUPERVISOR and VIEWER read only: no form is drawn for them and their posts are refused.
 * The service (the same one as the API's) audits each request, retry and cancellation.
 */
@Controller
class ConnectionPages {

    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");

    /** The form as typed: text, so a number that is not one is shown as that field's error, not a failed request. */
    record ConnectionForm(String key, String consumerNo, String servicePointCode, String name, String address,
                          String phone, String email, String category, String sanctionedLoadKw, String paymentMode,
                          String dtCode, String feederCode, String billGroup, String openingBalance) {

        static ConnectionForm blank() {
            return new ConnectionForm(UUID.randomUUID().toString(), "", "", "", "", "", "", "", "", "PREPAID", "", "",
                    "", "");
        }
    }

    private final Requests requests;
    private final ConnectionStore store;
    private final ConnectionEngine engine;
    private final Validator validator;
    private final int pollSeconds;

    ConnectionPages(Requests requests, ConnectionStore store, ConnectionEngine engine, Validator validator,
                    @Value("${urja.connection.page-poll-seconds:2}") int pollSeconds) {
        this.requests = requests;
        this.store = store;
        this.engine = engine;
        this.validator = validator;
        this.pollSeconds = Math.max(1, pollSeconds);
    }

    @GetMapping("/connections")
    @PreAuthorize(ConnectionController.READERS)
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) String consumerNo,
                Authentication user, Model model) {
        State filter = Arrays.stream(State.values()).filter(s -> s.name().equals(state)).findFirst().orElse(null);
        String consumer = consumerNo == null || consumerNo.isBlank() ? null : consumerNo.strip();
        model.addAttribute("states", State.values());
        model.addAttribute("state", filter);
        model.addAttribute("consumerNo", consumer);
        model.addAttribute("connections", store.list(filter, consumer, 200));
        model.addAttribute("canAct", canAct(user));
        model.addAttribute("zone", IST);
        return "connection/list";
    }

    @GetMapping("/connections/new")
    @PreAuthorize(ConnectionController.ACTORS)
    String form(Model model) {
        return formPage(ConnectionForm.blank(), new FormErrors(), model);
    }

    /** UC12.1 from the portal: the API's checks, then the API's service under the form's key. */
    @PostMapping("/connections")
    @PreAuthorize(ConnectionController.ACTORS)
    String request(@ModelAttribute ConnectionForm form, Principal staff, Model model, HttpServletResponse response) {
        FormErrors errors = new FormErrors();
        ConnectionRequest request = parse(form, errors);
        errors.and(validator, request);
        if (form.key() == null || form.key().isBlank() || form.key().length() > 80) {
            errors.add("form", "the form's key is missing: open the form again");
        }
        if (errors.isEmpty()) {
            try {
                Requests.Taken taken = ConnectionController.take(requests, "portal:" + form.key(),
                        request.toRequest(), staff.getName());
                return "redirect:/connections/" + taken.id();
            } catch (ApiProblem problem) {
                errors.add(problem);
            }
        }
        errors.rename("openingBalancePaise", "openingBalance").rename("Idempotency-Key", "form");
        response.setStatus(errors.status());
        return formPage(form, errors, model);
    }

    @GetMapping("/connections/{id}")
    @PreAuthorize(ConnectionController.READERS)
    String detail(@PathVariable long id, Authentication user, Model model) {
        detailModel(id, user, model);
        return "connection/detail";
    }

    /**
     * The steps part of the detail page, which htmx fetches again while the connection moves on by itself; when its
     * state is no longer the one the page was drawn in ({@code drawn}), the whole page is drawn again (HX-Refresh) so
     * that it offers the actions of the new state.
     */
    @GetMapping("/connections/{id}/steps")
    @PreAuthorize(ConnectionController.READERS)
    String steps(@PathVariable long id, @RequestParam(required = false) String drawn, Authentication user,
                 Model model, HttpServletResponse response) {
        detailModel(id, user, model);
        if (drawn != null && !drawn.equals(((View) model.getAttribute("c")).state().name())) {
            response.setHeader("HX-Refresh", "true");
        }
        return "connection/detail :: progress";
    }

    @PostMapping("/connections/{id}/retry")
    @PreAuthorize(ConnectionController.ACTORS)
    String retry(@PathVariable long id, @RequestParam(required = false) String reason, Principal staff,
                 Authentication user, Model model, HttpServletResponse response) {
        return act(id, reason, "retry", user, model, response, () -> {
            requests.retry(id, reason.strip(), staff.getName());
            engine.advanceSoon(id);
        });
    }

    @PostMapping("/connections/{id}/cancel")
    @PreAuthorize(ConnectionController.ACTORS)
    String cancel(@PathVariable long id, @RequestParam(required = false) String reason, Principal staff,
                  Authentication user, Model model, HttpServletResponse response) {
        return act(id, reason, "cancel", user, model, response,
                () -> requests.cancel(id, reason.strip(), staff.getName()));
    }

    private String act(long id, String reason, String action, Authentication user, Model model,
                       HttpServletResponse response, Runnable change) {
        FormErrors errors = FormErrors.check(validator, new StaffAction(reason == null ? null : reason.strip()));
        if (errors.isEmpty()) {
            try {
                change.run();
                return "redirect:/connections/" + id;
            } catch (ApiProblem problem) {
                errors.add(problem);
            }
        }
        detailModel(id, user, model);
        model.addAttribute("action", action);
        model.addAttribute("actionError", errors.summary());
        model.addAttribute("reason", reason);
        response.setStatus(errors.status());
        return "connection/detail";
    }

    private void detailModel(long id, Authentication user, Model model) {
        View c = ConnectionController.view(store, id);
        boolean moving = c.state() == State.IN_PROGRESS || c.state() == State.RETRY_SCHEDULED;
        boolean act = canAct(user);
        model.addAttribute("c", c);
        model.addAttribute("moving", moving);
        model.addAttribute("canRetry", act && (c.state() == State.ATTENTION || c.state() == State.RETRY_SCHEDULED));
        model.addAttribute("canCancel", act && c.state().open() && c.meterSerialNo() == null);
        model.addAttribute("canAct", act);
        model.addAttribute("pollSeconds", pollSeconds);
        model.addAttribute("zone", IST);
    }

    private String formPage(ConnectionForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("modes", PaymentMode.values());
        return "connection/new";
    }

    /** The typed form as the API's request; what cannot be read is an error of its field. */
    private static ConnectionRequest parse(ConnectionForm f, FormErrors errors) {
        BigDecimal load = null;
        if (!blank(f.sanctionedLoadKw())) {
            try {
                load = new BigDecimal(f.sanctionedLoadKw().strip());
            } catch (NumberFormatException e) {
                errors.add("sanctionedLoadKw", "must be a number of kW, e.g. 3 or 7.5");
            }
        }
        PaymentMode mode = null;
        if (!blank(f.paymentMode())) {
            try {
                mode = PaymentMode.valueOf(f.paymentMode().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("paymentMode", "must be PREPAID or POSTPAID");
            }
        }
        Long paise = null;
        if (!blank(f.openingBalance())) {
            try {
                paise = new BigDecimal(f.openingBalance().strip()).movePointRight(2).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                errors.add("openingBalance", "must be an amount in rupees with at most two decimals, e.g. 200 or 150.50");
            }
        }
        return new ConnectionRequest(trimmed(f.consumerNo()), trimmed(f.servicePointCode()), orEmpty(f.name()),
                orEmpty(f.address()), trimmed(f.phone()), trimmed(f.email()), trimmed(f.category()), load, mode,
                trimmed(f.dtCode()), trimmed(f.feederCode()), trimmed(f.billGroup()), paise);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trimmed(String s) {
        return blank(s) ? null : s.strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static boolean canAct(Authentication user) {
        return user != null && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN")
                || a.getAuthority().equals("ROLE_BILLING") || a.getAuthority().equals("ROLE_OPERATOR"));
    }

    @Bean
    static StaffFunction newConnectionsFunction() {
        return new StaffFunction("Customers", "New connections", "/connections",
                "Register a verified connection request and follow it step by step to an active consumer (UC12)",
                EnumSet.of(StaffRole.ADMIN, StaffRole.BILLING, StaffRole.OPERATOR, StaffRole.FIELD_SUPERVISOR,
                        StaffRole.VIEWER), 20);
    }
}

package org.urja.mdms.workorder.internal;

import java.math.BigDecimal;
import java.security.Principal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Validator;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.FormErrors;
import org.urja.mdms.platform.StaffFunction;
import org.urja.mdms.platform.StaffRole;
import org.urja.mdms.workorder.InspectionOutcome;
import org.urja.mdms.workorder.WorkOrderPriority;
import org.urja.mdms.workorder.WorkOrderType;
import org.urja.mdms.workorder.internal.WorkOrderController.Assignment;
import org.urja.mdms.workorder.internal.WorkOrderController.Cancellation;
import org.urja.mdms.workorder.internal.WorkOrderController.Completion;
import org.urja.mdms.workorder.internal.WorkOrderController.InstallationReport;
import org.urja.mdms.workorder.internal.WorkOrderController.NewCrew;
import org.urja.mdms.workorder.internal.WorkOrderController.NewOrder;
import org.urja.mdms.workorder.internal.WorkOrderController.Progress;
import org.urja.mdms.workorder.internal.WorkOrderController.Resolution;

/**
 * Work orders in the staff portal ({@code /work-orders}), with the roles the API enforces: every staff role reads
 * (list filtered by type, status, crew, overdue; detail with status history); ADMIN and OPERATOR raise; ADMIN,
 * OPERATOR, FIELD_SUPERVISOR and REVENUE_PROTECTION keep crews and assign; OPERATOR, FIELD_SUPERVISOR and
 * REVENUE_PROTECTION report progress (en route, at work), complete with outcome, findings and readings, file the
 * installation report of an installation order (meter, DT, feeder, reading), cancel, and resolve a confirmed tamper.
 * Only the forms of the user's roles and of the order's state are drawn; a post outside them is refused (403 by role,
 * 409 by state) and changes nothing. Each form is checked with the API's own request record and goes through the
 * same service, so a page refuses what the API refuses, naming the field beside it; every post is audited.
 */
@Controller
class WorkOrderPages {

    private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
    private static final Set<String> RAISER_ROLES = Set.of("ADMIN", "OPERATOR");
    private static final Set<String> DISPATCHER_ROLES = Set.of("ADMIN", "OPERATOR", "FIELD_SUPERVISOR",
            "REVENUE_PROTECTION");
    private static final Set<String> FIELD_ROLES = Set.of("OPERATOR", "FIELD_SUPERVISOR", "REVENUE_PROTECTION");
    private static final List<InspectionOutcome> INSPECTION_OUTCOMES = List.of(InspectionOutcome.TAMPER_CONFIRMED,
            InspectionOutcome.NO_TAMPER, InspectionOutcome.METER_FAULTY, InspectionOutcome.NO_ACCESS);
    private static final List<InspectionOutcome> OTHER_OUTCOMES = List.of(InspectionOutcome.DONE,
            InspectionOutcome.NOT_DONE, InspectionOutcome.NO_ACCESS, InspectionOutcome.METER_FAULTY);
    /** The types staff may raise (tamper inspections come from the meters' events). */
    private static final List<WorkOrderType> RAISED_TYPES = Arrays.stream(WorkOrderType.values())
            .filter(t -> t != WorkOrderType.TAMPER_INSPECTION).toList();

    /** The raise form as typed. */
    record OrderForm(String key, String type, String reference, String consumerNo, String servicePointCode,
                     String meterSerialNo, String address, String priority, String dueBy, String description) {

        static OrderForm blank() {
            return new OrderForm(UUID.randomUUID().toString(), "COMPLAINT_VISIT", "", "", "", "", "", "NORMAL", "", "");
        }
    }

    record CrewForm(String code, String name, String members, String phone, String area) {

        static CrewForm blank() {
            return new CrewForm("", "", "", "", "");
        }
    }

    /** Every action form of the detail page as typed (each post fills only its own fields). */
    record ActionForm(String crewCode, String assignee, String status, String note, String outcome, String findings,
                      String readings, String meterSerialNo, String dtCode, String feederCode, String dcuCode,
                      String readingKwh, String removedMeterReadingKwh, String reason, String resolution) {
    }

    private final JdbcWorkOrders orders;
    private final NetworkRegistry network;
    private final Validator validator;

    WorkOrderPages(JdbcWorkOrders orders, NetworkRegistry network, Validator validator) {
        this.orders = orders;
        this.network = network;
        this.validator = validator;
    }

    // ------------------------------------------------------------------------------------------------ list

    @GetMapping("/work-orders")
    @PreAuthorize(WorkOrderController.READERS)
    String list(@RequestParam(required = false) String type, @RequestParam(required = false) String status,
                @RequestParam(required = false) String crew, @RequestParam(defaultValue = "false") boolean overdue,
                @RequestParam(defaultValue = "false") boolean open, Authentication user, Model model) {
        listModel(type, status, crew, overdue, open, user, model);
        model.addAttribute("orderForm", OrderForm.blank());
        model.addAttribute("crewForm", CrewForm.blank());
        return "workorder/list";
    }

    private void listModel(String type, String status, String crew, boolean overdue, boolean open,
                           Authentication user, Model model) {
        String t = Arrays.stream(WorkOrderType.values()).map(Enum::name).filter(n -> n.equals(type)).findFirst()
                .orElse(null);
        String s = status != null && WorkOrderController.STATUSES.contains(status) ? status : null;
        String c = crew == null || crew.isBlank() ? null : crew.strip();
        model.addAttribute("orders", orders.list(new JdbcWorkOrders.Filter(s, t, null, null, c, null, open, overdue),
                200));
        model.addAttribute("filter", Map.of("type", t == null ? "" : t, "status", s == null ? "" : s,
                "crew", c == null ? "" : c));
        model.addAttribute("overdue", overdue);
        model.addAttribute("open", open);
        model.addAttribute("types", WorkOrderType.values());
        model.addAttribute("raisedTypes", RAISED_TYPES);
        model.addAttribute("statuses", WorkOrderController.STATUSES);
        model.addAttribute("priorities", WorkOrderPriority.values());
        model.addAttribute("crews", orders.crews());
        model.addAttribute("canRaise", has(user, RAISER_ROLES));
        model.addAttribute("canDispatch", has(user, DISPATCHER_ROLES));
        model.addAttribute("zone", IST);
    }

    /** Raises an order; the form's key is the reference when none is typed, so a form sent twice is one order. */
    @PostMapping("/work-orders")
    @PreAuthorize(WorkOrderController.RAISERS)
    String raise(@ModelAttribute OrderForm form, Principal staff, Authentication user, Model model,
                 HttpServletResponse response) {
        FormErrors errors = new FormErrors();
        WorkOrderType type = parseEnum(WorkOrderType.class, form.type(), "type", errors);
        java.time.Instant dueBy = null;
        if (!blank(form.dueBy())) {
            try {
                dueBy = LocalDateTime.parse(form.dueBy().strip()).atZone(IST).toInstant();
            } catch (DateTimeParseException e) {
                errors.add("dueBy", "must be a date and time, e.g. 2026-11-05T17:30");
            }
        }
        if (blank(form.key()) || form.key().length() > 80) {
            errors.add("form", "the form's key is missing: open the form again");
        }
        String reference = blank(form.reference()) ? "staff:" + form.key() : form.reference().strip();
        NewOrder order = new NewOrder(type, reference, trimmed(form.consumerNo()), trimmed(form.servicePointCode()),
                trimmed(form.meterSerialNo()), trimmed(form.address()), trimmed(form.priority()), dueBy,
                form.description() == null ? "" : form.description().strip());
        errors.and(validator, order);
        if (errors.isEmpty()) {
            try {
                return "redirect:/work-orders/" + WorkOrderController.raise(orders, network, order, staff.getName())
                        .workOrderId();
            } catch (ApiProblem problem) {
                errors.add(problem);
            }
        }
        return listAgain("raise", form, CrewForm.blank(), errors, user, model, response);
    }

    @PostMapping("/work-orders/crews")
    @PreAuthorize(WorkOrderController.DISPATCHERS)
    String createCrew(@ModelAttribute CrewForm form, Principal staff, Authentication user, Model model,
                      HttpServletResponse response) {
        List<String> members = form.members() == null ? List.of() : Arrays.stream(form.members().split("[,\\n]"))
                .map(String::strip).filter(m -> !m.isEmpty()).toList();
        NewCrew crew = new NewCrew(form.code() == null ? "" : form.code().strip(),
                form.name() == null ? "" : form.name().strip(), members, trimmed(form.phone()), trimmed(form.area()));
        FormErrors errors = FormErrors.check(validator, crew);
        if (errors.isEmpty()) {
            try {
                orders.createCrew(crew.code(), crew.name(), crew.members(), crew.phone(), crew.area(), staff.getName());
                return "redirect:/work-orders?crew=" + crew.code() + "#crews";
            } catch (ApiProblem problem) {
                errors.add(problem);
            }
        }
        return listAgain("crew", OrderForm.blank(), form, errors, user, model, response);
    }

    /** The list of open orders again with the form that {@code failed} as it was posted and what is wrong with it. */
    private String listAgain(String failed, OrderForm orderForm, CrewForm crewForm, FormErrors errors,
                             Authentication user, Model model, HttpServletResponse response) {
        listModel(null, null, null, false, true, user, model);
        model.addAttribute("orderForm", orderForm);
        model.addAttribute("crewForm", crewForm);
        model.addAttribute("errors", errors);
        model.addAttribute("failed", failed);
        response.setStatus(errors.status());
        return "workorder/list";
    }

    // ------------------------------------------------------------------------------------------------ one order

    @GetMapping("/work-orders/{id}")
    @PreAuthorize(WorkOrderController.READERS)
    String detail(@PathVariable long id, Authentication user, Model model) {
        detailModel(id, user, model);
        return "workorder/detail";
    }

    @PostMapping("/work-orders/{id}/assignment")
    @PreAuthorize(WorkOrderController.DISPATCHERS)
    String assign(@PathVariable long id, @ModelAttribute ActionForm form, Principal staff, Authentication user,
                  Model model, HttpServletResponse response) {
        Assignment a = new Assignment(trimmed(form.crewCode()), trimmed(form.assignee()));
        return act(id, "assign", form, FormErrors.check(validator, a), user, model, response,
                () -> WorkOrderController.assign(orders, id, a, staff.getName()));
    }

    @PostMapping("/work-orders/{id}/progress")
    @PreAuthorize(WorkOrderController.FIELD_ROLES)
    String progress(@PathVariable long id, @ModelAttribute ActionForm form, Principal staff, Authentication user,
                    Model model, HttpServletResponse response) {
        Progress p = new Progress(trimmed(form.status()), trimmed(form.note()));
        return act(id, "progress", form, FormErrors.check(validator, p), user, model, response,
                () -> orders.progress(id, p.status(), p.note(), staff.getName()));
    }

    @PostMapping("/work-orders/{id}/completion")
    @PreAuthorize(WorkOrderController.FIELD_ROLES)
    String complete(@PathVariable long id, @ModelAttribute ActionForm form, Principal staff, Authentication user,
                    Model model, HttpServletResponse response) {
        FormErrors errors = new FormErrors();
        InspectionOutcome outcome = parseEnum(InspectionOutcome.class, form.outcome(), "outcome", errors);
        Map<String, BigDecimal> readings = readings(form.readings(), errors);
        Completion c = new Completion(outcome, form.findings() == null ? "" : form.findings().strip(), readings);
        return act(id, "complete", form, errors.and(validator, c), user, model,
                response, () -> orders.complete(id, c.outcome(), c.findings(), c.readings(), staff.getName()));
    }

    @PostMapping("/work-orders/{id}/installation-report")
    @PreAuthorize(WorkOrderController.FIELD_ROLES)
    String reportInstallation(@PathVariable long id, @ModelAttribute ActionForm form, Principal staff,
                              Authentication user, Model model, HttpServletResponse response) {
        FormErrors errors = new FormErrors();
        BigDecimal reading = decimal(form.readingKwh(), "readingKwh", errors);
        BigDecimal removed = decimal(form.removedMeterReadingKwh(), "removedMeterReadingKwh", errors);
        InstallationReport r = new InstallationReport(form.meterSerialNo() == null ? "" : form.meterSerialNo().strip(),
                form.dtCode() == null ? "" : form.dtCode().strip(), trimmed(form.feederCode()),
                trimmed(form.dcuCode()), reading, null, removed, trimmed(form.note()));
        return act(id, "install", form, errors.and(validator, r), user, model,
                response, () -> orders.reportInstallation(id, r.toReport(), staff.getName()));
    }

    @PostMapping("/work-orders/{id}/cancellation")
    @PreAuthorize(WorkOrderController.FIELD_ROLES)
    String cancel(@PathVariable long id, @ModelAttribute ActionForm form, Principal staff, Authentication user,
                  Model model, HttpServletResponse response) {
        Cancellation c = new Cancellation(form.reason() == null ? "" : form.reason().strip());
        return act(id, "cancel", form, FormErrors.check(validator, c), user, model, response,
                () -> orders.cancel(id, c.reason(), staff.getName()));
    }

    @PostMapping("/work-orders/{id}/resolution")
    @PreAuthorize(WorkOrderController.FIELD_ROLES)
    String resolve(@PathVariable long id, @ModelAttribute ActionForm form, Principal staff, Authentication user,
                   Model model, HttpServletResponse response) {
        Resolution r = new Resolution(form.resolution() == null ? "" : form.resolution().strip());
        return act(id, "resolve", form, FormErrors.check(validator, r), user, model, response,
                () -> orders.resolve(id, r.resolution(), staff.getName()));
    }

    /** Does the change when the form is right, then shows the order; else the order with the form and its errors. */
    private String act(long id, String action, ActionForm form, FormErrors errors, Authentication user, Model model,
                       HttpServletResponse response, Supplier<JdbcWorkOrders.View> change) {
        if (errors.isEmpty()) {
            try {
                change.get();
                return "redirect:/work-orders/" + id;
            } catch (ApiProblem problem) {
                errors.add(problem);
            }
        }
        detailModel(id, user, model);
        model.addAttribute("failed", action);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        response.setStatus(errors.status());
        return "workorder/detail";
    }

    private void detailModel(long id, Authentication user, Model model) {
        JdbcWorkOrders.View w = orders.detail(id).orElseThrow(() -> ApiProblem.notFound("id", "No work order " + id));
        boolean closed = JdbcWorkOrders.closed(w.status());
        boolean field = has(user, FIELD_ROLES);
        boolean installation = w.type().equals(JdbcWorkOrders.METER_INSTALLATION)
                || w.type().equals(WorkOrderType.METER_REPLACEMENT.name());
        model.addAttribute("w", w);
        model.addAttribute("crews", orders.crews().stream().filter(JdbcWorkOrders.Crew::active).toList());
        model.addAttribute("canAssign", !closed && has(user, DISPATCHER_ROLES));
        model.addAttribute("canEnRoute", field && w.status().equals("ASSIGNED"));
        model.addAttribute("canStart", field && (w.status().equals("ASSIGNED") || w.status().equals("EN_ROUTE")));
        model.addAttribute("canComplete", field && !closed && !w.type().equals(JdbcWorkOrders.METER_INSTALLATION));
        model.addAttribute("canInstall", field && !closed && installation);
        model.addAttribute("canCancel", field && !closed);
        model.addAttribute("canResolve", field && w.outcome() == InspectionOutcome.TAMPER_CONFIRMED
                && w.resolvedAt() == null);
        model.addAttribute("outcomes", w.type().equals(JdbcWorkOrders.TAMPER_INSPECTION) ? INSPECTION_OUTCOMES
                : OTHER_OUTCOMES);
        model.addAttribute("connectionId", w.sourceReference() != null && w.sourceReference().matches("connection:\\d+")
                ? w.sourceReference().substring("connection:".length()) : null);
        model.addAttribute("zone", IST);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new ActionForm(w.crewCode(), w.assignee(), null, null, null, null, null, null,
                    null, null, null, null, null, null, null));
        }
    }

    // ------------------------------------------------------------------------------------------------ reading forms

    /** "name = value" (or "name: value") per line, e.g. {@code kWh.import = 1234.5}. */
    private static Map<String, BigDecimal> readings(String text, FormErrors errors) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("[=:]", 2);
            try {
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new NumberFormatException();
                }
                out.put(parts[0].strip(), new BigDecimal(parts[1].strip()));
            } catch (NumberFormatException e) {
                errors.add("readings", "each line is a register and its value, e.g. kWh.import = 1234.5 (not '"
                        + line.strip() + "')");
            }
        }
        return out;
    }

    private static BigDecimal decimal(String text, String field, FormErrors errors) {
        if (blank(text)) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            errors.add(field, "must be a number, e.g. 1234.5");
            return null;
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String field, FormErrors errors) {
        if (blank(text)) {
            return null; // the record's @NotNull names the field
        }
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(field, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", ")));
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trimmed(String s) {
        return blank(s) ? null : s.strip();
    }

    private static boolean has(Authentication user, Set<String> roles) {
        return user != null && user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(a -> a.startsWith("ROLE_") && roles.contains(a.substring(5)));
    }

    @Bean
    static StaffFunction workOrdersFunction() {
        return new StaffFunction("Field work", "Work orders", "/work-orders",
                "Raise, assign and follow work orders; the field force's progress, completion and installation reports",
                EnumSet.of(StaffRole.ADMIN, StaffRole.OPERATOR, StaffRole.BILLING, StaffRole.REVENUE_PROTECTION,
                        StaffRole.FIELD_SUPERVISOR, StaffRole.VIEWER), 30);
    }
}

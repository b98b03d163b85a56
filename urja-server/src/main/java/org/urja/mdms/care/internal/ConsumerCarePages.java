package org.urja.mdms.care.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.urja.mdms.care.Complaint;
import org.urja.mdms.care.ComplaintCategory;
import org.urja.mdms.care.Complaints;
import org.urja.mdms.care.ServiceRequest;
import org.urja.mdms.care.ServiceRequestType;
import org.urja.mdms.care.ServiceRequests;
import org.urja.mdms.network.Installation;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.ConsumerFunction;
import org.urja.mdms.platform.ConsumerFunction.Audience;
import org.urja.mdms.platform.ConsumerPrincipal;

/**
 * The consumer portal's care pages: service requests (UC19.1–19.5) and complaints (UC20.1–20.6) of the signed-in
 * consumer's own numbers. They call the module's published API ({@link ServiceRequests}, {@link Complaints}) with
 * {@code requestedBy = consumer:<no>}, channel PORTAL and an idempotency key drawn for each form shown, so a double
 * submit is one case. A consumer number, service point, SRN or CRN the login does not hold is answered 404 and
 * nothing changes. Refusals are shown beside their field, in the consumer's language.
 */
@Controller
class ConsumerCarePages {

    static final String CHANNEL = "PORTAL";
    private static final int LIST_LIMIT = 50;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd-MM-yyyy HH:mm")
            .withZone(ZoneId.of("Asia/Kolkata"));

    private final ServiceRequests requests;
    private final Complaints complaints;
    private final NetworkRegistry network;
    private final CareProperties props;
    private final MessageSource messages;
    private final Clock clock;

    ConsumerCarePages(ServiceRequests requests, Complaints complaints, NetworkRegistry network, CareProperties props,
                      MessageSource messages, Clock clock) {
        this.requests = requests;
        this.complaints = complaints;
        this.network = network;
        this.props = props;
        this.messages = messages;
        this.clock = clock;
    }

    /** One service point of the consumer's, with the meter installed there now (null: none). */
    record Place(String consumerNo, String code, String address, String meterSerialNo) {
    }

    // ---- service requests (UC19) ----

    @GetMapping("/portal/requests")
    String requestList(@AuthenticationPrincipal ConsumerPrincipal me, Model model) {
        model.addAttribute("requests", mine(me, requests::ofConsumer, ServiceRequest::createdAt))
                .addAttribute("fmt", SHOWN);
        return "portal/care/requests";
    }

    @GetMapping("/portal/requests/new")
    String requestForm(@AuthenticationPrincipal ConsumerPrincipal me, @RequestParam(required = false) String type,
                       Model model) {
        ServiceRequestType t = typeOrNull(type);
        if (t == null) {
            Map<ServiceRequestType, Long> days = new LinkedHashMap<>();
            for (ServiceRequestType x : ServiceRequestType.values()) {
                days.put(x, Math.max(1, props.sla(x).toDays()));
            }
            model.addAttribute("types", days);
            return "portal/care/request-types";
        }
        return requestFormView(me, t, Map.of(), me.consumerNos().get(0), "", newKey(), model);
    }

    @PostMapping("/portal/requests")
    String submitRequest(@AuthenticationPrincipal ConsumerPrincipal me, @RequestParam MultiValueMap<String, String> form,
                         Locale locale, Model model) {
        String consumerNo = own(me, form.getFirst("consumerNo"));
        ServiceRequestType type = typeOrNull(form.getFirst("type"));
        if (type == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Map<String, String> details = new LinkedHashMap<>();
        for (String f : fieldsOf(type)) {
            String v = form.getFirst("details." + f);
            if (v != null && !v.isBlank()) {
                details.put(f, v.strip());
            }
        }
        if (details.containsKey("servicePointCode")) {
            ownPlace(consumerNo, details.get("servicePointCode"));
        }
        String description = blankToNull(form.getFirst("description"));
        String key = form.getFirst("idempotencyKey");
        try {
            var submitted = requests.submit(new ServiceRequests.NewServiceRequest(type, consumerNo, details, description,
                    CHANNEL, requester(consumerNo), key));
            return "redirect:/portal/requests/" + submitted.request().srn() + (submitted.created() ? "?sent" : "");
        } catch (ApiProblem p) {
            model.addAttribute("errors", errors(p, locale));
            return requestFormView(me, type, details, consumerNo, description == null ? "" : description,
                    keyAfter(p, key), model);
        }
    }

    @GetMapping("/portal/requests/{srn}")
    String request(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String srn, Model model) {
        ServiceRequest r = requests.find(srn).filter(x -> me.holds(x.consumerNo()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("r", r).addAttribute("fmt", SHOWN);
        return "portal/care/request";
    }

    private String requestFormView(ConsumerPrincipal me, ServiceRequestType type, Map<String, String> details,
                                   String consumerNo, String description, String key, Model model) {
        model.addAttribute("type", type).addAttribute("fields", fieldsOf(type))
                .addAttribute("required", type.requiredFields()).addAttribute("filled", details)
                .addAttribute("consumerNos", me.consumerNos()).addAttribute("consumerNo", consumerNo)
                .addAttribute("places", places(me)).addAttribute("description", description)
                .addAttribute("idempotencyKey", key);
        noErrorsYet(model);
        return "portal/care/request-form";
    }

    private static List<String> fieldsOf(ServiceRequestType type) {
        List<String> all = new ArrayList<>(type.requiredFields());
        all.addAll(type.optionalFields());
        return all;
    }

    private static ServiceRequestType typeOrNull(String type) {
        for (ServiceRequestType t : ServiceRequestType.values()) {
            if (t.name().equals(type)) {
                return t;
            }
        }
        return null;
    }

    // ---- complaints (UC20) ----

    @GetMapping("/portal/complaints")
    String complaintList(@AuthenticationPrincipal ConsumerPrincipal me, Model model) {
        model.addAttribute("complaints", mine(me, complaints::ofConsumer, Complaint::createdAt))
                .addAttribute("fmt", SHOWN);
        return "portal/care/complaints";
    }

    @GetMapping("/portal/complaints/new")
    String complaintForm(@AuthenticationPrincipal ConsumerPrincipal me, Model model) {
        return complaintFormView(me, null, me.consumerNos().get(0), null, "", newKey(), model);
    }

    @PostMapping("/portal/complaints")
    String registerComplaint(@AuthenticationPrincipal ConsumerPrincipal me,
                             @RequestParam(required = false) String consumerNo,
                             @RequestParam(required = false) String category,
                             @RequestParam(required = false) String servicePoint,
                             @RequestParam(required = false) String description,
                             @RequestParam(required = false) String idempotencyKey, Locale locale, Model model) {
        String no = own(me, consumerNo);
        Place place = servicePoint == null || servicePoint.isBlank() ? null : ownPlace(no, servicePoint);
        ComplaintCategory cat = null;
        for (ComplaintCategory c : ComplaintCategory.values()) {
            if (c.name().equals(category)) {
                cat = c;
            }
        }
        try {
            var registered = complaints.register(new Complaints.NewComplaint(cat, no,
                    place == null ? null : place.meterSerialNo(), description == null ? null : description.strip(),
                    CHANNEL, requester(no), idempotencyKey));
            return "redirect:/portal/complaints/" + registered.complaint().crn()
                    + (registered.created() ? "?sent" : "");
        } catch (ApiProblem p) {
            model.addAttribute("errors", errors(p, locale));
            return complaintFormView(me, cat, no, place == null ? null : place.code(),
                    description == null ? "" : description, keyAfter(p, idempotencyKey), model);
        }
    }

    @GetMapping("/portal/complaints/{crn}")
    String complaint(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String crn, Model model) {
        return complaintView(ownComplaint(me, crn), model);
    }

    /** UC20.6: the consumer says the problem remains — re-opened within the window, routed again. */
    @PostMapping("/portal/complaints/{crn}/reopening")
    String reopen(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String crn,
                  @RequestParam(required = false) String reason, Locale locale, Model model) {
        Complaint c = ownComplaint(me, crn);
        try {
            complaints.reopen(crn, reason == null ? null : reason.strip(), requester(c.consumerNo()));
            return "redirect:/portal/complaints/" + crn + "?reopened";
        } catch (ApiProblem p) {
            model.addAttribute("errors", errors(p, locale)).addAttribute("reason", reason);
            return complaintView(complaints.find(crn).orElseThrow(), model);
        }
    }

    private Complaint ownComplaint(ConsumerPrincipal me, String crn) {
        return complaints.find(crn).filter(x -> me.holds(x.consumerNo()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private String complaintView(Complaint c, Model model) {
        Instant since = c.closedAt() != null ? c.closedAt() : c.resolvedAt();
        boolean reopenable = (c.status().equals("RESOLVED") || c.status().equals("CLOSED")) && since != null
                && !since.plus(props.reopenWindow()).isBefore(clock.instant());
        model.addAttribute("c", c).addAttribute("fmt", SHOWN).addAttribute("reopenable", reopenable)
                .addAttribute("reopenUntil", since == null ? null : since.plus(props.reopenWindow()));
        noErrorsYet(model);
        return "portal/care/complaint";
    }

    private String complaintFormView(ConsumerPrincipal me, ComplaintCategory category, String consumerNo,
                                     String servicePoint, String description, String key, Model model) {
        model.addAttribute("categories", ComplaintCategory.values()).addAttribute("category", category)
                .addAttribute("consumerNos", me.consumerNos()).addAttribute("consumerNo", consumerNo)
                .addAttribute("places", places(me)).addAttribute("servicePoint", servicePoint)
                .addAttribute("description", description).addAttribute("idempotencyKey", key);
        noErrorsYet(model);
        return "portal/care/complaint-form";
    }

    // ---- shared ----

    /** The consumer number, if this login holds it; anything else is 404, as if it did not exist. */
    private static String own(ConsumerPrincipal me, String consumerNo) {
        if (!me.holds(consumerNo)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return consumerNo;
    }

    /** The service point, if it is one of the consumer's; else 404. */
    private Place ownPlace(String consumerNo, String code) {
        return placesOf(consumerNo).stream().filter(p -> p.code().equals(code)).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private List<Place> places(ConsumerPrincipal me) {
        return me.consumerNos().stream().flatMap(no -> placesOf(no).stream()).toList();
    }

    private List<Place> placesOf(String consumerNo) {
        return network.servicePointsOf(consumerNo).stream().map(sp -> new Place(consumerNo, sp.code(), sp.address(),
                network.servicePointHistory(sp.code()).stream().filter(i -> i.removedAt() == null)
                        .map(Installation::meterSerialNo).findFirst().orElse(null))).toList();
    }

    private static String requester(String consumerNo) {
        return "consumer:" + consumerNo;
    }

    /** Case lists of every consumer number the login holds, newest first. */
    private static <T> List<T> mine(ConsumerPrincipal me, BiFunction<String, Integer, List<T>> ofConsumer,
                                    Function<T, Instant> createdAt) {
        List<T> all = new ArrayList<>();
        me.consumerNos().forEach(no -> all.addAll(ofConsumer.apply(no, LIST_LIMIT)));
        all.sort(Comparator.comparing(createdAt).reversed());
        return all;
    }

    /** The key for the form shown again: the same, unless it was used for another case (an old form sent again). */
    private static String keyAfter(ApiProblem p, String key) {
        return p.issues().stream().anyMatch(i -> i.field().equals("Idempotency-Key")) ? newKey() : key;
    }

    private static void noErrorsYet(Model model) {
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
    }

    private static String newKey() {
        return "portal-" + UUID.randomUUID();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Each refused field with a message in the consumer's language ({@code care.error.<field>}, else a general one). */
    private Map<String, String> errors(ApiProblem p, Locale locale) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ApiProblem.FieldIssue i : p.issues()) {
            String general = messages.getMessage("care.error.general", null, locale);
            out.putIfAbsent(i.field(), messages.getMessage("care.error." + i.field(), null, general, locale));
        }
        if (out.isEmpty()) {
            out.put("form", messages.getMessage("care.error.general", null, locale));
        }
        return out;
    }

    @Bean
    static ConsumerFunction serviceRequestsFunction() {
        return new ConsumerFunction("/portal/requests", "care.menu.requests", "care.menu.requests.text", Audience.ALL, 500);
    }

    @Bean
    static ConsumerFunction complaintsFunction() {
        return new ConsumerFunction("/portal/complaints", "care.menu.complaints", "care.menu.complaints.text",
                Audience.ALL, 510);
    }
}

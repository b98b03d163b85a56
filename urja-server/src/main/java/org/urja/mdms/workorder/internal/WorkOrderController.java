package org.urja.mdms.workorder.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.ServicePoint;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.workorder.InspectionOutcome;
import org.urja.mdms.workorder.WorkOrderPriority;
import org.urja.mdms.workorder.WorkOrderRequest;
import org.urja.mdms.workorder.WorkOrderType;
import org.urja.mdms.workorder.WorkOrders;

/**
 * Work orders over HTTP: any member of staff may read them; operations (OPERATOR, ADMIN) raise them and keep the
 * crews; operations and the field force (FIELD_SUPERVISOR, REVENUE_PROTECTION) assign them to crews; the field force
 * and operations report progress, complete, cancel, and resolve a confirmed tamper. Every change is in the order's
 * status history and, as every state-changing request, in the audit trail.
 */
@RestController
@RequestMapping("/api/v1/work-orders")
@Validated
@PreAuthorize(WorkOrderController.READERS)
class WorkOrderController {

    static final String READERS =
            "hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR', 'VIEWER')";
    static final String FIELD_ROLES = "hasAnyRole('OPERATOR', 'FIELD_SUPERVISOR', 'REVENUE_PROTECTION')";
    static final String RAISERS = "hasAnyRole('ADMIN', 'OPERATOR')";
    static final String DISPATCHERS = "hasAnyRole('ADMIN', 'OPERATOR', 'FIELD_SUPERVISOR', 'REVENUE_PROTECTION')";
    static final List<String> STATUSES = List.of("OPEN", "ASSIGNED", "EN_ROUTE", "IN_PROGRESS", "COMPLETED",
            "CANCELLED");

    /** A work order raised by staff or an external system (CIS/CRM, OMS); priority EMERGENCY…LOW or P1–P4. */
    record NewOrder(@NotNull WorkOrderType type,
                    @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:/-]+") String reference,
                    @Size(max = 64) String consumerNo, @Size(max = 64) String servicePointCode,
                    @Size(max = 64) String meterSerialNo, @Size(max = 500) String address,
                    @Size(max = 10) String priority, Instant dueBy, @NotBlank @Size(max = 2000) String description) {
    }

    /** To a crew, a named person, or both. */
    record Assignment(@Size(max = 64) String crewCode, @Size(max = 100) String assignee) {
    }

    record Progress(@NotNull @Pattern(regexp = "EN_ROUTE|IN_PROGRESS") String status, @Size(max = 1000) String note) {
    }

    record NewCrew(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String code,
                   @NotBlank @Size(max = 200) String name,
                   @Size(max = 20) List<@NotBlank @Size(max = 100) String> members,
                   @Pattern(regexp = "\\+?[0-9]{10,15}") String phone, @Size(max = 200) String area) {
    }

    record Completion(@NotNull InspectionOutcome outcome, @NotBlank @Size(min = 5, max = 2000) String findings,
                      @Size(max = 20) Map<@NotBlank @Size(max = 50) String, @NotNull BigDecimal> readings) {
    }

    record Cancellation(@NotBlank @Size(min = 5, max = 500) String reason) {
    }

    record Resolution(@NotBlank @Size(min = 5, max = 1000) String resolution) {
    }

    /**
     * UC12.3, UC13.4: the meter installed (from the asset master), where (DT, optionally its feeder; the DCU of an
     * RF-mesh meter at a new connection), its first reading.
     */
    record InstallationReport(@NotBlank @Size(max = 64) String meterSerialNo, @NotBlank @Size(max = 64) String dtCode,
                              @Size(max = 64) String feederCode, @Size(max = 64) String dcuCode, @NotNull @DecimalMin("0") BigDecimal readingKwh,
                              Instant installedAt, @DecimalMin("0") BigDecimal removedMeterReadingKwh,
                              @Size(max = 2000) String note) {

        JdbcWorkOrders.InstallationReport toReport() {
            return new JdbcWorkOrders.InstallationReport(meterSerialNo, dtCode, feederCode, dcuCode, readingKwh,
                    installedAt, removedMeterReadingKwh, note);
        }
    }

    private final JdbcWorkOrders orders;
    private final NetworkRegistry network;

    WorkOrderController(JdbcWorkOrders orders, NetworkRegistry network) {
        this.orders = orders;
        this.network = network;
    }

    /**
     * Raises a work order (201), or answers the one already raised under the reference (200). The service point and
     * meter, when given, must be registered; a due time must be in the future.
     */
    @PostMapping
    @PreAuthorize(RAISERS)
    ResponseEntity<JdbcWorkOrders.View> raise(@Valid @RequestBody NewOrder b, Principal user) {
        WorkOrders.Raised r = raise(orders, network, b, user.getName());
        JdbcWorkOrders.View v = orders.detail(r.workOrderId()).orElseThrow();
        return r.created() ? ResponseEntity.created(URI.create("/api/v1/work-orders/" + v.id())).body(v)
                : ResponseEntity.ok(v);
    }

    /**
     * Raises a work order for a member of staff (API and staff page alike) after the checks: not a tamper inspection,
     * a known priority, a due time in the future, a registered service point (whose consumer it must be) and meter.
     */
    static WorkOrders.Raised raise(JdbcWorkOrders orders, NetworkRegistry network, NewOrder b, String user) {
        if (b.type() == WorkOrderType.TAMPER_INSPECTION) {
            throw ApiProblem.badRequest("type", "Tamper inspections are raised by the meters' tamper events");
        }
        WorkOrderPriority priority;
        try {
            priority = b.priority() == null ? WorkOrderPriority.NORMAL : WorkOrderPriority.parse(b.priority());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("priority", "priority must be EMERGENCY, HIGH, NORMAL, LOW or P1–P4");
        }
        if (b.dueBy() != null && !b.dueBy().isAfter(Instant.now())) {
            throw ApiProblem.badRequest("dueBy", "dueBy " + b.dueBy() + " is not in the future");
        }
        String consumerNo = b.consumerNo();
        String address = b.address();
        if (b.servicePointCode() != null) {
            ServicePoint sp = network.servicePoint(b.servicePointCode()).orElseThrow(() -> ApiProblem.invalid(
                    "servicePointCode", "Unknown service point " + b.servicePointCode()));
            if (consumerNo != null && !consumerNo.equals(sp.consumerNo())) {
                throw ApiProblem.invalid("consumerNo", "Service point " + sp.code() + " is consumer "
                        + sp.consumerNo() + "'s");
            }
            consumerNo = sp.consumerNo();
            address = address != null ? address : sp.address();
        }
        if (b.meterSerialNo() != null && network.meter(b.meterSerialNo()).isEmpty()) {
            throw ApiProblem.invalid("meterSerialNo", "Unknown meter " + b.meterSerialNo());
        }
        return orders.raise(new WorkOrderRequest(b.type(), b.reference(), consumerNo,
                b.servicePointCode(), b.meterSerialNo(), address, priority, b.dueBy(),
                b.description() + " (raised by " + user + ")"));
    }

    /**
     * Most recent first; filters: status (OPEN = raised, ASSIGNED, EN_ROUTE, IN_PROGRESS, COMPLETED, CANCELLED),
     * {@code open=true} (any not closed), {@code overdue=true} (not closed and past due), type, meter, consumer
     * number, crew, origin reference.
     */
    @GetMapping
    List<JdbcWorkOrders.View> list(@RequestParam(required = false) String status,
                                   @RequestParam(required = false) WorkOrderType type,
                                   @RequestParam(required = false) String meter,
                                   @RequestParam(required = false) String consumerNo,
                                   @RequestParam(required = false) String crew,
                                   @RequestParam(required = false) String reference,
                                   @RequestParam(defaultValue = "false") boolean open,
                                   @RequestParam(defaultValue = "false") boolean overdue,
                                   @RequestParam(defaultValue = "200") @Min(1) @Max(2000) int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.badRequest("status", "status must be one of " + String.join(", ", STATUSES));
        }
        return orders.list(new JdbcWorkOrders.Filter(status, type == null ? null : type.name(), meter, consumerNo, crew,
                reference, open, overdue), limit);
    }

    @PostMapping("/crews")
    @PreAuthorize(DISPATCHERS)
    ResponseEntity<JdbcWorkOrders.Crew> createCrew(@Valid @RequestBody NewCrew b, Principal user) {
        JdbcWorkOrders.Crew c = orders.createCrew(b.code(), b.name(), b.members(), b.phone(), b.area(), user.getName());
        return ResponseEntity.created(URI.create("/api/v1/work-orders/crews")).body(c);
    }

    /** The crews with how many open orders each holds. */
    @GetMapping("/crews")
    List<JdbcWorkOrders.Crew> crews() {
        return orders.crews();
    }

    /** One work order with its status history and the device events behind it. */
    @GetMapping("/{id}")
    JdbcWorkOrders.View get(@PathVariable long id) {
        return orders.detail(id).orElseThrow(() -> ApiProblem.notFound("id", "No work order " + id));
    }

    @PostMapping("/{id}/assignment")
    @PreAuthorize(DISPATCHERS)
    JdbcWorkOrders.View assign(@PathVariable long id, @Valid @RequestBody Assignment body, Principal user) {
        return assign(orders, id, body, user.getName());
    }

    /** Gives an order to a crew, a person or both (API and staff page alike). */
    static JdbcWorkOrders.View assign(JdbcWorkOrders orders, long id, Assignment body, String user) {
        if (blank(body.crewCode()) && blank(body.assignee())) {
            throw ApiProblem.badRequest("crewCode", "Give the crewCode, the assignee, or both");
        }
        return orders.assign(id, blank(body.crewCode()) ? null : body.crewCode().strip(),
                blank(body.assignee()) ? null : body.assignee().strip(), user);
    }

    /** The crew on its way (EN_ROUTE) or at work on site (IN_PROGRESS). */
    @PostMapping("/{id}/progress")
    @PreAuthorize(FIELD_ROLES)
    JdbcWorkOrders.View progress(@PathVariable long id, @Valid @RequestBody Progress body, Principal user) {
        return orders.progress(id, body.status(), body.note(), user.getName());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** The field force's result (UC5.4 analysis): TAMPER_CONFIRMED publishes TamperConfirmed. */
    @PostMapping("/{id}/completion")
    @PreAuthorize(FIELD_ROLES)
    JdbcWorkOrders.View complete(@PathVariable long id, @Valid @RequestBody Completion body, Principal user) {
        return orders.complete(id, body.outcome(), body.findings(), body.readings(), user.getName());
    }

    /**
     * The field force's report of a meter installation order done (UC13.4): records the meter exchange in the network
     * registry and completes the order; a meter, DT or feeder the registry refuses is a 4xx naming the field.
     */
    @PostMapping("/{id}/installation-report")
    @PreAuthorize(FIELD_ROLES)
    JdbcWorkOrders.View reportInstallation(@PathVariable long id, @Valid @RequestBody InstallationReport body,
                                           Principal user) {
        return orders.reportInstallation(id, body.toReport(), user.getName());
    }

    @PostMapping("/{id}/cancellation")
    @PreAuthorize(FIELD_ROLES)
    JdbcWorkOrders.View cancel(@PathVariable long id, @Valid @RequestBody Cancellation body, Principal user) {
        return orders.cancel(id, body.reason(), user.getName());
    }

    /** A confirmed tamper is resolved (UC5.7, e.g. assessment settled, installation corrected): TamperResolved. */
    @PostMapping("/{id}/resolution")
    @PreAuthorize(FIELD_ROLES)
    JdbcWorkOrders.View resolve(@PathVariable long id, @Valid @RequestBody Resolution body, Principal user) {
        return orders.resolve(id, body.resolution(), user.getName());
    }
}

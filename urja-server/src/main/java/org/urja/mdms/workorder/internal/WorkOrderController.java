package org.urja.mdms.workorder.internal;

import java.math.BigDecimal;
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
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.workorder.InspectionOutcome;

/**
 * Work orders over HTTP: any member of staff may read them; the field force (field supervisors, operations, revenue
 * protection) assigns, completes, cancels, and resolves a confirmed tamper.
 */
@RestController
@RequestMapping("/api/v1/work-orders")
@Validated
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR', 'VIEWER')")
class WorkOrderController {

    private static final String FIELD_ROLES = "hasAnyRole('OPERATOR', 'FIELD_SUPERVISOR', 'REVENUE_PROTECTION')";

    record Assignment(@NotBlank @Size(max = 100) String assignee) {
    }

    record Completion(@NotNull InspectionOutcome outcome, @NotBlank @Size(min = 5, max = 2000) String findings,
                      @Size(max = 20) Map<@NotBlank @Size(max = 50) String, @NotNull BigDecimal> readings) {
    }

    record Cancellation(@NotBlank @Size(min = 5, max = 500) String reason) {
    }

    record Resolution(@NotBlank @Size(min = 5, max = 1000) String resolution) {
    }

    /** UC13.4: the meter installed (from the asset master), where (DT, optionally its feeder), its first reading. */
    record InstallationReport(@NotBlank @Size(max = 64) String meterSerialNo, @NotBlank @Size(max = 64) String dtCode,
                              @Size(max = 64) String feederCode, @NotNull @DecimalMin("0") BigDecimal readingKwh,
                              Instant installedAt, @DecimalMin("0") BigDecimal removedMeterReadingKwh,
                              @Size(max = 2000) String note) {
    }

    private final JdbcWorkOrders orders;

    WorkOrderController(JdbcWorkOrders orders) {
        this.orders = orders;
    }

    /** Most recent first; filters: status (OPEN, ASSIGNED, COMPLETED, CANCELLED), type, meter, consumer number. */
    @GetMapping
    List<JdbcWorkOrders.View> list(@RequestParam(required = false) String status,
                                   @RequestParam(required = false) String type,
                                   @RequestParam(required = false) String meter,
                                   @RequestParam(required = false) String consumerNo,
                                   @RequestParam(defaultValue = "200") @Min(1) @Max(2000) int limit) {
        if (status != null && !List.of("OPEN", "ASSIGNED", "COMPLETED", "CANCELLED").contains(status)) {
            throw ApiProblem.badRequest("status", "status must be OPEN, ASSIGNED, COMPLETED or CANCELLED");
        }
        return orders.list(status, type, meter, consumerNo, limit);
    }

    /** One work order with its status history and the device events behind it. */
    @GetMapping("/{id}")
    JdbcWorkOrders.View get(@PathVariable long id) {
        return orders.detail(id).orElseThrow(() -> ApiProblem.notFound("id", "No work order " + id));
    }

    @PostMapping("/{id}/assignment")
    @PreAuthorize(FIELD_ROLES)
    JdbcWorkOrders.View assign(@PathVariable long id, @Valid @RequestBody Assignment body, Principal user) {
        return orders.assign(id, body.assignee(), user.getName());
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
        return orders.reportInstallation(id, new JdbcWorkOrders.InstallationReport(body.meterSerialNo(), body.dtCode(),
                body.feederCode(), body.readingKwh(), body.installedAt(), body.removedMeterReadingKwh(), body.note()),
                user.getName());
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

package org.urja.mdms.vee.internal;

import java.security.Principal;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * VEE over HTTP: re-run a day (operators; VEE otherwise runs on arrival), the pipeline's status, and the exception work
 * queue — list findings and approve one with a reason (editing a value resolves the findings it covers).
 */
@RestController
@RequestMapping("/api/v1/vee")
@Validated
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION')")
class VeeController {

    record RunRequest(@NotNull LocalDate day, @Size(max = 10000) List<String> meterSerialNos) {
    }

    record FindingView(long id, String meterSerialNo, LocalDate day, String rule, String severity, int fromSlot,
                       int toSlot, String reason, String status, String resolvedBy, java.time.Instant resolvedAt,
                       String resolution) {
    }

    record Resolution(@NotBlank @Size(min = 5, max = 500) String reason) {
    }

    record Status(long pendingMeterDays, long validatedMeterDays, long revisedMeterDays, long openFindings,
                  java.time.Instant lastValidatedAt) {
    }

    private final VeeRunner runner;
    private final VeeFindings findings;
    private final JdbcClient jdbc;

    VeeController(VeeRunner runner, VeeFindings findings, JdbcClient jdbc) {
        this.runner = runner;
        this.findings = findings;
        this.jdbc = jdbc;
    }

    /** The VEE pipeline at a glance: what waits, what was settled and revised, the size of the exception queue. */
    @GetMapping("/status")
    Status status() {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM vee_pending), count(*), count(*) FILTER (WHERE revisions > 0),
                               (SELECT count(*) FROM vee_finding WHERE status = 'OPEN'), max(validated_at)
                        FROM vee_day""")
                .query((rs, i) -> new Status(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getObject(5, java.time.OffsetDateTime.class) == null ? null
                                : rs.getObject(5, java.time.OffsetDateTime.class).toInstant()))
                .single();
    }

    /** Approve a finding as it is (the value stands), with a reason: it leaves the exception queue for good. */
    @PostMapping("/findings/{id}/resolution")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING')")
    FindingView resolve(@PathVariable long id, @Valid @RequestBody Resolution resolution, Principal user) {
        return findings.resolve(id, user.getName(), "Approved: " + resolution.reason());
    }

    @PostMapping("/runs")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    VeeRunner.DayRun run(@Valid @RequestBody RunRequest request) {
        return runner.runDay(request.day(), request.meterSerialNos());
    }

    @GetMapping("/findings")
    List<FindingView> findings(@RequestParam(required = false) String meter,
                               @RequestParam(required = false) LocalDate day,
                               @RequestParam(required = false) String severity,
                               @RequestParam(required = false) String status,
                               @RequestParam(defaultValue = "200") @Min(1) @Max(5000) int limit) {
        return jdbc.sql("""
                        SELECT %s FROM vee_finding
                        WHERE (CAST(? AS text) IS NULL OR meter_serial = ?) AND (CAST(? AS date) IS NULL OR day = ?)
                          AND (CAST(? AS text) IS NULL OR severity = ?) AND (CAST(? AS text) IS NULL OR status = ?)
                        ORDER BY day DESC, meter_serial, from_slot LIMIT ?""".formatted(VeeFindings.COLUMNS))
                .params(meter, meter, day, day, severity, severity, status, status, limit)
                .query(VeeFindings::view)
                .list();
    }
}

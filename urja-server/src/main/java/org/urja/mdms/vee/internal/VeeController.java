package org.urja.mdms.vee.internal;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Run VEE for a day (operators; it also runs daily on its own) and read the findings work queue. */
@RestController
@RequestMapping("/api/v1/vee")
@Validated
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION')")
class VeeController {

    record RunRequest(@NotNull LocalDate day, @Size(max = 10000) List<String> meterSerialNos) {
    }

    record FindingView(String meterSerialNo, LocalDate day, String rule, String severity, int fromSlot, int toSlot,
                       String reason, String status) {
    }

    private final VeeRunner runner;
    private final JdbcClient jdbc;

    VeeController(VeeRunner runner, JdbcClient jdbc) {
        this.runner = runner;
        this.jdbc = jdbc;
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
                               @RequestParam(defaultValue = "200") @Min(1) @Max(5000) int limit) {
        return jdbc.sql("""
                        SELECT meter_serial, day, rule, severity, from_slot, to_slot, reason, status FROM vee_finding
                        WHERE (CAST(? AS text) IS NULL OR meter_serial = ?) AND (CAST(? AS date) IS NULL OR day = ?)
                          AND (CAST(? AS text) IS NULL OR severity = ?)
                        ORDER BY day DESC, meter_serial, from_slot LIMIT ?""")
                .params(meter, meter, day, day, severity, severity, limit)
                .query((rs, i) -> new FindingView(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getString(7), rs.getString(8)))
                .list();
    }
}

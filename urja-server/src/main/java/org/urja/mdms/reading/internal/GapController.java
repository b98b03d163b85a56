package org.urja.mdms.reading.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.platform.ApiProblem;

/** UC6 gaps: which meter-days miss intervals and what re-acquisition did about them; an operator can check a day now. */
@RestController
@RequestMapping("/api/v1/readings/gaps")
@Validated
class GapController {

    record GapView(String meterSerialNo, LocalDate day, int expected, int missing, String missingRanges, int attempts,
                   String status, Instant detectedAt, Instant lastRequestedAt, String lastCorrelationId, Instant closedAt) {
    }

    record CheckRequest(@NotNull LocalDate day) {
    }

    private final GapReacquisition gaps;
    private final JdbcClient jdbc;

    GapController(GapReacquisition gaps, JdbcClient jdbc) {
        this.gaps = gaps;
        this.jdbc = jdbc;
    }

    @GetMapping
    List<GapView> list(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day,
                       @RequestParam(required = false) String status,
                       @RequestParam(required = false) String meter,
                       @RequestParam(defaultValue = "500") @Min(1) @Max(10000) int limit) {
        if (status != null && !List.of("OPEN", "RECOVERED", "GAVE_UP").contains(status)) {
            throw ApiProblem.badRequest("status", "status must be OPEN, RECOVERED or GAVE_UP");
        }
        return jdbc.sql("""
                        SELECT meter_serial, day, expected, missing, first_missing_ranges, attempts, status, detected_at,
                               last_requested_at, last_correlation_id, closed_at
                        FROM reading_gap WHERE day = ? AND (CAST(? AS text) IS NULL OR status = ?)
                          AND (CAST(? AS text) IS NULL OR meter_serial = ?)
                        ORDER BY meter_serial LIMIT ?""")
                .params(day, status, status, meter, meter, limit)
                .query((rs, i) -> new GapView(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getInt(3), rs.getInt(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), instant(rs.getObject(8, OffsetDateTime.class)),
                        instant(rs.getObject(9, OffsetDateTime.class)), rs.getString(10),
                        instant(rs.getObject(11, OffsetDateTime.class))))
                .list();
    }

    /** Checks a day now (otherwise hourly after the collection window): re-requests due gaps, gives up exhausted ones. */
    @PostMapping("/checks")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    GapReacquisition.Report check(@Valid @RequestBody CheckRequest request) {
        return gaps.check(request.day());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

package org.urja.mdms.losses.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Revenue protection over HTTP: tamper events with their work orders, repeated tampers, zero consumption with load,
 * abnormal consumption drops. Read only.
 */
@RestController
@RequestMapping("/api/v1/revenue-protection")
@PreAuthorize(RevenueProtectionController.ROLES)
class RevenueProtectionController {

    static final String ROLES = "hasAnyRole('ADMIN', 'OPERATOR', 'REVENUE_PROTECTION', 'VIEWER')";

    private final RevenueProtectionService service;

    RevenueProtectionController(RevenueProtectionService service) {
        this.service = service;
    }

    /** Tamper occurrences of the last {@code days} days, most recent first, each with its inspection. */
    @GetMapping("/tampers")
    List<RevenueProtectionService.TamperRow> tampers(@RequestParam(required = false) String node,
                                                     @RequestParam(defaultValue = "30") int days,
                                                     @RequestParam(defaultValue = "200") int limit) {
        return service.tampers(node, days, limit);
    }

    /** Meters with at least {@code min} tamper occurrences in the last {@code days} days. */
    @GetMapping("/repeated-tampers")
    List<RevenueProtectionService.RepeatRow> repeated(@RequestParam(required = false) String node,
                                                      @RequestParam(defaultValue = "30") int days,
                                                      @RequestParam(defaultValue = "3") int min) {
        return service.repeatedTampers(node, days, min);
    }

    /** Zero measured kWh while the meter's average current shows load; {@code [from, to]} defaults to the last 7 days. */
    @GetMapping("/zero-consumption")
    List<RevenueProtectionService.ZeroWithLoadRow> zero(
            @RequestParam(required = false) String node,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0.2") BigDecimal minCurrentA) {
        LocalDate end = to != null ? to : service.today().minusDays(1);
        LocalDate start = from != null ? from : end.minusDays(6);
        return service.zeroConsumptionWithLoad(node, start, end, minCurrentA);
    }

    /** The last {@code days} days' daily average below {@code thresholdPercent} % of the {@code baselineDays} before. */
    @GetMapping("/consumption-drops")
    List<RevenueProtectionService.DropRow> drops(
            @RequestParam(required = false) String node,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
            @RequestParam(defaultValue = "30") int days,
            @RequestParam(defaultValue = "90") int baselineDays,
            @RequestParam(defaultValue = "50") int thresholdPercent,
            @RequestParam(defaultValue = "0.5") BigDecimal minBaselineKwhPerDay) {
        return service.consumptionDrops(node, asOf != null ? asOf : service.today().minusDays(1), days, baselineDays,
                thresholdPercent, minBaselineKwhPerDay);
    }
}

package org.urja.mdms.outage.internal;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.command.Requester;
import org.urja.mdms.outage.OutageScope;
import org.urja.mdms.platform.ApiProblem;

/** Outages for any member of staff (control room, OMS operators, customer care). */
@RestController
@RequestMapping("/api/v1/outages")
@Validated
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR', 'BILLING', 'REVENUE_PROTECTION', 'FIELD_SUPERVISOR', 'VIEWER')")
class OutageController {

    private final JdbcClient jdbc;
    private final OutagePings pings;

    OutageController(JdbcClient jdbc, OutagePings pings) {
        this.jdbc = jdbc;
        this.pings = pings;
    }

    /**
     * Outages, most recent first (merged ones are part of the outage they were merged into): {@code open=true} those
     * still on, {@code scope}, {@code node} (a DT or feeder code), {@code meter}, overlapping {@code [from, to)}.
     */
    @GetMapping
    List<OutageQueries.Header> list(@RequestParam(required = false) Boolean open,
                                    @RequestParam(required = false) OutageScope scope,
                                    @RequestParam(required = false) String node,
                                    @RequestParam(required = false) String meter,
                                    @RequestParam(required = false) Instant from,
                                    @RequestParam(required = false) Instant to,
                                    @RequestParam(defaultValue = "200") @Min(1) @Max(5000) int limit) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiProblem.badRequest("to", "to must be after from");
        }
        return OutageQueries.list(jdbc, open, scope, node, meter, from, to, limit);
    }

    /** One outage with its meters (last gasp, first breath), the outages merged into it and consumers' reports. */
    @GetMapping("/{id}")
    OutageQueries.Detail get(@PathVariable long id) {
        OutageQueries.Header header = OutageQueries.find(jdbc, id)
                .orElseThrow(() -> ApiProblem.notFound("id", "No outage " + id));
        return new OutageQueries.Detail(header, OutageQueries.meters(jdbc, id), OutageQueries.mergedInto(jdbc, id),
                OutageQueries.reports(jdbc, id));
    }

    /**
     * UC7.4: pings the meters of the outage still out (OMS or the control room); 202 with the round — its command
     * group shows each meter's live/dead answer, and meters that answer are restored on the outage. A round already
     * on its way is returned instead of a new one.
     */
    @PostMapping("/{id}/pings")
    @PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
    ResponseEntity<OutagePings.Round> ping(@PathVariable long id, Principal staff) {
        return ResponseEntity.accepted().body(pings.ping(id, Requester.staff(staff.getName())));
    }

    /** The ping rounds of an outage, oldest first, with how many meters answered (live) or not (dead). */
    @GetMapping("/{id}/pings")
    List<OutagePings.Round> pings(@PathVariable long id) {
        OutageQueries.find(jdbc, id).orElseThrow(() -> ApiProblem.notFound("id", "No outage " + id));
        return pings.rounds(id);
    }
}

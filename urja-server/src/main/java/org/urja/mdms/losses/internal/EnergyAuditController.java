package org.urja.mdms.losses.internal;

import java.nio.charset.StandardCharsets;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.losses.EnergyAudit;

/**
 * The energy audit over HTTP: {@code GET /api/v1/energy-audit?level=DT|FEEDER&node=&day=|month=} (JSON, ranked best
 * first, best and worst) and {@code GET /api/v1/energy-audit/csv} with the same parameters.
 */
@RestController
@RequestMapping("/api/v1/energy-audit")
@PreAuthorize(EnergyAuditController.ROLES)
class EnergyAuditController {

    static final String ROLES = "hasAnyRole('ADMIN', 'OPERATOR', 'REVENUE_PROTECTION', 'VIEWER')";

    private final EnergyAuditService audits;

    EnergyAuditController(EnergyAuditService audits) {
        this.audits = audits;
    }

    @GetMapping
    EnergyAudit.Report audit(@RequestParam(required = false) EnergyAudit.Level level,
                             @RequestParam(required = false) String node,
                             @RequestParam(required = false) String day,
                             @RequestParam(required = false) String month) {
        return audits.audit(level, node, audits.period(day, month));
    }

    @GetMapping("/csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) EnergyAudit.Level level,
                               @RequestParam(required = false) String node,
                               @RequestParam(required = false) String day,
                               @RequestParam(required = false) String month) {
        return csvResponse(audits.audit(level, node, audits.period(day, month)));
    }

    static ResponseEntity<byte[]> csvResponse(EnergyAudit.Report report) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(EnergyAuditCsv.fileName(report)).build().toString())
                .body(EnergyAuditCsv.write(report).getBytes(StandardCharsets.UTF_8));
    }
}

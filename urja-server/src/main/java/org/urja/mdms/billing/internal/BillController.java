package org.urja.mdms.billing.internal;

import java.security.Principal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.billing.Bill;
import org.urja.mdms.billing.Bills;
import org.urja.mdms.platform.ApiProblem;

/**
 * Bills over HTTP: a cycle's bill run (BILLING, ADMIN; the same request again bills nothing twice), what a cycle's
 * bills are and which service points were held, a consumer's bill history with the outstanding amount (UC18.2), a
 * bill with every line, its PDF (UC18.3), and a revision of a bill whose determinants were restated. Every staff
 * role but the field force reads.
 */
@RestController
@Validated
class BillController {

    /** {@code billDate}: the date the bills carry (default today, IST); not before the period ends, not in the future. */
    record RunRequest(String billDate) {
    }

    record RevisionRequest(String reason) {
    }

    record CycleBills(String group, YearMonth period, List<Bills.Summary> bills, List<BillStore.Hold> held) {
    }

    private final BillService bills;
    private final BillStore store;
    private final BillingGroups groups;
    private final Cycles cycles;
    private final AuditTrail audit;

    BillController(BillService bills, BillStore store, BillingGroups groups, Cycles cycles, AuditTrail audit) {
        this.bills = bills;
        this.store = store;
        this.groups = groups;
        this.cycles = cycles;
        this.audit = audit;
    }

    @PostMapping("/api/v1/billing/cycles/{group}/{period}/bills")
    @PreAuthorize(BillingController.ACTORS)
    BillService.RunResult run(@PathVariable String group, @PathVariable String period,
                              @RequestBody(required = false) RunRequest body, Principal user) {
        YearMonth month = BillingController.period(period);
        BillingGroups.Group g = groups.require(group);
        DeterminantCalculator.Period p = DeterminantCalculator.Period.of(g.code(), month, g.readDay());
        LocalDate lastDay = p.lastDay();
        LocalDate today = bills.today();
        LocalDate billDate = today;
        if (body != null && body.billDate() != null) {
            try {
                billDate = LocalDate.parse(body.billDate());
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("billDate", "billDate is a date YYYY-MM-DD, not '" + body.billDate() + "'");
            }
        }
        if (!lastDay.isBefore(today)) {
            throw ApiProblem.invalid("period", "Period " + month + " of bill group " + group + " runs until "
                    + lastDay + ": it cannot be billed yet");
        }
        if (!billDate.isAfter(lastDay) || billDate.isAfter(today)) {
            throw ApiProblem.invalid("billDate", "The bill date is after the period's last day " + lastDay
                    + " and not after today " + today);
        }
        Cycles.Cycle c = cycles.find(group, month).orElseThrow(() -> ApiProblem.invalid("period",
                "No determinants of " + group + " for " + month + " were issued: POST …/determinants first"));
        if ("RUNNING".equals(c.determinantsState())) {
            throw ApiProblem.conflict("period", "The determinants of " + group + " " + month
                    + " are being computed: bill when the run is DONE");
        }
        if (c.determinantsCompletedAt() == null) {
            throw ApiProblem.invalid("period", "No determinants of " + group + " for " + month
                    + " were issued: POST …/determinants first");
        }
        BillService.RunResult r = bills.run(c, billDate, user.getName());
        audit.record(user.getName(), "BILL RUN", "bill group " + group + " " + month, "OK", r.billed() + " billed, "
                + r.alreadyBilled() + " billed before, " + r.held().size() + " held, bill date " + billDate, null);
        return r;
    }

    @GetMapping("/api/v1/billing/cycles/{group}/{period}/bills")
    @PreAuthorize(BillingController.READERS)
    CycleBills ofCycle(@PathVariable String group, @PathVariable String period) {
        YearMonth month = BillingController.period(period);
        groups.require(group);
        List<Bills.Summary> out = store.ofCycle(group, month).stream().map(no -> bills.find(no).orElseThrow())
                .map(BillService::summary).toList();
        return new CycleBills(group, month, out, store.holds(group, month));
    }

    /**
     * UC18.2: the consumer's bills, newest first, each with its status, and what the consumer owes now (also before
     * the first bill, when the account holds an adjustment such as a closed prepaid wallet's balance).
     */
    @GetMapping("/api/v1/consumers/{consumerNo}/bills")
    @PreAuthorize(BillingController.READERS)
    Bills.History ofConsumer(@PathVariable String consumerNo,
                             @RequestParam(defaultValue = "24") @Min(1) @Max(240) int limit) {
        Bills.History h = bills.ofConsumer(consumerNo, limit);
        if (h.bills().isEmpty() && h.outstandingPaise() == 0) {
            throw ApiProblem.notFound("consumerNo", "No bills of consumer " + consumerNo);
        }
        return h;
    }

    @GetMapping("/api/v1/bills/{billNo}")
    @PreAuthorize(BillingController.READERS)
    Bill bill(@PathVariable String billNo) {
        return bills.find(billNo).orElseThrow(() -> ApiProblem.notFound("billNo", "No bill " + billNo));
    }

    /** UC18.3: the bill to download. */
    @GetMapping("/api/v1/bills/{billNo}/pdf")
    @PreAuthorize(BillingController.READERS)
    ResponseEntity<byte[]> pdf(@PathVariable String billNo) {
        byte[] pdf = bills.pdf(billNo).orElseThrow(() -> ApiProblem.notFound("billNo", "No bill " + billNo));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(billNo + ".pdf").build()
                        .toString())
                .body(pdf);
    }

    /** A revised bill from restated determinants; the bill it replaces stays, superseded. */
    @PostMapping("/api/v1/bills/{billNo}/revisions")
    @PreAuthorize(BillingController.ACTORS)
    ResponseEntity<Bill> revise(@PathVariable String billNo, @RequestBody(required = false) RevisionRequest body,
                                Principal user) {
        String reason = body == null ? null : body.reason();
        if (reason != null && reason.length() > 500) {
            throw ApiProblem.badRequest("reason", "reason is at most 500 characters");
        }
        Bill revised = bills.revise(billNo, reason, user.getName());
        audit.record(user.getName(), "BILL REVISED", "bill " + billNo, "OK", "revised by " + revised.billNo()
                + ", difference " + revised.revisionDifferencePaise() + " paise", null);
        return ResponseEntity.created(java.net.URI.create("/api/v1/bills/" + revised.billNo())).body(revised);
    }
}

package org.urja.mdms.portal.internal;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.urja.mdms.billing.Bill;
import org.urja.mdms.billing.Bills;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.ConsumerPrincipal;
import org.urja.mdms.platform.Money;

/**
 * Postpaid bills (UC16.4, UC18.2–18.3): per consumer number the login holds, the bill history newest first with each
 * bill's status and outstanding amount and what the consumer owes now; one bill with its lines, its PDF, and the form
 * paying what is outstanding of it or a part (through the payments module, then the gateway's checkout). Only bills of
 * consumer numbers the login holds (else 404).
 */
@Controller
class BillPages {

    record SummaryView(String billNo, String period, java.time.LocalDate billDate, java.time.LocalDate dueDate,
                       String payable, String outstanding, String status, boolean current) {
    }

    record HistoryView(String consumerNo, String outstanding, SummaryView latest, List<SummaryView> bills) {
    }

    record LineView(String kind, String name, String quantity, String rupees) {
    }

    private final MoneyOrders orders;
    private final Bills bills;

    BillPages(MoneyOrders orders, Bills bills) {
        this.orders = orders;
        this.bills = bills;
    }

    @GetMapping("/portal/bills")
    String history(@AuthenticationPrincipal ConsumerPrincipal me, Model model) {
        List<HistoryView> histories = orders.held(me).stream().map(no -> bills.ofConsumer(no, 24))
                .filter(h -> !h.bills().isEmpty() || h.outstandingPaise() != 0).map(BillPages::history).toList();
        model.addAttribute("histories", histories);
        return "portal/money/bills";
    }

    @GetMapping("/portal/bills/{billNo}")
    String bill(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String billNo, Model model) {
        return draw(model, own(me, billNo), null, Map.of());
    }

    @GetMapping("/portal/bills/{billNo}/pdf")
    ResponseEntity<byte[]> pdf(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String billNo) {
        Bill b = own(me, billNo);
        byte[] pdf = bills.pdf(b.billNo()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("bill-" + b.billNo() + ".pdf").build().toString())
                .body(pdf);
    }

    @PostMapping("/portal/bills/{billNo}/pay")
    String pay(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String billNo,
               @RequestParam(defaultValue = "") String amount, @RequestParam(defaultValue = "") String idempotencyKey,
               Model model, HttpServletResponse response) {
        Bill b = own(me, billNo);
        try {
            Long paise = MoneyOrders.paise(amount, true);
            return MoneyOrders.next(orders.place(me, new Payments.NewOrder(Payments.Purpose.BILL_PAYMENT,
                    b.consumer().consumerNo(), b.billNo(), paise), idempotencyKey, "money.error.billAmount"));
        } catch (MoneyOrders.Refused r) {
            response.setStatus(r.status);
            return draw(model, b, amount, MoneyOrders.errors(r));
        }
    }

    private static HistoryView history(Bills.History h) {
        List<SummaryView> list = h.bills().stream().map(s -> new SummaryView(s.billNo(), s.period().toString(),
                s.billDate(), s.dueDate(), Money.rupees(s.payablePaise()), Money.rupees(s.standing().outstandingPaise()),
                s.standing().status().name(), s.supersededBy() == null)).toList();
        SummaryView latest = list.stream().filter(SummaryView::current).findFirst().orElse(null);
        return new HistoryView(h.consumerNo(), Money.rupees(h.outstandingPaise()), latest, list);
    }

    /** The bill, if it is of a consumer number the login holds; else 404. */
    private Bill own(ConsumerPrincipal me, String billNo) {
        Bill b = bills.find(billNo).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        orders.requireHeld(me, b.consumer().consumerNo());
        return b;
    }

    private String draw(Model model, Bill b, String amount, Map<String, String> errors) {
        boolean payable = b.supersededBy() == null && b.standing().outstandingPaise() > 0;
        model.addAttribute("bill", b);
        model.addAttribute("lines", b.lines().stream().map(l -> new LineView(l.kind().name(), l.name(),
                l.quantity() == null ? "" : l.quantity().stripTrailingZeros().toPlainString(), Money.rupees(l.paise())))
                .toList());
        model.addAttribute("payableRupees", Money.rupees(b.payablePaise()));
        model.addAttribute("afterDueRupees", Money.rupees(b.payableAfterDuePaise()));
        model.addAttribute("paidRupees", Money.rupees(b.standing().paidPaise()));
        model.addAttribute("outstandingRupees", Money.rupees(b.standing().outstandingPaise()));
        model.addAttribute("payable", payable);
        model.addAttribute("amount", amount != null ? amount : Money.rupees(b.standing().outstandingPaise()));
        model.addAttribute("errors", errors);
        model.addAttribute("idempotencyKey", MoneyOrders.newKey());
        return "portal/money/bill";
    }
}

package org.urja.mdms.portal.internal;

import java.util.Optional;

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
import org.springframework.web.server.ResponseStatusException;
import org.urja.mdms.billing.Bill;
import org.urja.mdms.billing.Bills;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.ConsumerPrincipal;
import org.urja.mdms.platform.Money;
import org.urja.mdms.prepaid.Wallet;

/**
 * The page the consumer's browser comes back to from the gateway (UC17.4, UC18.5): the order's outcome as it stands —
 * PENDING (asked again every two seconds with htmx until it is final), FAILED (nothing taken, try again) or SUCCEEDED
 * with the receipt (downloadable as a PDF), the wallet's balance after a recharge and the bill's status after a bill
 * payment. Only orders and receipts of consumer numbers the login holds (else 404).
 */
@Controller
class PaymentPages {

    /** What the consumer is told: the order's state folded into the three outcomes of a payment (and HELD). */
    enum Outcome { PENDING, SUCCEEDED, FAILED, HELD }

    record View(Payments.Order order, Outcome outcome, String amount, String balance, String billStatus,
                String paidAt, boolean poll) {
    }

    static final java.time.format.DateTimeFormatter AT = java.time.format.DateTimeFormatter
            .ofPattern("dd-MM-yyyy HH:mm").withZone(java.time.ZoneId.of("Asia/Kolkata"));

    private final MoneyOrders orders;
    private final Payments payments;
    private final Wallet wallet;
    private final Bills bills;
    private final ReceiptPdf receiptPdf;

    PaymentPages(MoneyOrders orders, Payments payments, Wallet wallet, Bills bills, ReceiptPdf receiptPdf) {
        this.orders = orders;
        this.payments = payments;
        this.wallet = wallet;
        this.bills = bills;
        this.receiptPdf = receiptPdf;
    }

    @GetMapping("/portal/payments/{id}")
    String page(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String id, Model model) {
        model.addAttribute("v", view(me, id));
        return "portal/money/payment";
    }

    /** The status part alone, for htmx polling. */
    @GetMapping("/portal/payments/{id}/status")
    String status(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String id, Model model) {
        model.addAttribute("v", view(me, id));
        return "portal/money/payment :: status";
    }

    @GetMapping("/portal/receipts/{receiptNo}/pdf")
    ResponseEntity<byte[]> receipt(@AuthenticationPrincipal ConsumerPrincipal me, @PathVariable String receiptNo) {
        Payments.Receipt r = payments.receipt(receiptNo).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        orders.requireHeld(me, r.consumerNo());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("receipt-" + r.receiptNo() + ".pdf").build().toString())
                .body(receiptPdf.render(r));
    }

    private View view(ConsumerPrincipal me, String id) {
        long orderId;
        try {
            orderId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        Payments.Order o = payments.find(orderId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        orders.requireHeld(me, o.consumerNo());
        Outcome outcome = switch (o.state()) {
            case CREATED, PENDING -> Outcome.PENDING;
            case PAID -> Outcome.SUCCEEDED;
            case FAILED, EXPIRED -> Outcome.FAILED;
            case HELD -> Outcome.HELD;
        };
        String balance = o.purpose() == Payments.Purpose.PREPAID_RECHARGE ? Money.rupees(wallet.balance(o.consumerNo()))
                : null;
        Bill.Status billStatus = o.purpose() == Payments.Purpose.BILL_PAYMENT
                ? Optional.ofNullable(o.billReference()).flatMap(bills::find).map(b -> b.standing().status()).orElse(null)
                : null;
        // Asked again while the outcome is open, and after a bill payment until billing has taken it.
        boolean poll = outcome == Outcome.PENDING || (outcome == Outcome.SUCCEEDED && billStatus != null
                && (billStatus == Bill.Status.UNPAID || billStatus == Bill.Status.OVERDUE));
        return new View(o, outcome, Money.rupees(o.amountPaise()), balance,
                billStatus == null ? null : billStatus.name(),
                o.receipt() == null ? null : AT.format(o.receipt().issuedAt()), poll);
    }
}

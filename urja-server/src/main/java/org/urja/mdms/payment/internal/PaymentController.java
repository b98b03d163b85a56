package org.urja.mdms.payment.internal;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.ApiProblem;

/**
 * Staff API of payments: BILLING and ADMIN create an order on behalf of a consumer (the answer carries the gateway's
 * checkout URL to send the payer to), with an {@code Idempotency-Key} header; the same key again returns the first
 * order (200 instead of 201). Every staff role but field staff reads orders and receipts.
 */
@RestController
@RequestMapping("/api/v1/payments")
@Validated
class PaymentController {

    static final String READERS = "hasAnyRole('ADMIN', 'BILLING', 'OPERATOR', 'VIEWER')";

    private final Payments payments;

    PaymentController(Payments payments) {
        this.payments = payments;
    }

    @PostMapping("/orders")
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING')")
    ResponseEntity<Payments.Order> create(@RequestBody Payments.NewOrder body, Principal staff,
                                          @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        Payments.Created created = payments.create(body, staff.getName(), key);
        Payments.Order o = created.order();
        return created.duplicate() ? ResponseEntity.ok(o)
                : ResponseEntity.created(URI.create("/api/v1/payments/orders/" + o.id())).body(o);
    }

    /** The order with its state, the gateway's attempts, its history and, once paid, its receipt. */
    @GetMapping("/orders/{id}")
    @PreAuthorize(READERS)
    Payments.Order order(@PathVariable long id) {
        return payments.find(id).orElseThrow(() -> ApiProblem.notFound("id", "No payment order " + id));
    }

    @GetMapping("/receipts/{receiptNo}")
    @PreAuthorize(READERS)
    Payments.Receipt receipt(@PathVariable String receiptNo) {
        return payments.receipt(receiptNo).orElseThrow(() -> ApiProblem.notFound("receiptNo", "No receipt " + receiptNo));
    }

    /** A consumer's receipts, newest first. */
    @GetMapping("/receipts")
    @PreAuthorize(READERS)
    List<Payments.Receipt> receipts(@RequestParam String consumerNo,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        return payments.receipts(consumerNo, limit);
    }
}

package org.urja.mdms.prepaid.internal;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.prepaid.Wallet;

/**
 * Prepaid wallets over HTTP: post a recharge (cash counters, banks and, later, the payments module), idempotent by
 * payment reference, answered with a receipt; read a consumer's balance and ledger.
 */
@RestController
@RequestMapping("/api/v1/prepaid")
@Validated
class PrepaidController {

    record Recharge(@NotBlank @Size(max = 64) String consumerNo, @NotNull @Min(100) @Max(10_000_000) Long amountPaise,
                    @NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:/-]+") String paymentReference,
                    @NotBlank @Size(max = 40) String channel) {
    }

    /**
     * {@code balanceAfterPaise} after the recharge and what it paid back of emergency credit and of postpaid arrears
     * (UC17.4).
     */
    record Receipt(long entryId, String consumerNo, long amountPaise, long balanceAfterPaise, String paymentReference,
                   Instant postedAt, boolean repeated, long emergencyCreditRecoveredPaise, long arrearsRecoveredPaise) {
    }

    /** The balance, the postpaid arrears still to be recovered from recharges, and the latest entries. */
    record Account(String consumerNo, long balancePaise, long arrearsOutstandingPaise, List<Wallet.Entry> entries) {
    }

    private final Wallet wallet;
    private final ConsumerAccounts consumers;
    private final Recharging recharging;
    private final ArrearsRecovery arrears;

    PrepaidController(Wallet wallet, ConsumerAccounts consumers, Recharging recharging, ArrearsRecovery arrears) {
        this.wallet = wallet;
        this.consumers = consumers;
        this.recharging = recharging;
        this.arrears = arrears;
    }

    @PostMapping("/recharges")
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING')")
    ResponseEntity<Receipt> recharge(@Valid @RequestBody Recharge r, Principal user) {
        Recharging.Recharged done = recharging.recharge(r.consumerNo(), r.amountPaise(), r.paymentReference(), r.channel(),
                user.getName());
        Wallet.Posted posted = done.recharge();
        Wallet.Entry e = posted.entry();
        Receipt receipt = new Receipt(e.id(), e.consumerNo(), e.amountPaise(), done.balanceAfterPaise(), e.reference(),
                e.createdAt(), !posted.created(), done.recoveredPaise(), done.arrearsRecoveredPaise());
        return ResponseEntity.status(posted.created() ? 201 : 200).body(receipt);
    }

    @GetMapping("/accounts/{consumerNo}")
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING', 'OPERATOR', 'VIEWER')")
    Account account(@PathVariable String consumerNo, @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        if (consumers.find(consumerNo).isEmpty()) {
            throw ApiProblem.notFound("consumerNo", "No consumer " + consumerNo);
        }
        return new Account(consumerNo, wallet.balance(consumerNo), arrears.outstanding(consumerNo),
                wallet.entries(consumerNo, limit));
    }
}

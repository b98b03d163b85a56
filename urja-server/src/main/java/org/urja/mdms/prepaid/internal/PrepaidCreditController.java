package org.urja.mdms.prepaid.internal;

import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.prepaid.Wallet;

/**
 * A prepaid consumer's credit over HTTP: take emergency credit (staff on the consumer's behalf — a call centre, a
 * counter; later the consumer portal), idempotent by the {@code Idempotency-Key} header; see where the credit stands
 * (balance, exhaustion and grace period, emergency credit, the balance the meter shows); and charge a day for every
 * prepaid consumer (a charging run).
 */
@RestController
@RequestMapping("/api/v1/prepaid")
class PrepaidCreditController {

    record EmergencyRequest(@Size(max = 40) @Pattern(regexp = "[A-Za-z0-9_ -]*") String channel) {
    }

    record EmergencyReceipt(long entryId, String consumerNo, long amountPaise, long balanceAfterPaise,
                            String idempotencyKey, Instant postedAt, boolean repeated) {
    }

    /** Where a consumer's credit stands. */
    record CreditStatus(String consumerNo, long balancePaise, Instant exhaustedSince, Instant gracePeriodUntil,
                        EmergencyCredit.Status emergencyCredit, CreditPush.Status meterCredit) {
    }

    record RunRequest(@NotNull LocalDate day) {
    }

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z0-9._:/-]{1,100}");

    private final EmergencyCredit emergency;
    private final CreditPush credit;
    private final DailyCharging charging;
    private final ConsumerAccounts consumers;
    private final Wallet wallet;
    private final JdbcClient jdbc;

    PrepaidCreditController(EmergencyCredit emergency, CreditPush credit, DailyCharging charging,
                            ConsumerAccounts consumers, Wallet wallet, JdbcClient jdbc) {
        this.emergency = emergency;
        this.credit = credit;
        this.charging = charging;
        this.consumers = consumers;
        this.wallet = wallet;
        this.jdbc = jdbc;
    }

    @PostMapping("/accounts/{consumerNo}/emergency-credit")
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING', 'OPERATOR')")
    ResponseEntity<EmergencyReceipt> takeEmergencyCredit(@PathVariable String consumerNo,
                                                         @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                         @Valid @RequestBody(required = false) EmergencyRequest body,
                                                         Principal user) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ApiProblem.badRequest("Idempotency-Key", key == null
                    ? "is required: a key unique to this request, the same on a retry"
                    : "must be 1–100 letters, digits or . _ : / -");
        }
        String channel = body == null || body.channel() == null || body.channel().isBlank() ? "STAFF" : body.channel();
        Wallet.Posted posted = emergency.take(consumerNo, key, channel, user.getName());
        Wallet.Entry e = posted.entry();
        return ResponseEntity.status(posted.created() ? 201 : 200).body(new EmergencyReceipt(e.id(), consumerNo,
                e.amountPaise(), e.balanceAfterPaise(), key, e.createdAt(), !posted.created()));
    }

    @GetMapping("/accounts/{consumerNo}/credit")
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING', 'OPERATOR', 'VIEWER')")
    CreditStatus credit(@PathVariable String consumerNo) {
        if (consumers.find(consumerNo).isEmpty()) {
            throw ApiProblem.notFound("consumerNo", "No consumer " + consumerNo);
        }
        long balance = wallet.balance(consumerNo);
        record Exhaustion(Instant since, Instant graceUntil) {
        }
        Exhaustion x = jdbc.sql("SELECT exhausted_since, grace_until FROM prepaid_balance_state WHERE consumer_no = ?")
                .param(consumerNo)
                .query((rs, i) -> new Exhaustion(instant(rs.getObject(1, java.time.OffsetDateTime.class)),
                        instant(rs.getObject(2, java.time.OffsetDateTime.class))))
                .optional().orElse(new Exhaustion(null, null));
        return new CreditStatus(consumerNo, balance, x.since(), x.graceUntil(), emergency.status(consumerNo, balance),
                credit.status(consumerNo).orElse(null));
    }

    @PostMapping("/charging-runs")
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING')")
    DailyCharging.Run chargingRun(@Valid @RequestBody RunRequest r) {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Kolkata"));
        if (!r.day().isBefore(today)) {
            throw ApiProblem.badRequest("day", "must be a day that is over (before " + today + ")");
        }
        return charging.run(r.day());
    }

    private static Instant instant(java.time.OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

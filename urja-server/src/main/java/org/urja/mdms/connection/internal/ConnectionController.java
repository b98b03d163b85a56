package org.urja.mdms.connection.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DuplicateKeyException;
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
import org.urja.mdms.connection.internal.ConnectionStore.Connection;
import org.urja.mdms.connection.internal.ConnectionStore.State;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.platform.ApiProblem;

/**
 * New connections over HTTP (UC12): CIS/CRM and billing (BILLING, OPERATOR, ADMIN) send a verified request with an
 * {@code Idempotency-Key} (the same request again answers 200 with the first connection); staff follow each step;
 * BILLING, OPERATOR and ADMIN retry or cancel one.
 */
@RestController
@RequestMapping("/api/v1/connections")
@Validated
class ConnectionController {

    static final String READERS = "hasAnyRole('ADMIN', 'BILLING', 'OPERATOR', 'FIELD_SUPERVISOR', 'VIEWER')";
    static final String ACTORS = "hasAnyRole('ADMIN', 'BILLING', 'OPERATOR')";
    private static final String CODE = "[A-Za-z0-9][A-Za-z0-9._/-]{0,63}";

    /** A verified connection request (UC12.1); consumer number and service point code are assigned when not given. */
    record ConnectionRequest(@Pattern(regexp = CODE) String consumerNo, @Pattern(regexp = CODE) String servicePointCode,
                             @NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 500) String address,
                             @NotBlank @Pattern(regexp = "\\+?[0-9]{10,15}",
                                     message = "must be 10 to 15 digits, optionally after a +") String phone,
                             @Email @Size(max = 200) String email,
                             @NotBlank @Pattern(regexp = CODE) String category,
                             @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100000")
                             BigDecimal sanctionedLoadKw,
                             @NotNull PaymentMode paymentMode, @Size(max = 64) String dtCode,
                             @Size(max = 64) String feederCode, @Size(max = 64) String billGroup,
                             @Min(0) @Max(1_000_000_000) Long openingBalancePaise) {

        /** The request as the service takes it: trimmed, blanks as absent, the load without trailing zeros. */
        Requests.Request toRequest() {
            return new Requests.Request(consumerNo, servicePointCode, name.trim(), address.trim(), phone,
                    blankToNull(email), category, sanctionedLoadKw.stripTrailingZeros(), paymentMode,
                    blankToNull(dtCode), blankToNull(feederCode), blankToNull(billGroup), openingBalancePaise);
        }
    }

    record StaffAction(@NotBlank @Size(min = 5, max = 500) String reason) {
    }

    record StepView(Step step, String useCaseStep, int attempt, String state, Instant startedAt, Instant finishedAt,
                    String reference, String reason) {
    }

    record View(long id, String idempotencyKey, PaymentMode paymentMode, String consumerNo, String name,
                String address, String phone, String email, String category, BigDecimal sanctionedLoadKw,
                String servicePointCode, String dtCode, String feederCode, String billGroup, long openingBalancePaise,
                Long workOrderId, String meterSerialNo, BigDecimal initialReadingKwh, Instant installedAt,
                BigDecimal readingKwh, Instant readAt, Long walletBalancePaise, State state, Step step,
                String useCaseStep, String reason, Instant nextAttemptAt, String requestedBy, Instant requestedAt,
                Instant updatedAt, Instant activatedAt, List<StepView> steps) {
    }

    private final Requests requests;
    private final ConnectionStore store;
    private final ConnectionEngine engine;

    ConnectionController(Requests requests, ConnectionStore store, ConnectionEngine engine) {
        this.requests = requests;
        this.store = store;
        this.engine = engine;
    }

    @PostMapping
    @PreAuthorize(ACTORS)
    ResponseEntity<View> request(@Valid @RequestBody ConnectionRequest b,
                                 @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                 Principal user) {
        if (key == null || key.isBlank() || key.length() > 100) {
            throw ApiProblem.badRequest("Idempotency-Key", "An Idempotency-Key header (1-100 characters) is required");
        }
        Requests.Taken t = take(requests, key, b.toRequest(), user.getName());
        return t.created() ? ResponseEntity.created(URI.create("/api/v1/connections/" + t.id())).body(view(t.id()))
                : ResponseEntity.ok(view(t.id()));
    }

    /** Takes a request under its idempotency key (API and staff page alike). */
    static Requests.Taken take(Requests requests, String key, Requests.Request r, String user) {
        try {
            return requests.request(key, r, user);
        } catch (DuplicateKeyException sameRequestMeanwhile) {
            return requests.request(key, r, user); // the concurrent twin committed: answered as a repeat
        }
    }

    /** A connection with every step attempt: state, times, what it acted through, why. */
    @GetMapping("/{id}")
    @PreAuthorize(READERS)
    View get(@PathVariable long id) {
        return view(id);
    }

    /** Newest first; filters: state (e.g. ATTENTION: the ones waiting for staff), consumer. */
    @GetMapping
    @PreAuthorize(READERS)
    List<View> list(@RequestParam(required = false) State state, @RequestParam(required = false) String consumerNo,
                    @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return store.list(state, consumerNo, limit).stream().map(c -> view(c, null)).toList();
    }

    @PostMapping("/{id}/retry")
    @PreAuthorize(ACTORS)
    View retry(@PathVariable long id, @Valid @RequestBody StaffAction body, Principal user) {
        requests.retry(id, body.reason(), user.getName());
        engine.advanceSoon(id);
        return view(id);
    }

    @PostMapping("/{id}/cancel")
    @PreAuthorize(ACTORS)
    View cancel(@PathVariable long id, @Valid @RequestBody StaffAction body, Principal user) {
        requests.cancel(id, body.reason(), user.getName());
        return view(id);
    }

    private View view(long id) {
        return view(store, id);
    }

    /** A connection with its step attempts (API and staff page alike); 404 naming {@code id} when there is none. */
    static View view(ConnectionStore store, long id) {
        Connection c = store.find(id).orElseThrow(() -> ApiProblem.notFound("id", "No connection " + id));
        return view(c, store.steps(id).stream().map(s -> new StepView(s.step(), s.step().useCaseStep(), s.attempt(),
                s.state(), s.startedAt(), s.finishedAt(), s.reference(), s.reason())).toList());
    }

    static View view(Connection c, List<StepView> steps) {
        return new View(c.id(), c.idempotencyKey(), c.paymentMode(), c.consumerNo(), c.name(), c.address(), c.phone(),
                c.email(), c.tariffCategory(), c.sanctionedLoadKw(), c.servicePointCode(), c.dtCode(), c.feederCode(),
                c.billGroup(), c.openingBalancePaise(), c.workOrderId(), c.meterSerialNo(), c.initialReadingKwh(),
                c.installedAt(), c.readingKwh(), c.readAt(), c.walletBalancePaise(), c.state(), c.step(),
                c.step().useCaseStep(), c.reason(), c.nextAttemptAt(), c.requestedBy(), c.requestedAt(), c.updatedAt(),
                c.activatedAt(), steps);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

package org.urja.mdms.migration.internal;

import java.math.BigDecimal;
import java.net.URI;
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
import org.springframework.dao.DuplicateKeyException;
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
import org.urja.mdms.migration.internal.MigrationStore.Migration;
import org.urja.mdms.migration.internal.MigrationStore.State;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.platform.ApiProblem;

/**
 * Payment-mode migrations over HTTP: CIS/CRM and billing (BILLING, ADMIN) ask for one, idempotent by their
 * reference (the same request again answers 200 with the first migration); every staff role but the field force
 * follows them step by step; BILLING, OPERATOR and ADMIN retry or cancel one.
 */
@RestController
@RequestMapping("/api/v1/migrations")
@Validated
class MigrationController {

    static final String READERS = "hasAnyRole('ADMIN', 'BILLING', 'OPERATOR', 'VIEWER')";
    static final String ACTORS = "hasAnyRole('ADMIN', 'BILLING', 'OPERATOR')";

    record MigrationRequest(@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._:/-]+") String reference,
                            @NotBlank @Size(max = 64) String consumerNo, @NotNull PaymentMode targetMode,
                            @Size(max = 64) String servicePointCode, Boolean meterChange,
                            @Size(max = 64) String tariffCategory,
                            @Min(0) @Max(1_000_000_000) Long openingBalancePaise,
                            @Min(0) @Max(1_000_000_000) Long arrearsPaise) {
    }

    record StaffAction(@NotBlank @Size(min = 5, max = 500) String reason) {
    }

    /** One attempt of a step: what it did or waits for ({@code reference}: command, read request, work order). */
    record StepView(Step step, String useCaseStep, int attempt, String state, Instant startedAt, Instant finishedAt,
                    String reference, String reason) {
    }

    record View(long id, String reference, PaymentMode targetMode, String consumerNo, String servicePointCode,
                String meterSerialNo, String replacedMeterSerialNo, boolean meterChange, String tariffCategory,
                long openingBalancePaise, long arrearsPaise, State state, Step step, String useCaseStep, String reason,
                Instant nextAttemptAt, Long meterCreditPaise, Long walletBalancePaise, BigDecimal readingKwh,
                Instant readAt, String requestedBy, Instant requestedAt, Instant updatedAt, Instant completedAt,
                List<StepView> steps) {
    }

    private final Migrations migrations;
    private final MigrationStore store;
    private final MigrationEngine engine;

    MigrationController(Migrations migrations, MigrationStore store, MigrationEngine engine) {
        this.migrations = migrations;
        this.store = store;
        this.engine = engine;
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN', 'BILLING')")
    ResponseEntity<View> request(@Valid @RequestBody MigrationRequest b, Principal user) {
        Migrations.Request r = new Migrations.Request(b.reference(), b.consumerNo(), b.targetMode(),
                b.servicePointCode(), b.meterChange(), b.tariffCategory(), b.openingBalancePaise(), b.arrearsPaise());
        Migrations.Created c;
        try {
            c = migrations.request(r, user.getName());
        } catch (DuplicateKeyException sameRequestMeanwhile) {
            c = migrations.request(r, user.getName()); // the concurrent twin committed: answered as a repeat (or refused)
        }
        if (!c.created()) {
            return ResponseEntity.ok(view(c.id()));
        }
        engine.advanceSoon(c.id());
        return ResponseEntity.created(URI.create("/api/v1/migrations/" + c.id())).body(view(c.id()));
    }

    /** A migration with every step attempt: state, times, what it acted through, why. */
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
        return store.list(state, consumerNo, limit).stream().map(m -> view(m, null)).toList();
    }

    @PostMapping("/{id}/retry")
    @PreAuthorize(ACTORS)
    View retry(@PathVariable long id, @Valid @RequestBody StaffAction body, Principal user) {
        migrations.retry(id, body.reason(), user.getName());
        engine.advanceSoon(id);
        return view(id);
    }

    @PostMapping("/{id}/cancel")
    @PreAuthorize(ACTORS)
    View cancel(@PathVariable long id, @Valid @RequestBody StaffAction body, Principal user) {
        migrations.cancel(id, body.reason(), user.getName());
        return view(id);
    }

    private View view(long id) {
        Migration m = store.find(id).orElseThrow(() -> ApiProblem.notFound("id", "No migration " + id));
        return view(m, store.steps(id).stream().map(s -> new StepView(s.step(), s.step().useCaseStep(m.targetMode()),
                s.attempt(), s.state(), s.startedAt(), s.finishedAt(), s.reference(), s.reason())).toList());
    }

    private static View view(Migration m, List<StepView> steps) {
        return new View(m.id(), m.reference(), m.targetMode(), m.consumerNo(), m.servicePointCode(), m.meterSerialNo(),
                m.replacedMeterSerialNo(), m.meterChange(), m.tariffCategory(), m.openingBalancePaise(),
                m.arrearsPaise(), m.state(), m.step(), m.step().useCaseStep(m.targetMode()), m.reason(),
                m.nextAttemptAt(), m.meterCreditPaise(), m.walletBalancePaise(), m.readingKwh(), m.readAt(),
                m.requestedBy(), m.requestedAt(), m.updatedAt(), m.completedAt(), steps);
    }
}

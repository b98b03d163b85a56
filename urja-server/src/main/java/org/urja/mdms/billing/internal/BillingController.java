package org.urja.mdms.billing.internal;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.urja.mdms.audit.AuditTrail;
import org.urja.mdms.billing.Determinants;
import org.urja.mdms.platform.ApiProblem;

/**
 * Billing over HTTP: bill groups and their service points; a cycle's billing-profile collection (UC2.1) and its
 * determinant run (UC2.5), both asked for by the billing system or staff (BILLING, ADMIN) and idempotent — the same
 * request again answers 200 with where it stands; and the determinants themselves (pull). Every staff role but the
 * field force reads.
 */
@RestController
@RequestMapping("/api/v1/billing")
@Validated
class BillingController {

    static final String READERS = "hasAnyRole('ADMIN', 'BILLING', 'OPERATOR', 'VIEWER')";
    static final String ACTORS = "hasAnyRole('ADMIN', 'BILLING')";

    record GroupRequest(@NotBlank @Size(max = 32) @Pattern(regexp = "[A-Za-z0-9_-]+") String code,
                        @NotBlank @Size(max = 200) String name, @NotNull @Min(1) @Max(28) Integer readDay) {
    }

    record Members(@NotEmpty @Size(max = 100_000) List<@NotBlank String> servicePointCodes) {
    }

    record CollectionView(String group, YearMonth period, Instant periodStart, Instant periodEnd, String status,
                          String requestedBy, Instant requestedAt, Instant completedAt, Map<String, Integer> counts,
                          List<BillingCollection.MeterState> missing, List<BillingCollection.MeterState> meters) {
    }

    record RunView(String group, YearMonth period, Instant periodStart, Instant periodEnd, String state,
                   String requestedBy, Instant requestedAt, Instant completedAt, int issued, int restated,
                   int unchanged, Map<String, Integer> qualities, List<Determinants> determinants) {
    }

    /** One version and the list of all versions of the same service point and period. */
    record DeterminantsView(Determinants determinants, List<VersionInfo> versions) {
    }

    record VersionInfo(int version, boolean restated, Instant computedAt, Determinants.Quality quality) {
    }

    private final BillingGroups groups;
    private final Cycles cycles;
    private final BillingCollection collection;
    private final DeterminantService determinants;
    private final BillingWorker worker;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;

    BillingController(BillingGroups groups, Cycles cycles, BillingCollection collection,
                      DeterminantService determinants, BillingWorker worker, TransactionTemplate tx, AuditTrail audit,
                      Clock clock) {
        this.groups = groups;
        this.cycles = cycles;
        this.collection = collection;
        this.determinants = determinants;
        this.worker = worker;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    @PostMapping("/groups")
    @PreAuthorize(ACTORS)
    ResponseEntity<BillingGroups.Group> createGroup(@Valid @RequestBody GroupRequest b, Principal user) {
        boolean created = groups.create(b.code(), b.name(), b.readDay(), user.getName());
        BillingGroups.Group g = groups.require(b.code());
        if (!created) {
            return ResponseEntity.ok(g);
        }
        audit.record(user.getName(), "BILL GROUP CREATED", "bill group " + b.code(), "OK", "read day " + b.readDay(),
                null);
        return ResponseEntity.created(URI.create("/api/v1/billing/groups/" + b.code())).body(g);
    }

    @GetMapping("/groups")
    @PreAuthorize(READERS)
    List<BillingGroups.Group> listGroups() {
        return groups.all();
    }

    @GetMapping("/groups/{code}")
    @PreAuthorize(READERS)
    BillingGroups.Group group(@PathVariable String code) {
        return groups.require(code);
    }

    /** Assigns service points to the group, moving them from another group if need be. */
    @PostMapping("/groups/{code}/service-points")
    @PreAuthorize(ACTORS)
    Map<String, Object> assign(@PathVariable String code, @Valid @RequestBody Members b, Principal user) {
        int assigned = groups.assign(code, b.servicePointCodes(), "servicePointCodes", user.getName());
        audit.record(user.getName(), "BILL GROUP MEMBERS ASSIGNED", "bill group " + code, "OK",
                b.servicePointCodes().size() + " service points, " + assigned + " new to the group", null);
        return Map.of("group", code, "assigned", assigned, "servicePoints", groups.require(code).servicePoints());
    }

    @GetMapping("/groups/{code}/service-points")
    @PreAuthorize(READERS)
    List<String> members(@PathVariable String code, @RequestParam(required = false) String after,
                         @RequestParam(defaultValue = "1000") @Min(1) @Max(10_000) int limit) {
        groups.require(code);
        return groups.members(code, after, limit);
    }

    @DeleteMapping("/groups/{code}/service-points/{servicePoint}")
    @PreAuthorize(ACTORS)
    ResponseEntity<Void> remove(@PathVariable String code, @PathVariable String servicePoint, Principal user) {
        if (!groups.remove(code, servicePoint)) {
            throw ApiProblem.notFound("servicePoint", servicePoint + " is not in bill group " + code);
        }
        audit.record(user.getName(), "BILL GROUP MEMBER REMOVED", "bill group " + code, "OK", servicePoint, null);
        return ResponseEntity.noContent().build();
    }

    /**
     * UC2.1: make sure the billing profile of every meter of the cycle arrives. 202 when started, 200 with the progress
     * when it had been asked for before.
     */
    @PostMapping("/cycles/{group}/{period}/collections")
    @PreAuthorize(ACTORS)
    ResponseEntity<CollectionView> collect(@PathVariable String group, @PathVariable String period, Principal user) {
        YearMonth month = period(period);
        BillingGroups.Group g = groups.require(group);
        requireOver(g, month);
        Boolean started = tx.execute(s -> collection.start(g, month, allMembers(group), user.getName()));
        if (Boolean.TRUE.equals(started)) {
            audit.record(user.getName(), "BILLING COLLECTION REQUESTED", "bill group " + group + " " + month, "OK",
                    null, null);
            worker.wake();
            return ResponseEntity.accepted().body(collectionView(group, month, null, 1000));
        }
        return ResponseEntity.ok(collectionView(group, month, null, 1000));
    }

    /** Progress of the collection: meters per state, the ones MISSING with why; {@code state} lists the meters in one. */
    @GetMapping("/cycles/{group}/{period}/collections")
    @PreAuthorize(READERS)
    CollectionView collection(@PathVariable String group, @PathVariable String period,
                              @RequestParam(required = false) @Pattern(regexp = "PENDING|REQUESTED|RECEIVED|MISSING")
                              String state, @RequestParam(defaultValue = "1000") @Min(1) @Max(100_000) int limit) {
        YearMonth month = period(period);
        groups.require(group);
        return collectionView(group, month, state, limit);
    }

    /**
     * UC2.5: issue the cycle's determinants now: the missing ones are issued, issued ones whose data changed are
     * restated. 202 when started, 200 while a run is in progress.
     */
    @PostMapping("/cycles/{group}/{period}/determinants")
    @PreAuthorize(ACTORS)
    ResponseEntity<RunView> run(@PathVariable String group, @PathVariable String period, Principal user) {
        YearMonth month = period(period);
        BillingGroups.Group g = groups.require(group);
        requireOver(g, month);
        Boolean started = tx.execute(s -> {
            cycles.ensure(g, month);
            return cycles.runDeterminants(group, month, user.getName());
        });
        worker.wake();
        if (Boolean.TRUE.equals(started)) {
            audit.record(user.getName(), "BILLING DETERMINANTS REQUESTED", "bill group " + group + " " + month, "OK",
                    null, null);
            return ResponseEntity.accepted().body(runView(group, month, null, null, 0));
        }
        return ResponseEntity.ok(runView(group, month, null, null, 0));
    }

    /** The run's progress, counts per quality, and the current determinants in service point order. */
    @GetMapping("/cycles/{group}/{period}/determinants")
    @PreAuthorize(READERS)
    RunView determinantsOfCycle(@PathVariable String group, @PathVariable String period,
                                @RequestParam(required = false) Determinants.Quality quality,
                                @RequestParam(required = false) String after,
                                @RequestParam(defaultValue = "100") @Min(0) @Max(1000) int limit) {
        YearMonth month = period(period);
        groups.require(group);
        return runView(group, month, quality, after, limit);
    }

    /** Pull: the current determinants of a service point and period (or {@code version}), with every version. */
    @GetMapping("/determinants")
    @PreAuthorize(READERS)
    DeterminantsView determinants(@RequestParam String servicePoint, @RequestParam String period,
                                  @RequestParam(required = false) @Min(1) Integer version) {
        YearMonth month = period(period);
        List<Determinants> all = determinants.versions(servicePoint, month);
        if (all.isEmpty()) {
            throw ApiProblem.notFound("servicePoint", "No determinants of " + servicePoint + " for " + month);
        }
        Determinants chosen = version == null ? all.get(all.size() - 1) : all.stream()
                .filter(d -> d.version() == version).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("version", "No version " + version + " of " + servicePoint
                        + " for " + month));
        return new DeterminantsView(chosen, all.stream().map(d -> new VersionInfo(d.version(), d.restated(),
                d.computedAt(), d.quality())).toList());
    }

    private CollectionView collectionView(String group, YearMonth month, String state, int limit) {
        Cycles.Cycle c = cycles.find(group, month)
                .orElseThrow(() -> ApiProblem.notFound("period", "No cycle of " + group + " for " + month));
        String status = c.collectionRequestedAt() == null ? "NOT_REQUESTED"
                : c.collectionCompletedAt() == null ? "IN_PROGRESS" : "COMPLETE";
        return new CollectionView(group, month, c.periodStart(), c.periodEnd(), status, c.collectionRequestedBy(),
                c.collectionRequestedAt(), c.collectionCompletedAt(), collection.counts(group, month),
                collection.meters(group, month, "MISSING", limit),
                state == null ? null : collection.meters(group, month, state, limit));
    }

    private RunView runView(String group, YearMonth month, Determinants.Quality quality, String after, int limit) {
        Cycles.Cycle c = cycles.find(group, month)
                .orElseThrow(() -> ApiProblem.notFound("period", "No cycle of " + group + " for " + month));
        return new RunView(group, month, c.periodStart(), c.periodEnd(), c.determinantsState(),
                c.determinantsRequestedBy(), c.determinantsRequestedAt(), c.determinantsCompletedAt(), c.issued(),
                c.restated(), c.unchanged(), determinants.qualityCounts(group, month),
                limit == 0 ? List.of() : determinants.ofCycle(group, month, quality, after, limit));
    }

    private List<String> allMembers(String group) {
        List<String> all = new java.util.ArrayList<>();
        String after = null;
        while (true) {
            List<String> page = groups.members(group, after, 10_000);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1);
        }
    }

    /** The meters froze their registers at the period end: before it, there is nothing to collect or bill. */
    private void requireOver(BillingGroups.Group g, YearMonth month) {
        DeterminantCalculator.Period p = DeterminantCalculator.Period.of(g.code(), month, g.readDay());
        if (p.end().isAfter(clock.instant())) {
            throw ApiProblem.invalid("period", "Period " + month + " of bill group " + g.code() + " ends at "
                    + p.end().atOffset(DeterminantCalculator.IST).toLocalDateTime() + " IST, which has not come yet");
        }
    }

    static YearMonth period(String period) {
        try {
            if (period.matches("\\d{4}-\\d{2}")) {
                return YearMonth.parse(period);
            }
        } catch (DateTimeParseException e) {
            // named below
        }
        throw ApiProblem.badRequest("period", "period must be a month YYYY-MM, not '" + period + "'");
    }
}

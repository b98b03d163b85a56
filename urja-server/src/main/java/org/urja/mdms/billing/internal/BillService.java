package org.urja.mdms.billing.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.urja.mdms.billing.Bill;
import org.urja.mdms.billing.BillIssued;
import org.urja.mdms.billing.Bills;
import org.urja.mdms.billing.BillingDeterminantsReady;
import org.urja.mdms.billing.Determinants;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.migration.MigrationCompleted;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.payment.PayableBills;
import org.urja.mdms.payment.PaymentReceived;
import org.urja.mdms.payment.Payments;
import org.urja.mdms.platform.ApiProblem;
import org.urja.mdms.platform.Money;
import org.urja.mdms.tariff.MonthlyCharge;
import org.urja.mdms.tariff.Tariff;
import org.urja.mdms.tariff.Tariffs;

/**
 * The built-in bill engine: bills a cycle's service points from their current determinants (a chunk of service points
 * per transaction, under the cycle's row lock; consumers' accounts under advisory locks), revises a bill whose
 * determinants were restated, and settles bill payments into the consumers' accounts.
 */
@Service
@EnableConfigurationProperties(BillProperties.class)
class BillService implements Bills, PayableBills {

    private static final Logger log = LoggerFactory.getLogger(BillService.class);
    static final String SYSTEM = "system:billing";

    /** What a bill run did. */
    record RunResult(String group, YearMonth period, LocalDate billDate, int billed, int alreadyBilled, int prepaid,
                     List<String> billNos, List<BillStore.Hold> held) {
    }

    private final BillStore store;
    private final Cycles cycles;
    private final BillingGroups groups;
    private final DeterminantService determinants;
    private final ConsumerAccounts consumers;
    private final NetworkRegistry network;
    private final Tariffs tariffs;
    private final BillProperties props;
    private final BillingProperties billing;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final BillPdf pdf;

    BillService(BillStore store, Cycles cycles, BillingGroups groups, DeterminantService determinants,
                ConsumerAccounts consumers, NetworkRegistry network, Tariffs tariffs, BillProperties props,
                BillingProperties billing, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock,
                BillPdf pdf) {
        this.store = store;
        this.cycles = cycles;
        this.groups = groups;
        this.determinants = determinants;
        this.consumers = consumers;
        this.network = network;
        this.tariffs = tariffs;
        this.props = props;
        this.billing = billing;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.pdf = pdf;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), DeterminantCalculator.IST);
    }

    /** Bills every service point of the cycle not billed yet, a chunk per transaction. */
    RunResult run(Cycles.Cycle c, LocalDate billDate, String by) {
        RunResult total = new RunResult(c.groupCode(), c.period(), billDate, 0, 0, 0, new ArrayList<>(),
                new ArrayList<>());
        String after = null;
        while (true) {
            List<String> chunk = groups.members(c.groupCode(), after, billing.chunkSize());
            if (chunk.isEmpty()) {
                return total;
            }
            RunResult r = tx.execute(s -> billChunk(c, chunk, billDate, by));
            total = new RunResult(c.groupCode(), c.period(), billDate, total.billed() + r.billed(),
                    total.alreadyBilled() + r.alreadyBilled(), total.prepaid() + r.prepaid(), total.billNos(),
                    total.held());
            total.billNos().addAll(r.billNos());
            total.held().addAll(r.held());
            after = chunk.get(chunk.size() - 1);
        }
    }

    private record Prepared(Determinants determinants, ConsumerAccount account, Tariff tariff, MonthlyCharge charge) {
    }

    /** Bills these service points of the cycle (caller's transaction). */
    RunResult billChunk(Cycles.Cycle c, List<String> servicePoints, LocalDate billDate, String by) {
        cycles.lock(c.groupCode(), c.period());
        YearMonth period = c.period();
        Map<String, Determinants> dets = determinants.currentOf(period, servicePoints);
        Map<String, BillStore.Row> existing = store.currentOf(period, servicePoints);
        Set<String> consumerNos = new TreeSet<>();
        List<String> endMeters = new ArrayList<>();
        dets.values().forEach(d -> {
            consumerNos.add(d.consumerNo());
            if (!d.meters().isEmpty()) {
                endMeters.add(d.meters().get(d.meters().size() - 1).meterSerialNo());
            }
        });
        Map<String, ConsumerAccount> accounts = consumers.findAll(consumerNos);
        Map<String, NetworkRegistry.MeterSummary> meters = network.meterSummaries(endMeters);
        Set<String> later = new java.util.HashSet<>(store.billedLater(period, consumerNos));
        List<BillStore.Hold> holds = new ArrayList<>();
        List<String> done = new ArrayList<>();
        List<Prepared> toBill = new ArrayList<>();
        Map<String, Optional<Tariff>> tariffOf = new HashMap<>(); // the chunk's categories, looked up once each
        int already = 0;
        int prepaid = 0;
        for (String sp : servicePoints) {
            if (existing.containsKey(sp)) {
                already++;
                done.add(sp);
                continue;
            }
            Determinants d = dets.get(sp);
            if (d == null) {
                holds.add(new BillStore.Hold(sp, null, "no determinants issued for " + period));
                continue;
            }
            ConsumerAccount account = accounts.get(d.consumerNo());
            NetworkRegistry.MeterSummary meter = d.meters().isEmpty() ? null
                    : meters.get(d.meters().get(d.meters().size() - 1).meterSerialNo());
            if (meter != null && meter.meter().paymentMode() == PaymentMode.PREPAID) {
                prepaid++;
                done.add(sp);
                continue;
            }
            String reason = null;
            Tariff tariff = null;
            MonthlyCharge charge = null;
            String category = d.tariffCategory() != null ? d.tariffCategory()
                    : account == null ? null : account.tariffCategory();
            if (account == null) {
                reason = "no consumer account " + d.consumerNo();
            } else if (d.quality() == Determinants.Quality.INCOMPLETE) {
                reason = "determinants INCOMPLETE: " + String.join("; ", d.reasons());
            } else if (later.contains(d.consumerNo())) {
                reason = "consumer " + d.consumerNo() + " has a bill of a later period";
            } else if (category == null || (tariff = tariffOf.computeIfAbsent(category,
                    k -> tariffs.effective(k, period.atDay(1))).orElse(null)) == null) {
                reason = "no tariff " + category + " in force on " + period.atDay(1);
            } else {
                try {
                    charge = BillCalculator.charges(tariff, d, account.sanctionedLoadKw());
                } catch (IllegalArgumentException e) {
                    reason = e.getMessage();
                }
            }
            if (reason != null) {
                holds.add(new BillStore.Hold(sp, d.consumerNo(), reason));
            } else {
                toBill.add(new Prepared(d, account, tariff, charge));
            }
        }
        List<String> billNos = new ArrayList<>();
        Instant now = clock.instant();
        if (!toBill.isEmpty()) {
            List<String> billed = toBill.stream().map(p -> p.account().consumerNo()).distinct().toList();
            store.lockAccounts(billed);
            Map<String, Long> balances = new HashMap<>(store.balances(billed));
            Map<String, BillStore.Row> previous = store.previousOf(period, billed);
            Map<String, List<BillCalculator.Adjustment>> adjustments = new HashMap<>(store.unbilledAdjustments(billed));
            List<BillStore.Row> overdue = previous.values().stream().filter(r -> r.dueDate().isBefore(billDate)).toList();
            Map<String, BillStore.Window> windows = store.windows(overdue);
            Map<String, Bill> previousBodies = store.bodies(overdue.stream().map(BillStore.Row::billNo).toList());
            Map<String, List<Bill.Consumption>> history = store.history(toBill.stream()
                    .map(p -> p.determinants().servicePointCode()).toList(), period.minusMonths(11), period);
            // Numbers last: the counter's row stays locked until this transaction commits.
            long first = store.takeNumbers(toBill.size());
            List<Bill> bills = new ArrayList<>(toBill.size());
            List<BillStore.Entry> entries = new ArrayList<>(toBill.size());
            for (int i = 0; i < toBill.size(); i++) {
                Prepared p = toBill.get(i);
                String consumerNo = p.account().consumerNo();
                String billNo = "%s%04d%02d%07d".formatted(props.numberPrefix(), billDate.getYear(),
                        billDate.getMonthValue(), first + i);
                BillStore.Row prev = previous.get(consumerNo);
                // A consumer's second service point in this chunk: its first bill showed the adjustments.
                BillCalculator.Carried carried = carried(prev, prev == null ? null : windows.get(prev.billNo()),
                        prev == null ? null : previousBodies.get(prev.billNo()),
                        balances.getOrDefault(consumerNo, 0L), adjustments.remove(consumerNo), billDate);
                Bill bill = BillCalculator.bill(new BillCalculator.Issue(billNo, billNo, 0, null, null, 0, billDate,
                                billDate.plusDays(props.dueDays()), by, now), utility(), p.account(), p.determinants(),
                        p.tariff(), p.charge(), carried,
                        history.getOrDefault(p.determinants().servicePointCode(), List.of()));
                // The arrears and adjustments are in the balance already: after the bill it is its amount payable.
                long debit = bill.payablePaise() - bill.arrearsPaise() - carried.adjustmentsPaise();
                entries.add(new BillStore.Entry(consumerNo, "BILL", debit, billNo, "bill:" + billNo, "Bill " + billNo
                        + " for " + period));
                bills.add(bill);
                balances.merge(consumerNo, debit, Long::sum);
                billNos.add(billNo);
                done.add(p.determinants().servicePointCode());
            }
            // The chunk's account entries (ids in bill order) and bills in one statement each.
            Map<String, Long> anchors = store.postAll(entries, now);
            List<Long> anchorIds = new ArrayList<>(bills.size());
            for (BillStore.Entry e : entries) {
                Long id = anchors.get(e.reference());
                if (id == null) {
                    throw new IllegalStateException("Account entry " + e.reference() + " was posted before");
                }
                anchorIds.add(id);
            }
            store.insertAll(bills, anchorIds);
            bills.forEach(b -> events.publishEvent(issued(b)));
        }
        store.replaceHolds(c.groupCode(), period, done, holds, now);
        return new RunResult(c.groupCode(), period, billDate, billNos.size(), already, prepaid, billNos, holds);
    }

    /**
     * Arrears are the account's balance less the adjustments no bill showed yet (which are lines of their own); the
     * late-payment surcharge is the previous bill's announced percentage of what was still unpaid of it (its window,
     * read with the chunk's), if its due date is before this bill's date.
     */
    private BillCalculator.Carried carried(BillStore.Row previous, BillStore.Window window, Bill previousBody,
                                           long balance, List<BillCalculator.Adjustment> adjustments,
                                           LocalDate billDate) {
        List<BillCalculator.Adjustment> shown = adjustments == null ? List.of() : adjustments;
        long adjusted = shown.stream().mapToLong(BillCalculator.Adjustment::paise).sum();
        long lps = 0;
        String line = null;
        if (previous != null && previous.dueDate().isBefore(billDate)) {
            long unpaid = previous.payablePaise() - window.paidPaise();
            if (unpaid > 0) {
                BigDecimal percent = previousBody == null || previousBody.latePaymentSurchargePercent() == null
                        ? props.latePaymentSurchargePercent() : previousBody.latePaymentSurchargePercent();
                lps = BillCalculator.paise(BigDecimal.valueOf(unpaid).multiply(percent).movePointLeft(2));
                line = "Late payment surcharge " + percent.stripTrailingZeros().toPlainString() + "% of Rs "
                        + Money.rupees(unpaid) + " unpaid of " + previous.billNo() + " after " + previous.dueDate();
            }
        }
        return new BillCalculator.Carried(balance - adjusted, shown, lps, line, props.latePaymentSurchargePercent());
    }

    private Bill.Utility utility() {
        return new Bill.Utility(props.utilityName(), props.utilityAddress(), props.utilityHelpline());
    }

    /**
     * A revised bill from the current (restated) determinants: the next revision number of the original, the same
     * arrears, adjustments and late-payment surcharge, its own bill and due date; the bill it replaces is kept, superseded, and the
     * difference of the amounts payable is posted to the account.
     */
    Bill revise(String billNo, String reason, String by) {
        String revised = tx.execute(s -> {
            BillStore.Row first = store.row(billNo).orElseThrow(() -> ApiProblem.notFound("billNo", "No bill " + billNo));
            store.lockAccounts(List.of(first.consumerNo()));
            BillStore.Row row = store.row(billNo).orElseThrow();
            if (row.supersededBy() != null) {
                throw ApiProblem.conflict("billNo", "Bill " + billNo + " was revised already: " + row.supersededBy()
                        + " replaces it");
            }
            Determinants d = determinants.current(row.servicePointCode(), row.period()).orElseThrow();
            if (d.version() <= row.determinantsVersion()) {
                throw ApiProblem.invalid("billNo", "The determinants of " + row.servicePointCode() + " for "
                        + row.period() + " are unchanged since bill " + billNo + " (version " + d.version()
                        + "): nothing to revise");
            }
            if (d.quality() == Determinants.Quality.INCOMPLETE) {
                throw ApiProblem.invalid("billNo", "The restated determinants (version " + d.version()
                        + ") are INCOMPLETE: " + String.join("; ", d.reasons()));
            }
            Bill old = store.body(billNo).orElseThrow();
            ConsumerAccount account = consumers.find(row.consumerNo()).orElseThrow(() -> ApiProblem.invalid("billNo",
                    "No consumer account " + row.consumerNo()));
            Tariff tariff = tariffs.effective(old.consumer().tariffCategory(), row.period().atDay(1))
                    .orElseThrow(() -> ApiProblem.invalid("billNo", "No tariff " + old.consumer().tariffCategory()
                            + " in force on " + row.period().atDay(1)));
            MonthlyCharge charge;
            try {
                charge = BillCalculator.charges(tariff, d, account.sanctionedLoadKw());
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid("billNo", e.getMessage());
            }
            int revision = row.revision() + 1;
            String no = row.originalBillNo() + "-R" + revision;
            Instant now = clock.instant();
            LocalDate billDate = today();
            String lpsLine = old.lines().stream().filter(l -> l.kind() == Bill.Kind.LATE_PAYMENT_SURCHARGE)
                    .map(Bill.Line::name).findFirst().orElse(null);
            Bill bill = BillCalculator.bill(new BillCalculator.Issue(no, row.originalBillNo(), revision, billNo,
                            reason == null || reason.isBlank() ? "determinants restated (version " + d.version() + ")"
                                    : reason, old.payablePaise(), billDate, billDate.plusDays(props.dueDays()), by, now),
                    utility(), account, d, tariff, charge, new BillCalculator.Carried(old.arrearsPaise(),
                            old.lines().stream().filter(l -> l.kind() == Bill.Kind.ADJUSTMENT)
                                    .map(l -> new BillCalculator.Adjustment(l.name(), l.paise())).toList(),
                            old.latePaymentSurchargePaise(), lpsLine, old.latePaymentSurchargePercent()),
                    store.history(List.of(row.servicePointCode()), row.period().minusMonths(11), row.period())
                            .getOrDefault(row.servicePointCode(), List.of()));
            store.supersede(billNo, no, now);
            store.post(row.consumerNo(), "REVISION", bill.revisionDifferencePaise(), no, "bill:" + no,
                    "Revision of " + billNo + ": " + bill.revisionReason(), now);
            store.insert(bill, row.anchorEntryId());
            events.publishEvent(issued(bill));
            return no;
        });
        return find(revised).orElseThrow();
    }

    private static BillIssued issued(Bill b) {
        return new BillIssued(b.billNo(), b.originalBillNo(), b.revision(), b.revisionOf(), b.consumer().consumerNo(),
                b.servicePointCode(), b.period(), b.billDate(), b.dueDate(), b.currentChargesPaise(), b.arrearsPaise(),
                b.latePaymentSurchargePaise(), b.payablePaise(), b.issuedAt());
    }

    /** A bill payment of a bill of ours, posted to the consumer's account once per payment order. */
    @ApplicationModuleListener
    void on(PaymentReceived e) {
        if (e.purpose() != Payments.Purpose.BILL_PAYMENT || e.billReference() == null) {
            return;
        }
        Optional<BillStore.Row> bill = store.row(e.billReference());
        if (bill.isEmpty()) {
            log.debug("Payment order {} is for bill {}, not one of ours", e.orderId(), e.billReference());
            return;
        }
        String consumerNo = bill.get().consumerNo();
        if (!consumerNo.equals(e.consumerNo())) {
            log.warn("Payment order {} of consumer {} pays bill {} of consumer {}: posted to the bill's consumer",
                    e.orderId(), e.consumerNo(), e.billReference(), consumerNo);
        }
        store.lockAccounts(List.of(consumerNo));
        store.post(consumerNo, "PAYMENT", -e.amountPaise(), e.billReference(), "payment:" + e.orderId(),
                "Receipt " + e.receiptNo() + " (" + e.gateway() + " " + e.gatewayPaymentId() + ")",
                e.paidAt() == null ? clock.instant() : e.paidAt());
    }

    /**
     * UC14.10: a prepaid → postpaid migration closed the consumer's wallet; its final balance is posted to the bill
     * account as an opening adjustment (a credit reduces what the consumer owes, arrears add to it), once per
     * migration however often the event comes, and the next bill shows it as its own line.
     */
    @ApplicationModuleListener
    void on(MigrationCompleted e) {
        if (e.paymentMode() != PaymentMode.POSTPAID || e.walletBalancePaise() == 0) {
            return;
        }
        store.lockAccounts(List.of(e.consumerNo()));
        boolean posted = store.post(e.consumerNo(), "ADJUSTMENT", -e.walletBalancePaise(), null,
                "migration:" + e.migrationId(), "Prepaid wallet final balance (migration " + e.reference() + ")",
                e.completedAt() == null ? clock.instant() : e.completedAt()).isPresent();
        if (posted) {
            log.info("Consumer {}: prepaid wallet final balance {} paise posted to the bill account (migration {})",
                    e.consumerNo(), e.walletBalancePaise(), e.migrationId());
        }
    }

    /**
     * Determinants issued or restated: bills whose determinants were restated await a revision (or are revised now,
     * {@code auto-revise}); with {@code auto-issue} the service points not billed yet are billed.
     */
    @ApplicationModuleListener
    void on(BillingDeterminantsReady e) {
        Map<String, Integer> restated = new LinkedHashMap<>();
        e.determinants().stream().filter(BillingDeterminantsReady.Item::restated)
                .forEach(i -> restated.put(i.servicePointCode(), i.version()));
        int marked = store.markForRevision(e.period(), restated);
        if (marked > 0) {
            log.info("{} bills of {} {} await a revision: determinants restated", marked, e.groupCode(), e.period());
        }
        if (props.autoRevise() && !restated.isEmpty()) {
            store.currentOf(e.period(), restated.keySet()).values().stream()
                    .filter(r -> r.revisionDueVersion() != null || r.determinantsVersion() < restated.get(r.servicePointCode()))
                    .forEach(r -> {
                        try {
                            revise(r.billNo(), null, SYSTEM);
                        } catch (ApiProblem p) {
                            log.warn("Bill {} not revised: {}", r.billNo(), p.getMessage());
                        }
                    });
        }
        if (props.autoIssue()) {
            Cycles.Cycle c = cycles.find(e.groupCode(), e.period()).orElse(null);
            List<String> points = e.determinants().stream().filter(i -> !i.restated())
                    .map(BillingDeterminantsReady.Item::servicePointCode).toList();
            if (c != null && !points.isEmpty()) {
                RunResult r = billChunk(c, points, today(), SYSTEM);
                log.info("Bills of {} {}: {} issued, {} held", e.groupCode(), e.period(), r.billed(), r.held().size());
            }
        }
    }

    // --- reading -------------------------------------------------------------------------------------------------

    Bill.Standing standing(BillStore.Row r) {
        if (r.supersededBy() != null) {
            return new Bill.Standing(Bill.Status.SUPERSEDED, 0, 0, r.supersededBy(), null);
        }
        BillStore.Window w = store.window(r);
        long owed = r.payablePaise() - w.paidPaise();
        Bill.Status status = owed <= 0 ? Bill.Status.PAID : w.paidPaise() > 0 ? Bill.Status.PARTLY_PAID
                : today().isAfter(r.dueDate()) ? Bill.Status.OVERDUE : Bill.Status.UNPAID;
        Integer due = r.revisionDueVersion() != null && r.revisionDueVersion() > r.determinantsVersion()
                ? r.revisionDueVersion() : null;
        return new Bill.Standing(status, w.paidPaise(), Math.max(0, owed), w.nextBillNo(), due);
    }

    @Override
    public History ofConsumer(String consumerNo, int limit) {
        List<Summary> out = new ArrayList<>();
        for (BillStore.Row r : store.ofConsumer(consumerNo, limit)) {
            out.add(summary(store.body(r.billNo()).orElseThrow().superseded(r.supersededBy()).withStanding(standing(r))));
        }
        return new History(consumerNo, store.balance(consumerNo), out);
    }

    static Summary summary(Bill b) {
        return new Summary(b.billNo(), b.revision(), b.supersededBy(), b.period(), b.billDate(), b.dueDate(),
                b.billingUnit(), b.units(), b.currentChargesPaise(), b.arrearsPaise(), b.payablePaise(), b.standing());
    }

    @Override
    public Optional<Bill> find(String billNo) {
        return store.row(billNo).flatMap(r -> store.body(billNo)
                .map(b -> b.superseded(r.supersededBy()).withStanding(standing(r))));
    }

    @Override
    public Optional<byte[]> pdf(String billNo) {
        return find(billNo).map(pdf::render);
    }

    @Override
    public Optional<PayableBill> payable(String billReference) {
        return store.row(billReference).map(r -> {
            Bill.Standing s = standing(r);
            return new PayableBill(r.billNo(), r.consumerNo(), r.supersededBy() == null, r.payablePaise(),
                    s.outstandingPaise(), r.supersededBy());
        });
    }
}

package org.urja.mdms.billing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.urja.mdms.billing.Bill;
import org.urja.mdms.billing.Determinants;
import org.urja.mdms.customer.ConsumerAccount;
import org.urja.mdms.tariff.Charging;
import org.urja.mdms.tariff.DailyCharge;
import org.urja.mdms.tariff.MonthlyCharge;
import org.urja.mdms.tariff.Tariff;

/**
 * A bill from determinants, a tariff version and the consumer's account — a pure function. The current charges are
 * the tariff's month ({@link Charging#monthly}: fixed or demand charge, energy by slabs, ToD, levies, subsidy) on
 * kWh or kVAh as the tariff bills; then the arrears (the account's balance before the bill, less the adjustments
 * no bill showed yet, which are lines of their own), the late-payment
 * surcharge on the previous bill's amount unpaid after its due date, and the rounding of the sum to the nearest
 * rupee (half away from zero), each a line, so the lines add up to the amount payable.
 */
final class BillCalculator {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private BillCalculator() {
    }

    /** The current charges; an {@link IllegalArgumentException} names why the determinants cannot be billed. */
    static MonthlyCharge charges(Tariff tariff, Determinants d, BigDecimal sanctionedLoadKw) {
        boolean kvah = tariff.billingUnit() == Tariff.BillingUnit.KVAH;
        Determinants.Energy energy = kvah ? d.importKvah() : d.importKwh();
        if (energy == null || (kvah && energy.total().signum() == 0 && d.importKwh().total().signum() > 0)) {
            throw new IllegalArgumentException("tariff " + tariff.category() + " bills kVAh and the meter recorded none");
        }
        Determinants.Demand md = kvah ? d.maxDemandKva() : d.maxDemandKw();
        if (tariff.fixedChargeBasis() == Tariff.DemandBasis.MAX_DEMAND && md == null) {
            throw new IllegalArgumentException("tariff " + tariff.category() + " charges the maximum demand and none "
                    + "was recorded");
        }
        Bill.ProRated part = proRated(d);
        return Charging.monthly(tariff, d.period(), energy.byZone(), sanctionedLoadKw == null ? BigDecimal.ZERO
                : sanctionedLoadKw, md == null ? null : md.value(), part == null ? null
                : new Charging.ProRata(part.days(), part.ofDays()));
    }

    /**
     * A part month: the IST days of the period on which a meter was installed at the service point (a day counts if
     * it was connected for any part of it — the day of connection and the day of closure are both served), of the
     * period's days; null when that is every day (or no meter was there: nothing to pro-rate by).
     */
    static Bill.ProRated proRated(Determinants d) {
        LocalDate first = LocalDate.ofInstant(d.periodStart(), DeterminantCalculator.IST);
        LocalDate end = LocalDate.ofInstant(d.periodEnd(), DeterminantCalculator.IST);
        int ofDays = (int) (end.toEpochDay() - first.toEpochDay());
        java.util.Set<LocalDate> served = new java.util.TreeSet<>();
        for (Determinants.MeterPart m : d.meters()) {
            Instant from = m.from().isBefore(d.periodStart()) ? d.periodStart() : m.from();
            Instant to = m.to() == null || m.to().isAfter(d.periodEnd()) ? d.periodEnd() : m.to();
            if (!to.isAfter(from)) {
                continue;
            }
            LocalDate last = LocalDate.ofInstant(to.minusNanos(1), DeterminantCalculator.IST);
            for (LocalDate day = LocalDate.ofInstant(from, DeterminantCalculator.IST); !day.isAfter(last);
                 day = day.plusDays(1)) {
                served.add(day);
            }
        }
        return served.isEmpty() || served.size() >= ofDays ? null : new Bill.ProRated(served.size(), ofDays);
    }

    /**
     * What comes from before the bill: the arrears (the account's balance less the adjustments), the account's
     * adjustments no bill showed yet (each its own line), the surcharge and its rate, the announced rate.
     */
    record Carried(long arrearsPaise, List<Adjustment> adjustments, long latePaymentSurchargePaise,
                   String latePaymentSurchargeLine, BigDecimal latePaymentSurchargePercent) {

        Carried {
            adjustments = List.copyOf(adjustments);
        }

        long adjustmentsPaise() {
            return adjustments.stream().mapToLong(Adjustment::paise).sum();
        }
    }

    /** An account adjustment as its bill line: what it is and its amount (negative: a credit). */
    record Adjustment(String name, long paise) {
    }

    record Issue(String billNo, String originalBillNo, int revision, String revisionOf, String revisionReason,
                 long revisedPayablePaise, LocalDate billDate, LocalDate dueDate, String by, Instant at) {
    }

    static Bill bill(Issue issue, Bill.Utility utility, ConsumerAccount account, Determinants d, Tariff tariff,
                     MonthlyCharge charge, Carried carried, List<Bill.Consumption> history) {
        List<Bill.Line> lines = new ArrayList<>();
        for (DailyCharge.Line l : charge.lines()) {
            lines.add(new Bill.Line(Bill.Kind.valueOf(l.kind().name()), l.name(), l.units(), l.paise()));
        }
        if (carried.arrearsPaise() != 0) {
            lines.add(new Bill.Line(Bill.Kind.ARREARS, carried.arrearsPaise() > 0 ? "Arrears"
                    : "Credit brought forward", null, carried.arrearsPaise()));
        }
        for (Adjustment a : carried.adjustments()) {
            lines.add(new Bill.Line(Bill.Kind.ADJUSTMENT, a.name(), null, a.paise()));
        }
        if (carried.latePaymentSurchargePaise() != 0) {
            lines.add(new Bill.Line(Bill.Kind.LATE_PAYMENT_SURCHARGE, carried.latePaymentSurchargeLine(), null,
                    carried.latePaymentSurchargePaise()));
        }
        long exact = charge.totalPaise() + carried.arrearsPaise() + carried.adjustmentsPaise()
                + carried.latePaymentSurchargePaise();
        long payable = toRupee(exact);
        if (payable != exact) {
            lines.add(new Bill.Line(Bill.Kind.ROUNDING, "Rounding", null, payable - exact));
        }
        BigDecimal lpsPercent = tariff.latePaymentSurchargePercent() != null ? tariff.latePaymentSurchargePercent()
                : carried.latePaymentSurchargePercent();
        long afterDue = payable <= 0 ? payable : toRupee(payable + paise(BigDecimal.valueOf(payable)
                .multiply(lpsPercent).divide(HUNDRED)));
        boolean kvah = tariff.billingUnit() == Tariff.BillingUnit.KVAH;
        Determinants.Energy energy = kvah ? d.importKvah() : d.importKwh();
        Determinants.Demand md = kvah ? d.maxDemandKva() : d.maxDemandKw();
        List<Bill.MeterRead> meters = d.meters().stream().map(m -> new Bill.MeterRead(m.meterSerialNo(),
                m.multiplier(), m.from(), m.to(),
                m.billingProfile() == null ? null : m.billingProfile().kwhImportAtPeriodStart(),
                m.billingProfile() == null ? null : m.billingProfile().kwhImport(), m.importKwh(), m.importKvah()))
                .toList();
        return new Bill(issue.billNo(), issue.originalBillNo(), issue.revision(), issue.revisionOf(), null,
                issue.revisionReason(), utility, new Bill.Consumer(account.consumerNo(), account.name(),
                account.address(), account.phone(), account.email(), tariff.category(), account.sanctionedLoadKw()),
                d.servicePointCode(), d.groupCode(), d.period(), d.periodStart(), d.periodEnd(), issue.billDate(),
                issue.dueDate(), d.version(), d.quality(), tariff.billingUnit().name(), meters, energy.total(),
                new java.util.TreeMap<>(energy.byZone()), d.importKwh().total(), d.importKvah() == null ? null
                : d.importKvah().total(), md == null ? null : md.value(), d.averagePowerFactor(), lines,
                charge.totalPaise(), carried.arrearsPaise(), carried.latePaymentSurchargePaise(), payable - exact,
                payable, lpsPercent, afterDue, issue.revision() == 0 ? 0 : payable - issue.revisedPayablePaise(),
                history, issue.by(), issue.at(), null, proRated(d));
    }

    /** Paise rounded to whole rupees, half away from zero. */
    static long toRupee(long paise) {
        return BigDecimal.valueOf(paise).divide(HUNDRED).setScale(0, RoundingMode.HALF_UP).longValueExact() * 100;
    }

    static long paise(BigDecimal exact) {
        return exact.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}

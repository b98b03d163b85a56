package org.urja.mdms.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * A postpaid bill as issued by the built-in bill engine: who, what was measured, every charge line in whole paise,
 * arrears, late-payment surcharge, the rounding to the rupee and the amount payable, plus {@code standing} (paid,
 * outstanding, status) as of when it was read. The lines add up to {@code payablePaise}.
 *
 * @param billNo              e.g. {@code B2026110000123}; a revision is {@code <original>-R<n>}
 * @param revisionOf          the bill this one revises (null for an original)
 * @param supersededBy        the revision that replaced this bill (null while it is current)
 * @param billingUnit         {@code KWH} or {@code KVAH}: what the energy lines are charged on
 * @param units               billed units (kWh or kVAh, as {@code billingUnit}) and per ToD zone
 * @param maxDemand           the recorded maximum demand (kW, or kVA when billed on kVAh)
 * @param latePaymentSurchargePercent what will be added to an amount still unpaid after the due date
 * @param payableAfterDuePaise the amount payable after the due date, rounded to the rupee
 * @param revisionDifferencePaise for a revision: its amount payable minus the revised bill's, posted to the account
 * @param history             the service point's consumption of up to 12 periods, oldest first, this one last
 * @param proRated            a part month (connected or closed within the period): the days billed of the period's
 *                            days, by which the fixed charge and the slab limits were scaled; null for a whole month
 */
public record Bill(String billNo, String originalBillNo, int revision, String revisionOf, String supersededBy,
                   String revisionReason, Utility utility, Consumer consumer, String servicePointCode,
                   String groupCode, YearMonth period, Instant periodStart, Instant periodEnd, LocalDate billDate,
                   LocalDate dueDate, int determinantsVersion, Determinants.Quality quality, String billingUnit,
                   List<MeterRead> meters, BigDecimal units, Map<String, BigDecimal> unitsByZone, BigDecimal importKwh,
                   BigDecimal importKvah, BigDecimal maxDemand, BigDecimal powerFactor, List<Line> lines,
                   long currentChargesPaise, long arrearsPaise, long latePaymentSurchargePaise, long roundingPaise,
                   long payablePaise, BigDecimal latePaymentSurchargePercent, long payableAfterDuePaise,
                   long revisionDifferencePaise, List<Consumption> history, String issuedBy, Instant issuedAt,
                   Standing standing, ProRated proRated) {

    public Bill {
        meters = List.copyOf(meters);
        lines = List.copyOf(lines);
        history = List.copyOf(history);
        long sum = lines.stream().mapToLong(Line::paise).sum();
        if (sum != payablePaise) {
            throw new IllegalArgumentException("bill " + billNo + ": lines add up to " + sum + ", not " + payablePaise);
        }
    }

    public enum Kind {
        FIXED, ENERGY, TOD, LEVY, SUBSIDY,
        /** the account's balance before this bill (negative: a credit), less the adjustments shown on their own lines */
        ARREARS,
        /**
         * an opening adjustment of the account no earlier bill showed, e.g. the final balance of the prepaid wallet a
         * prepaid → postpaid migration closed (UC14.10): negative a credit, positive arrears
         */
        ADJUSTMENT,
        /** on the previous bill's amount unpaid after its due date */
        LATE_PAYMENT_SURCHARGE,
        /** to the nearest rupee */
        ROUNDING
    }

    /** One line; {@code quantity} is what it is charged on (kWh, kW, or the paise a percentage applies to). */
    public record Line(Kind kind, String name, BigDecimal quantity, long paise) {
    }

    public record Utility(String name, String address, String helpline) {
    }

    public record Consumer(String consumerNo, String name, String address, String phone, String email,
                           String tariffCategory, BigDecimal sanctionedLoadKw) {
    }

    /**
     * A meter of the period with its register readings (from its billing profile; null when it sent none) and the
     * energy of its installation within the period.
     */
    public record MeterRead(String serialNo, BigDecimal multiplier, Instant from, Instant to, BigDecimal previousKwh,
                            BigDecimal presentKwh, BigDecimal kwh, BigDecimal kvah) {
    }

    public record Consumption(YearMonth period, BigDecimal kwh) {
    }

    /** "pro-rated: {@code days} of {@code ofDays} days". */
    public record ProRated(int days, int ofDays) {

        @Override
        public String toString() {
            return "pro-rated: " + days + " of " + ofDays + " days";
        }
    }

    /** PAID, PARTLY_PAID, UNPAID, OVERDUE (unpaid after the due date), SUPERSEDED (a revision replaced it). */
    public enum Status { PAID, PARTLY_PAID, UNPAID, OVERDUE, SUPERSEDED }

    /**
     * Where the bill stands: what was paid towards it (payments of the consumer from its issue until the next bill),
     * what is still owed of it, and — once a later bill was issued — the bill its unpaid amount went into as arrears;
     * {@code revisionDueVersion}: its determinants were restated (that version) after it was billed and it awaits a
     * revision.
     */
    public record Standing(Status status, long paidPaise, long outstandingPaise, String carriedInto,
                           Integer revisionDueVersion) {
    }

    public Bill withStanding(Standing s) {
        return copy(supersededBy, s);
    }

    public Bill superseded(String by) {
        return copy(by, standing);
    }

    private Bill copy(String supersededBy, Standing standing) {
        return new Bill(billNo, originalBillNo, revision, revisionOf, supersededBy, revisionReason, utility, consumer,
                servicePointCode, groupCode, period, periodStart, periodEnd, billDate, dueDate, determinantsVersion,
                quality, billingUnit, meters, units, unitsByZone, importKwh, importKvah, maxDemand, powerFactor, lines,
                currentChargesPaise, arrearsPaise, latePaymentSurchargePaise, roundingPaise, payablePaise,
                latePaymentSurchargePercent, payableAfterDuePaise, revisionDifferencePaise, history, issuedBy, issuedAt,
                standing, proRated);
    }
}

package org.urja.mdms.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One version of a tariff category (e.g. DOM, NDLT) as the state commission's order sets it, valid from
 * {@code effectiveFrom} until the next version. Money is in paise: rates are exact decimals of paise per unit (a rate
 * of ₹6.75/kWh is {@code 675}; ₹6.125 is {@code 612.5}); charges are rounded to whole paise per line (see
 * {@link DailyCharge}).
 *
 * @param fixedPaisePerKwMonth fixed charge per kW of sanctioned load per month, pro-rated per day of the month
 * @param slabs                energy charge by monthly slabs, in ascending order; the last has no upper bound
 * @param todZones             time-of-day zones with a surcharge (+) or rebate (−) in percent of the energy charge;
 *                             empty when the category has no ToD tariff. Hours not in a zone are normal.
 * @param levies               percentage levies, applied in order (e.g. power purchase adjustment, electricity duty)
 * @param subsidy              a per-unit subsidy on the first units of the month (nullable)
 * @param billingUnit          what monthly bills charge energy on: kWh (default) or kVAh (then maximum demand is in kVA
 *                             and the sanctioned load is taken as the contract demand in kVA). The prepaid daily
 *                             charge is always on kWh.
 * @param fixedChargeBasis     what a bill's fixed charge is per kW (kVA) of: the sanctioned load (default) or the
 *                             recorded maximum demand of the month ({@code fixedPaisePerKwMonth} is then the demand
 *                             charge rate). The prepaid daily charge is always on the sanctioned load.
 * @param minimumDemandPercent with {@code MAX_DEMAND}: the billed demand is at least this percent of the contract
 *                             demand (default 0)
 * @param excessDemandPercent  with {@code MAX_DEMAND}: demand above the contract demand pays this percent of the rate
 *                             on top (default 0: no penalty)
 * @param latePaymentSurchargePercent of a bill's amount still unpaid after its due date, charged on the next bill
 *                             (null: the utility's default, {@code urja.billing.bills.late-payment-surcharge-percent})
 */
public record Tariff(String category, LocalDate effectiveFrom, BigDecimal fixedPaisePerKwMonth, List<Slab> slabs,
                     List<TodZone> todZones, List<Levy> levies, Subsidy subsidy, BillingUnit billingUnit,
                     DemandBasis fixedChargeBasis, BigDecimal minimumDemandPercent, BigDecimal excessDemandPercent,
                     BigDecimal latePaymentSurchargePercent) {

    /** What energy a bill is charged on. */
    public enum BillingUnit { KWH, KVAH }

    /** What a bill's fixed (demand) charge is per kW or kVA of. */
    public enum DemandBasis { SANCTIONED_LOAD, MAX_DEMAND }

    /** A tariff billed on kWh with the fixed charge on the sanctioned load (the prepaid shape). */
    public Tariff(String category, LocalDate effectiveFrom, BigDecimal fixedPaisePerKwMonth, List<Slab> slabs,
                  List<TodZone> todZones, List<Levy> levies, Subsidy subsidy) {
        this(category, effectiveFrom, fixedPaisePerKwMonth, slabs, todZones, levies, subsidy, null, null, null, null,
                null);
    }

    public Tariff {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        requireNonNegative(fixedPaisePerKwMonth, "fixedPaisePerKwMonth");
        billingUnit = billingUnit == null ? BillingUnit.KWH : billingUnit;
        fixedChargeBasis = fixedChargeBasis == null ? DemandBasis.SANCTIONED_LOAD : fixedChargeBasis;
        minimumDemandPercent = minimumDemandPercent == null ? BigDecimal.ZERO : minimumDemandPercent;
        excessDemandPercent = excessDemandPercent == null ? BigDecimal.ZERO : excessDemandPercent;
        requireNonNegative(minimumDemandPercent, "minimumDemandPercent");
        requireNonNegative(excessDemandPercent, "excessDemandPercent");
        if (minimumDemandPercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("minimumDemandPercent must be 100 or less");
        }
        if (latePaymentSurchargePercent != null) {
            requireNonNegative(latePaymentSurchargePercent, "latePaymentSurchargePercent");
        }
        slabs = List.copyOf(slabs);
        todZones = List.copyOf(todZones);
        levies = List.copyOf(levies);
        if (slabs.isEmpty()) {
            throw new IllegalArgumentException("slabs: at least one slab is needed");
        }
        BigDecimal previous = BigDecimal.ZERO;
        for (int i = 0; i < slabs.size(); i++) {
            BigDecimal upTo = slabs.get(i).uptoUnits();
            boolean last = i == slabs.size() - 1;
            if (last != (upTo == null)) {
                throw new IllegalArgumentException("slabs[" + i + "]: only the last slab is open-ended");
            }
            if (upTo != null && upTo.compareTo(previous) <= 0) {
                throw new IllegalArgumentException("slabs[" + i + "]: upper bounds must increase");
            }
            previous = upTo == null ? previous : upTo;
        }
        List<TodZone> sorted = new ArrayList<>(todZones);
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                if (sorted.get(i).overlaps(sorted.get(j))) {
                    throw new IllegalArgumentException("todZones: " + sorted.get(i).name() + " and "
                            + sorted.get(j).name() + " overlap");
                }
            }
        }
    }

    /** Energy charge for units {@code (fromUnits, fromUnits + units]} of the month: a rate per slab. */
    public record Slab(BigDecimal uptoUnits, BigDecimal paisePerUnit) {
        public Slab {
            requireNonNegative(paisePerUnit, "paisePerUnit");
        }
    }

    /** A time-of-day zone [from, to) in IST (may wrap midnight) with a surcharge or rebate in percent. */
    public record TodZone(String name, LocalTime from, LocalTime to, BigDecimal percent) {
        public TodZone {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(percent, "percent");
            if (from.equals(to)) {
                throw new IllegalArgumentException("todZones " + name + ": empty zone");
            }
        }

        /** Whether the interval starting at {@code t} lies in the zone. */
        public boolean contains(LocalTime t) {
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }

        boolean overlaps(TodZone o) {
            for (int minute = 0; minute < 1440; minute += 15) {
                LocalTime t = LocalTime.MIN.plusMinutes(minute);
                if (contains(t) && o.contains(t)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** What a percentage levy is charged on. */
    public enum LevyBase {
        /** the energy charge after ToD */
        ENERGY,
        /** energy after ToD plus the fixed charge */
        ENERGY_AND_FIXED
    }

    public record Levy(String name, BigDecimal percent, LevyBase base) {
        public Levy {
            Objects.requireNonNull(name, "name");
            requireNonNegative(percent, "percent");
            Objects.requireNonNull(base, "base");
        }
    }

    /** A subsidy of {@code paisePerUnit} on each of the first {@code uptoUnits} units of the month. */
    public record Subsidy(String name, BigDecimal uptoUnits, BigDecimal paisePerUnit) {
        public Subsidy {
            Objects.requireNonNull(name, "name");
            requireNonNegative(uptoUnits, "uptoUnits");
            requireNonNegative(paisePerUnit, "paisePerUnit");
        }
    }

    private static void requireNonNegative(BigDecimal v, String name) {
        if (v == null || v.signum() < 0) {
            throw new IllegalArgumentException(name + " must be zero or more");
        }
    }
}

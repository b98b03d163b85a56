package org.urja.mdms.tariff;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A day's charge under a tariff — a pure function, the same for the prepaid daily deduction and for postpaid bills.
 * Rules, in order (each line is computed exactly and rounded to whole paise, half away from zero):
 * <ol>
 *   <li>Fixed: {@code fixedPaisePerKwMonth × sanctioned kW ÷ days in the month}.</li>
 *   <li>Energy: the day's units fill the monthly slabs from where the month's earlier units left off (units
 *       {@code (monthBefore, monthBefore + day]}), one line per slab touched.</li>
 *   <li>Time of day: for each zone, {@code zone units × the day's average energy rate × percent}; hours outside the
 *       zones are normal.</li>
 *   <li>Levies, in order: {@code percent ×} the rounded energy and ToD lines (and the fixed line for
 *       ENERGY_AND_FIXED).</li>
 *   <li>Subsidy: {@code −paisePerUnit ×} the day's units that fall within the first {@code uptoUnits} of the month.</li>
 * </ol>
 * The total is the sum of the rounded lines, so a statement always adds up.
 */
public final class Charging {

    /** Units outside every ToD zone. */
    public static final String NORMAL = "NORMAL";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Charging() {
    }

    /**
     * A part month: the days of the billing period the service point was connected and postpaid, of the period's days.
     * The fixed (or demand) charge is {@code × days ÷ ofDays} (rounded once, to whole paise); each slab limit and the
     * subsidy's unit limit is {@code × days ÷ ofDays} rounded to 0.01 unit, half up.
     */
    public record ProRata(int days, int ofDays) {

        public ProRata {
            if (ofDays < 1 || days < 1 || days > ofDays) {
                throw new IllegalArgumentException("pro-rata " + days + " of " + ofDays + " days");
            }
        }

        BigDecimal units(BigDecimal limit) {
            return limit.multiply(BigDecimal.valueOf(days)).divide(BigDecimal.valueOf(ofDays), 2, RoundingMode.HALF_UP);
        }

        long paise(BigDecimal monthPaise) {
            return Charging.paise(monthPaise.multiply(BigDecimal.valueOf(days))
                    .divide(BigDecimal.valueOf(ofDays), 12, RoundingMode.HALF_UP));
        }
    }

    /**
     * @param unitsByZone       the day's kWh per ToD zone name ({@link #NORMAL} for the rest); zones not in the tariff
     *                          are refused
     * @param monthUnitsBefore  kWh of the same calendar month before this day (slab and subsidy position)
     * @param sanctionedKw      sanctioned load for the fixed charge
     */
    public static DailyCharge daily(Tariff tariff, LocalDate day, Map<String, BigDecimal> unitsByZone,
                                    BigDecimal monthUnitsBefore, BigDecimal sanctionedKw) {
        if (day.isBefore(tariff.effectiveFrom())) {
            throw new IllegalArgumentException("tariff " + tariff.category() + " takes effect on " + tariff.effectiveFrom());
        }
        BigDecimal units = checkedUnits(tariff, unitsByZone);
        List<DailyCharge.Line> lines = new ArrayList<>();

        // 1. Fixed charge, pro-rated per day of the month.
        BigDecimal fixed = tariff.fixedPaisePerKwMonth().multiply(sanctionedKw)
                .divide(BigDecimal.valueOf(day.lengthOfMonth()), MathContext.DECIMAL64);
        long fixedPaise = paise(fixed);
        if (tariff.fixedPaisePerKwMonth().signum() > 0) {
            lines.add(new DailyCharge.Line(DailyCharge.Kind.FIXED, "Fixed charge", sanctionedKw, fixedPaise));
        }
        energyToSubsidy(tariff, unitsByZone, units, monthUnitsBefore, fixedPaise, null, lines);
        return new DailyCharge(day, lines, lines.stream().mapToLong(DailyCharge.Line::paise).sum());
    }


    /**
     * A month's charge for a postpaid bill: the same rules as {@link #daily}, with the whole month's units (slabs and
     * subsidy from the first unit) and the fixed charge of the whole month, on the basis the tariff names:
     * <ul>
     *   <li>{@code SANCTIONED_LOAD}: {@code fixedPaisePerKwMonth × sanctioned load};</li>
     *   <li>{@code MAX_DEMAND}: {@code fixedPaisePerKwMonth × billed demand}, the billed demand being the recorded
     *       maximum demand but at least {@code minimumDemandPercent} of the contract demand (the sanctioned load);
     *       demand above the contract demand pays {@code excessDemandPercent} of the rate on top.</li>
     * </ul>
     * Units and demand are in the tariff's {@link Tariff#billingUnit()} (kWh and kW, or kVAh and kVA): the caller
     * passes the matching figures.
     *
     * @param unitsByZone   the month's units per ToD zone ({@link #NORMAL} for the rest)
     * @param sanctionedLoad sanctioned load (contract demand)
     * @param maxDemand     the month's recorded maximum demand (null when not known: billed on the minimum)
     */
    public static MonthlyCharge monthly(Tariff tariff, java.time.YearMonth period, Map<String, BigDecimal> unitsByZone,
                                        BigDecimal sanctionedLoad, BigDecimal maxDemand) {
        return monthly(tariff, period, unitsByZone, sanctionedLoad, maxDemand, null);
    }

    /**
     * {@link #monthly(Tariff, java.time.YearMonth, Map, BigDecimal, BigDecimal)} for a part month ({@code proRata}
     * null: the whole month): the fixed or demand charge (and excess demand) and the slab and subsidy limits scaled
     * by the days served ({@link ProRata}).
     */
    public static MonthlyCharge monthly(Tariff tariff, java.time.YearMonth period, Map<String, BigDecimal> unitsByZone,
                                        BigDecimal sanctionedLoad, BigDecimal maxDemand, ProRata proRata) {
        BigDecimal units = checkedUnits(tariff, unitsByZone);
        List<DailyCharge.Line> lines = new ArrayList<>();
        long fixedPaise = 0;
        BigDecimal rate = tariff.fixedPaisePerKwMonth();
        if (rate.signum() > 0 && tariff.fixedChargeBasis() == Tariff.DemandBasis.SANCTIONED_LOAD) {
            fixedPaise = month(rate.multiply(sanctionedLoad), proRata);
            lines.add(new DailyCharge.Line(DailyCharge.Kind.FIXED, "Fixed charge", sanctionedLoad, fixedPaise));
        } else if (rate.signum() > 0) {
            BigDecimal recorded = maxDemand == null ? BigDecimal.ZERO : maxDemand;
            BigDecimal minimum = sanctionedLoad.multiply(tariff.minimumDemandPercent()).divide(HUNDRED);
            BigDecimal billed = recorded.max(minimum);
            long demandPaise = month(rate.multiply(billed), proRata);
            fixedPaise += demandPaise;
            lines.add(new DailyCharge.Line(DailyCharge.Kind.FIXED, recorded.compareTo(minimum) >= 0 ? "Demand charge"
                    : "Demand charge (minimum " + tariff.minimumDemandPercent().stripTrailingZeros().toPlainString()
                    + "% of contract demand)", billed, demandPaise));
            BigDecimal excess = recorded.subtract(sanctionedLoad);
            if (excess.signum() > 0 && tariff.excessDemandPercent().signum() > 0) {
                long excessPaise = month(excess.multiply(rate).multiply(tariff.excessDemandPercent()).divide(HUNDRED),
                        proRata);
                fixedPaise += excessPaise;
                lines.add(new DailyCharge.Line(DailyCharge.Kind.FIXED, "Excess demand +"
                        + tariff.excessDemandPercent().stripTrailingZeros().toPlainString() + "%", excess, excessPaise));
            }
        }
        energyToSubsidy(tariff, unitsByZone, units, BigDecimal.ZERO, fixedPaise, proRata, lines);
        return new MonthlyCharge(period, lines, lines.stream().mapToLong(DailyCharge.Line::paise).sum());
    }

    /** A month's charge in paise, or its pro-rated part. */
    private static long month(BigDecimal exact, ProRata proRata) {
        return proRata == null ? paise(exact) : proRata.paise(exact);
    }

    /** Rules 2 to 5: energy by slab, ToD, levies and subsidy, appended to {@code lines}; limits pro-rated if asked. */
    private static void energyToSubsidy(Tariff tariff, Map<String, BigDecimal> unitsByZone, BigDecimal units,
                                        BigDecimal monthUnitsBefore, long fixedPaise, ProRata proRata,
                                        List<DailyCharge.Line> lines) {
        // 2. Energy by slab, continuing from the month's earlier units.
        BigDecimal from = monthUnitsBefore;
        BigDecimal to = monthUnitsBefore.add(units);
        BigDecimal lower = BigDecimal.ZERO;
        BigDecimal energy = BigDecimal.ZERO;
        long energyPaise = 0;
        for (Tariff.Slab slab : tariff.slabs()) {
            BigDecimal upper = slab.uptoUnits() == null || proRata == null ? slab.uptoUnits()
                    : proRata.units(slab.uptoUnits());
            BigDecimal portion = (upper == null ? to : upper.min(to)).subtract(lower.max(from));
            if (portion.signum() > 0) {
                BigDecimal charge = portion.multiply(slab.paisePerUnit());
                energy = energy.add(charge);
                long p = paise(charge);
                energyPaise += p;
                lines.add(new DailyCharge.Line(DailyCharge.Kind.ENERGY, "Energy " + slabName(lower, upper), portion, p));
            }
            if (upper == null) {
                break;
            }
            lower = upper;
        }

        // 3. Time of day, on the day's average energy rate.
        long todPaise = 0;
        if (units.signum() > 0) {
            BigDecimal averageRate = energy.divide(units, MathContext.DECIMAL64);
            for (Tariff.TodZone zone : tariff.todZones()) {
                BigDecimal zoneUnits = unitsByZone.getOrDefault(zone.name(), BigDecimal.ZERO);
                if (zoneUnits.signum() > 0 && zone.percent().signum() != 0) {
                    long p = paise(zoneUnits.multiply(averageRate).multiply(zone.percent()).divide(HUNDRED));
                    todPaise += p;
                    lines.add(new DailyCharge.Line(DailyCharge.Kind.TOD, "ToD " + zone.name() + " " + signed(zone.percent())
                            + "%", zoneUnits, p));
                }
            }
        }

        // 4. Levies on the rounded lines.
        for (Tariff.Levy levy : tariff.levies()) {
            long base = energyPaise + todPaise + (levy.base() == Tariff.LevyBase.ENERGY_AND_FIXED ? fixedPaise : 0);
            long p = paise(BigDecimal.valueOf(base).multiply(levy.percent()).divide(HUNDRED));
            if (p != 0) {
                lines.add(new DailyCharge.Line(DailyCharge.Kind.LEVY, levy.name() + " " + levy.percent().stripTrailingZeros()
                        .toPlainString() + "%", BigDecimal.valueOf(base), p));
            }
        }

        // 5. Subsidy on the day's units within the subsidised first units of the month.
        Tariff.Subsidy subsidy = tariff.subsidy();
        if (subsidy != null) {
            BigDecimal limit = proRata == null ? subsidy.uptoUnits() : proRata.units(subsidy.uptoUnits());
            BigDecimal portion = limit.min(to).subtract(limit.min(from));
            if (portion.signum() > 0) {
                lines.add(new DailyCharge.Line(DailyCharge.Kind.SUBSIDY, subsidy.name(), portion,
                        -paise(portion.multiply(subsidy.paisePerUnit()))));
            }
        }
    }

    /**
     * A day's interval consumption (kWh per slot from IST midnight, {@code null} for a slot without a value) split
     * into the tariff's ToD zones by each interval's start; the rest is {@link #NORMAL}.
     */
    public static Map<String, BigDecimal> unitsByZone(Tariff tariff, int intervalMinutes, BigDecimal[] kWhPerSlot) {
        Map<String, BigDecimal> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kWhPerSlot.length; i++) {
            if (kWhPerSlot[i] == null) {
                continue;
            }
            java.time.LocalTime start = java.time.LocalTime.MIN.plusMinutes((long) i * intervalMinutes);
            String zone = tariff.todZones().stream().filter(z -> z.contains(start)).map(Tariff.TodZone::name)
                    .findFirst().orElse(NORMAL);
            out.merge(zone, kWhPerSlot[i], BigDecimal::add);
        }
        return out;
    }

    private static BigDecimal checkedUnits(Tariff tariff, Map<String, BigDecimal> unitsByZone) {
        BigDecimal units = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : unitsByZone.entrySet()) {
            if (!e.getKey().equals(NORMAL) && tariff.todZones().stream().noneMatch(z -> z.name().equals(e.getKey()))) {
                throw new IllegalArgumentException("unitsByZone: " + e.getKey() + " is not a zone of " + tariff.category());
            }
            if (e.getValue().signum() < 0) {
                throw new IllegalArgumentException("unitsByZone: " + e.getKey() + " is negative");
            }
            units = units.add(e.getValue());
        }
        return units;
    }

    /** Exact paise rounded to whole paise, half away from zero. */
    static long paise(BigDecimal exact) {
        return exact.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static String slabName(BigDecimal lower, BigDecimal upper) {
        return upper == null ? "above " + lower.toPlainString() + " units"
                : lower.toPlainString() + "–" + upper.toPlainString() + " units";
    }

    private static String signed(BigDecimal percent) {
        String s = percent.stripTrailingZeros().toPlainString();
        return percent.signum() > 0 ? "+" + s : s;
    }
}

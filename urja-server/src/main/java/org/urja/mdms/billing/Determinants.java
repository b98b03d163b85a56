package org.urja.mdms.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * The billing determinants of a service point for a billing period (UC2.5), as the MDM issues them to a billing
 * system. Energy comes from the validated interval data (current versions, VEE's estimates included and counted) of
 * every meter installed there during the period, each over its own installation, in the meters' engineering units:
 * the HES applies the CT/PT ratio ({@code multiplier}) before it sends, so figures are primary-side. ToD zones are the
 * consumer's tariff's (by each interval's start, IST); the rest is {@code NORMAL}.
 *
 * @param version          1 when first issued; a restatement (late data changed the figures) is the next version,
 *                         {@code restated} true, and the earlier versions stay
 * @param maxDemandKw      from the billing profile when the meter at the period end sent one, else from the intervals
 *                         ({@code source} says which); the higher of the meters' after a replacement
 * @param intervalMaxDemandKw the highest average demand over the demand integration period computed from the
 *                         intervals: the cross-check of the profile's value, or the fallback
 * @param averagePowerFactor kWh ÷ kVAh of the period (3 decimals), or the profile's when there is no kVAh interval data
 * @param estimatedDays    IST days with at least one estimated or edited interval
 * @param multiplier       the CT/PT ratio of the meter at the period end (each meter's is in {@code meters})
 * @param quality          ACTUAL, PARTLY_ESTIMATED, ESTIMATED (at least half the intervals not measured) or
 *                         INCOMPLETE (intervals without any value), with {@code reasons}; {@code checks} lists
 *                         disagreements between the billing profile and the intervals that did not decide anything
 */
public record Determinants(String servicePointCode, String consumerNo, String groupCode, YearMonth period,
                           Instant periodStart, Instant periodEnd, int version, boolean restated, Instant computedAt,
                           String tariffCategory, Energy importKwh, Energy importKvah, BigDecimal exportKwh,
                           BigDecimal exportKvah, boolean netMetered, Demand maxDemandKw, Demand maxDemandKva,
                           Demand intervalMaxDemandKw, Demand intervalMaxDemandKva, BigDecimal averagePowerFactor,
                           Intervals intervals, int estimatedDays, BigDecimal multiplier, List<MeterPart> meters,
                           Quality quality, List<String> reasons, List<String> checks) {

    public enum Quality {
        /** Every expected interval measured. */
        ACTUAL,
        /** Some intervals estimated by VEE or edited by staff. */
        PARTLY_ESTIMATED,
        /** At least half of the intervals, or all of them, not measured. */
        ESTIMATED,
        /** Intervals without any value: the energy is short by what they held. */
        INCOMPLETE
    }

    /** Energy of the period, total and per ToD zone of the tariff. */
    public record Energy(BigDecimal total, Map<String, BigDecimal> byZone) {
    }

    /** A maximum demand, the start of the integration period it occurred in, and where it comes from. */
    public record Demand(BigDecimal value, Instant at, Source source) {
    }

    public enum Source { BILLING_PROFILE, INTERVALS }

    /** How the period's kWh intervals (of every meter, over its installation) were obtained. */
    public record Intervals(int expected, int actual, int estimated, int edited, int missing, int failedValidation) {
    }

    /**
     * One meter's part: its installation within the period, interval length, demand integration period used for the
     * interval maximum demand, CT/PT ratio, energy, and its billing profile at the period end (null if none).
     */
    public record MeterPart(String meterSerialNo, Instant from, Instant to, int intervalMinutes,
                            int demandIntegrationMinutes, BigDecimal multiplier, BigDecimal importKwh,
                            BigDecimal importKvah, BigDecimal exportKwh, Demand intervalMaxDemandKw,
                            BillingProfile billingProfile) {
    }

    /**
     * The registers the meter froze at its billing reset (the period end), and its cumulative kWh at the period start
     * when known: the meter's own account of the period, beside the interval data.
     */
    public record BillingProfile(Instant billingDate, BigDecimal kwhImport, BigDecimal kvahImport, BigDecimal kwhExport,
                                 BigDecimal kvahExport, BigDecimal kwhImportAtPeriodStart, Map<String, BigDecimal> todKwh,
                                 Demand maxDemandKw, Demand maxDemandKva, BigDecimal averagePowerFactor) {
    }
}

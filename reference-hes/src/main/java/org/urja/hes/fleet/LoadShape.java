package org.urja.hes.fleet;

import java.time.DayOfWeek;
import java.time.Month;

/** Static load-shape data of the simulation: IST hourly shapes, Delhi seasons, day types, power factors. */
final class LoadShape {

    /** Relative hourly load by IST hour: morning 06–09 and evening 18–23 peaks, low at night. */
    private static final double[] RESIDENTIAL = {
        0.45, 0.40, 0.38, 0.38, 0.40, 0.55, 1.00, 1.40, 1.30, 0.90, 0.75, 0.70,
        0.75, 0.80, 0.75, 0.70, 0.75, 0.95, 1.40, 1.70, 1.80, 1.70, 1.40, 0.90};
    /** Business hours 09–21. */
    private static final double[] COMMERCIAL = {
        0.18, 0.18, 0.18, 0.18, 0.18, 0.18, 0.18, 0.25, 0.45, 0.90, 1.50, 1.55,
        1.55, 1.50, 1.50, 1.50, 1.50, 1.50, 1.45, 1.45, 1.35, 0.80, 0.35, 0.20};
    /** Three shifts, with dips at the 06, 14 and 22 shift changes. */
    private static final double[] INDUSTRIAL = {
        0.92, 0.92, 0.92, 0.92, 0.92, 0.92, 0.80, 1.05, 1.05, 1.05, 1.05, 1.05,
        1.05, 1.05, 0.88, 1.02, 1.02, 1.02, 1.02, 1.02, 1.02, 1.02, 0.82, 0.92};
    /** Share of a day's energy in one 15-minute slot of each IST hour, per consumer class. */
    private static final double[][] SLOT_SHARE = {
        slotShares(RESIDENTIAL), slotShares(COMMERCIAL), slotShares(INDUSTRIAL)};
    /** Delhi seasonal load by month: cooling peak May–Jul, moderately high Dec–Jan, low in spring and autumn. */
    private static final double[] DELHI_SEASON = {
        1.08, 0.90, 0.85, 0.95, 1.25, 1.35, 1.30, 1.20, 1.10, 0.92, 0.88, 1.02};
    /** How strongly each class follows the season (residential fully, industry hardly). */
    private static final double[] SEASON_AMPLITUDE = {1.0, 0.6, 0.25};
    /** Solar yield by month: lower in the Jul–Sep monsoon and in the Dec–Jan haze. */
    private static final double[] SOLAR_SEASON = {
        0.80, 0.90, 1.00, 1.05, 1.05, 1.00, 0.75, 0.75, 0.85, 0.95, 0.90, 0.80};

    private static final double[] MIN_POWER_FACTOR = {0.85, 0.88, 0.90};
    private static final double[] MAX_POWER_FACTOR = {0.95, 0.97, 0.99};

    private LoadShape() {
    }

    /** Share of the day's energy in the 15-minute slot (0–95) of the IST day. */
    static double slotShare(ConsumerClass consumerClass, int slotOfDay) {
        return SLOT_SHARE[consumerClass.ordinal()][slotOfDay / 4];
    }

    /** Seasonal factor of the month for the class. */
    static double season(ConsumerClass consumerClass, Month month) {
        return 1 + (DELHI_SEASON[month.ordinal()] - 1) * SEASON_AMPLITUDE[consumerClass.ordinal()];
    }

    /** Day-type factor: commerce is low on Sundays, industry dips on Sundays, homes use a little more at weekends. */
    static double dayType(ConsumerClass consumerClass, DayOfWeek day) {
        boolean sunday = day == DayOfWeek.SUNDAY;
        boolean saturday = day == DayOfWeek.SATURDAY;
        return switch (consumerClass) {
            case COMMERCIAL -> sunday ? 0.35 : saturday ? 0.85 : 1.0;
            case INDUSTRIAL -> sunday ? 0.6 : 1.0;
            case RESIDENTIAL -> sunday || saturday ? 1.08 : 1.0;
        };
    }

    /** Solar yield factor of the month. */
    static double solarSeason(Month month) {
        return SOLAR_SEASON[month.ordinal()];
    }

    /** Relative solar output at an IST hour of day (fractional): a half sine from 07:00 to 17:00. */
    static double solarShape(double istHour) {
        return istHour <= 7 || istHour >= 17 ? 0 : Math.sin(Math.PI * (istHour - 7) / 10);
    }

    /** Lowest typical power factor of the class. */
    static double minPowerFactor(ConsumerClass consumerClass) {
        return MIN_POWER_FACTOR[consumerClass.ordinal()];
    }

    /** Highest typical power factor of the class. */
    static double maxPowerFactor(ConsumerClass consumerClass) {
        return MAX_POWER_FACTOR[consumerClass.ordinal()];
    }

    /** Relative voltage drop at an IST hour, deepest at the evening peak. */
    static double voltageDip(int istHour) {
        if (istHour >= 18 && istHour < 23) {
            return 0.015;
        }
        return istHour >= 7 && istHour < 10 ? 0.008 : 0;
    }

    /**
     * Mean daily energy (kWh, after the multiplier) of a meter before season, day type and noise, from a uniform
     * draw {@code u}: residential 5–11, commercial 25–60, LT industrial 350–1200, HT industrial 1000–2600.
     */
    static double dailyBaseKwh(ConsumerClass consumerClass, MeterCategory category, double u) {
        return switch (consumerClass) {
            case RESIDENTIAL -> 5 + 6 * u;
            case COMMERCIAL -> 25 + 35 * u;
            case INDUSTRIAL -> category == MeterCategory.HT_CT ? 1000 + 1600 * u : 350 + 850 * u;
        };
    }

    private static double[] slotShares(double[] hourly) {
        double sum = 0;
        for (double w : hourly) {
            sum += w;
        }
        double[] shares = new double[hourly.length];
        for (int h = 0; h < hourly.length; h++) {
            shares[h] = hourly[h] / sum / 4;
        }
        return shares;
    }
}

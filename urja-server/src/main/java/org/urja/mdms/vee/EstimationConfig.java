package org.urja.mdms.vee;

/**
 * How gaps are filled: straight lines across gaps of up to {@code maxInterpolationMinutes} (Ontario: one hour or
 * less), then the average of the {@code likeDays} nearest like days within {@code lookbackDays} (Itron: three days;
 * Ontario: three weeks).
 */
public record EstimationConfig(int maxInterpolationMinutes, int likeDays, int lookbackDays) {

    public EstimationConfig {
        if (maxInterpolationMinutes < 0 || likeDays < 1 || lookbackDays < 1) {
            throw new IllegalArgumentException("bad estimation config");
        }
    }

    /** 60 minutes, 3 like days, 21 days back. */
    public static EstimationConfig defaults() {
        return new EstimationConfig(60, 3, 21);
    }
}

package org.urja.mdms.billing;

import java.time.YearMonth;
import java.util.List;

/**
 * Published (after commit) when determinants of a bill group's period were issued or restated: one event per chunk
 * of service points (up to a thousand), each named with its version, so billing systems and the bill engine fetch
 * what they need ({@link BillingDeterminants}, {@code GET /api/v1/billing/determinants}). A restated item replaces an
 * earlier version that may already have been billed: the bill is to be revised.
 */
public record BillingDeterminantsReady(String groupCode, YearMonth period, List<Item> determinants) {

    public BillingDeterminantsReady {
        determinants = List.copyOf(determinants);
    }

    public record Item(String servicePointCode, String consumerNo, int version, boolean restated,
                       Determinants.Quality quality) {
    }
}

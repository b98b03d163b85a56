package org.urja.mdms.billing;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Published API: billing determinants as issued, for the built-in bill engine and other modules. */
public interface BillingDeterminants {

    /** The current (latest) version for a service point and period, if issued. */
    Optional<Determinants> current(String servicePointCode, YearMonth period);

    /** Every version issued for a service point and period, oldest first. */
    List<Determinants> versions(String servicePointCode, YearMonth period);
}

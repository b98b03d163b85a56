package org.urja.mdms.tariff;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Published API: the tariff versions in force, and new versions. */
public interface Tariffs {

    /**
     * Adds a version of a category from its effective date on (a version is never edited: a later one takes over);
     * the same category and date twice is a conflict (409 naming effectiveFrom). Audited with the version it replaces
     * from that date and the new one.
     */
    void publish(Tariff tariff, String by, String reason);

    /** The version of a category in force on a day (the latest effective on or before it). */
    Optional<Tariff> effective(String category, LocalDate day);

    /** Every version of a category, oldest first. */
    List<Tariff> versions(String category);
}

package org.urja.mdms.tariff;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Published API: the tariff versions in force. */
public interface Tariffs {

    /** The version of a category in force on a day (the latest effective on or before it). */
    Optional<Tariff> effective(String category, LocalDate day);

    /** Every version of a category, oldest first. */
    List<Tariff> versions(String category);
}

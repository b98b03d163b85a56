package org.urja.mdms.reading;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Published read API: how much of a day's data has arrived for many meters, summed per group the caller chooses (a
 * DT, a feeder …), in one set-wise query per call — for collection dashboards that walk the fleet a page at a time.
 */
public interface CollectionHealth {

    /**
     * What arrived for the meters of one group: meters with any block-load (kWh import) data of the day, the slots
     * received (as sent, version 0), meters with the day's daily-profile snapshot (its midnight opening the day),
     * meters with the billing profile of {@code billingAt}, and meters heard from (block-load data of the day or the
     * day before written at or after {@code heardSince}).
     */
    record GroupCounts(String group, int meters, int withBlockLoad, long blockLoadSlots, int withDailyProfile,
                       int withBillingProfile, int heardFrom) {

        public GroupCounts plus(GroupCounts o) {
            return new GroupCounts(group, meters + o.meters, withBlockLoad + o.withBlockLoad,
                    blockLoadSlots + o.blockLoadSlots, withDailyProfile + o.withDailyProfile,
                    withBillingProfile + o.withBillingProfile, heardFrom + o.heardFrom);
        }
    }

    /**
     * Counts per group: {@code serials.get(i)} belongs to {@code groups.get(i)} (same length, a meter listed once).
     * {@code dailyAt}: the instant of the daily snapshot (the day's opening midnight); {@code billingAt}: the billing
     * date whose billing profile is due.
     */
    Map<String, GroupCounts> countsByGroup(List<String> serials, List<String> groups, LocalDate day, Instant dailyAt,
                                           Instant billingAt, Instant heardSince);
}

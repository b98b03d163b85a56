package org.urja.mdms.outage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Published read API: the outages still on, for dashboards (read-only). */
public interface OpenOutages {

    /** An open outage: where (the DT or feeder, or the meter), since when, how many meters it took and how many are back. */
    record OpenOutage(long id, OutageScope scope, String nodeCode, String feederCode, String meterSerialNo,
                      Instant startedAt, Instant detectedAt, int metersAffected, int metersRestored) {
    }

    /** Open outages per scope (METER, DT, FEEDER), from the partial index of open outages. */
    Map<OutageScope, Integer> openCounts();

    /** The open outages, widest scope first (feeder, DT, meter), most recent first within a scope. */
    List<OpenOutage> open(int limit);
}

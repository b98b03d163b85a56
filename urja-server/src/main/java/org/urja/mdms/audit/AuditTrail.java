package org.urja.mdms.audit;

import java.time.OffsetDateTime;
import java.util.List;

/** Published API of the audit module: append an entry; read recent entries. */
public interface AuditTrail {

    record Entry(OffsetDateTime occurredAt, String actor, String action, String target, String outcome, String detail,
                 String remoteAddr) {
    }

    void record(String actor, String action, String target, String outcome, String detail, String remoteAddr);

    List<Entry> recent(String actor, int limit);
}

package org.urja.mdms.audit;

import java.time.OffsetDateTime;
import java.util.List;

/** Published API of the audit module: append an entry; read recent entries. */
public interface AuditTrail {

    /**
     * The action prefix of a change an administrator makes to the utility's settings (tariffs, disconnection policy,
     * VEE parameters, notification templates); its detail says what the value was and what it became
     * ({@link #change}). The administration history lists these.
     */
    String ADMIN = "ADMIN ";

    record Entry(OffsetDateTime occurredAt, String actor, String action, String target, String outcome, String detail,
                 String remoteAddr) {
    }

    void record(String actor, String action, String target, String outcome, String detail, String remoteAddr);

    List<Entry> recent(String actor, int limit);

    /** Recent entries whose action starts with one of {@code actionPrefixes}, of one actor if given, newest first. */
    List<Entry> withActions(List<String> actionPrefixes, String actor, int limit);

    /** The detail of a change: {@code old → new}, "(none)" standing for a value that did not exist. */
    static String change(Object oldValue, Object newValue) {
        return (oldValue == null ? "(none)" : oldValue) + " → " + (newValue == null ? "(none)" : newValue);
    }
}

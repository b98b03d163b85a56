package org.urja.mdms.care.internal;

import java.util.List;

/** The two kinds of case customer care keeps, with their tables: what the shared bookkeeping needs to know. */
enum CaseKind {

    SERVICE_REQUEST("SR", "service_request", "srn", "type", "service_request_history", "service_request_id",
            List.of("OPEN", "IN_PROGRESS"), "service request"),
    COMPLAINT("CR", "complaint", "crn", "category", "complaint_history", "complaint_id",
            List.of("REGISTERED", "ROUTED", "REOPENED", "VISIT_NOT_DONE"), "complaint");

    final String prefix;
    final String table;
    final String numberColumn;
    /** The column saying what it is about: a request's type, a complaint's category. */
    final String whatColumn;
    final String historyTable;
    final String historyKey;
    /** Statuses in which the case is waiting to be resolved: its SLA runs. */
    final List<String> pending;
    final String label;

    CaseKind(String prefix, String table, String numberColumn, String whatColumn, String historyTable,
             String historyKey, List<String> pending, String label) {
        this.prefix = prefix;
        this.table = table;
        this.numberColumn = numberColumn;
        this.whatColumn = whatColumn;
        this.historyTable = historyTable;
        this.historyKey = historyKey;
        this.pending = pending;
        this.label = label;
    }

    String[] pendingArray() {
        return pending.toArray(String[]::new);
    }
}

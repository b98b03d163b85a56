package org.urja.mdms.platform.csv;

import java.util.List;

/** Outcome of one CSV import. {@code rowsImported} is 0 when an all-or-nothing import found errors. */
public record ImportReport(String kind, ImportMode mode, int rowsRead, int rowsImported, int rowsRejected,
                           List<RowError> errors, long millis) {
}

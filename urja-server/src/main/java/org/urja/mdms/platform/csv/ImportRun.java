package org.urja.mdms.platform.csv;

import java.util.List;

/** Helpers for importers: decide which rows to write, and build the report. */
public final class ImportRun {

    private ImportRun() {
    }

    /** Rows to write: none if any error under ALL_OR_NOTHING, else the rows without errors. */
    public static List<CsvTable.Row> rowsToWrite(CsvTable table, ImportMode mode) {
        if (!table.fileErrors().isEmpty()) {
            return List.of();
        }
        boolean anyInvalid = table.rows().stream().anyMatch(r -> !r.valid());
        if (anyInvalid && mode == ImportMode.ALL_OR_NOTHING) {
            return List.of();
        }
        return table.rows().stream().filter(CsvTable.Row::valid).toList();
    }

    public static ImportReport report(String kind, ImportMode mode, CsvTable table, int imported, long startNanos) {
        List<RowError> errors = table.allErrors();
        int rejected = (int) table.rows().stream().filter(r -> !r.valid()).count();
        return new ImportReport(kind, mode, table.rows().size(), imported, rejected, errors,
                (System.nanoTime() - startNanos) / 1_000_000);
    }
}

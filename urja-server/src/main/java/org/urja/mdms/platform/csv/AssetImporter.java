package org.urja.mdms.platform.csv;

import java.util.List;

/**
 * A module's importer for one kind of asset-master CSV (feeders, meters, consumers, ...). Implementations
 * validate every row before writing and write in bulk; they are found by {@link #kind()} and served at
 * {@code POST /api/v1/imports/{kind}}.
 */
public interface AssetImporter {

    String kind();

    String description();

    /** Header names, required ones first; see {@link CsvTable#requireColumns}. */
    List<String> columns();

    /** Import the table. Must change nothing when mode is ALL_OR_NOTHING and any row has an error. */
    ImportReport importTable(CsvTable table, ImportMode mode);
}

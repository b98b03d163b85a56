package org.urja.mdms.network.internal;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.network.NetworkLevel;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.CsvTable.Row;
import org.urja.mdms.platform.csv.ImportMode;
import org.urja.mdms.platform.csv.ImportReport;
import org.urja.mdms.platform.csv.ImportRun;

/**
 * Imports the electrical hierarchy (circles, divisions, sub-divisions, substations, feeders, DTs). A parent may be
 * registered already or appear anywhere in the same file; its level must be the one above the child's.
 */
@Component
class NetworkNodeImporter implements AssetImporter {

    static final List<String> COLUMNS = List.of("level", "code", "name", "parent_code");

    private final JdbcClient jdbc;

    NetworkNodeImporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "network-nodes";
    }

    @Override
    public String description() {
        return "Electrical hierarchy: level (CIRCLE, DIVISION, SUBDIVISION, SUBSTATION, FEEDER, DT), code, name, parent_code";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    @Transactional
    public ImportReport importTable(CsvTable table, ImportMode mode) {
        long start = System.nanoTime();
        table.requireColumns(COLUMNS.subList(0, 3));
        for (Row row : table.rows()) {
            NetworkLevel level = row.oneOf("level", NetworkLevel.class, true);
            row.code("code", true);
            row.text("name", true, 200);
            String parent = row.code("parent_code", false);
            if (level == NetworkLevel.CIRCLE && parent != null) {
                row.reject("parent_code", "a CIRCLE has no parent");
            } else if (level != null && level != NetworkLevel.CIRCLE && parent == null && row.raw("parent_code") == null) {
                row.reject("parent_code", "is required for a " + level);
            }
        }
        Map<String, Row> inFile = ImportSupport.uniqueIn(table.rows(), "code", r -> r.raw("code"));
        Map<String, String[]> existing = ImportSupport.lookup(jdbc,
                "SELECT code, level FROM network_node WHERE code = ANY(?)", inFile.keySet());
        existing.keySet().forEach(code -> inFile.get(code).reject("code", code + " is already registered"));
        List<String> parents = table.rows().stream().map(r -> r.raw("parent_code")).filter(p -> p != null).distinct().toList();
        Map<String, String[]> existingParents = ImportSupport.lookup(jdbc,
                "SELECT code, level FROM network_node WHERE code = ANY(?)", parents);
        for (Row row : table.rows()) {
            String parent = row.raw("parent_code");
            String levelName = row.raw("level");
            if (parent == null || levelName == null || !row.valid()) {
                continue;
            }
            NetworkLevel expected = NetworkLevel.valueOf(levelName.toUpperCase(java.util.Locale.ROOT)).parentLevel();
            String parentLevel = existingParents.containsKey(parent) ? existingParents.get(parent)[0]
                    : inFile.containsKey(parent) ? inFile.get(parent).raw("level").toUpperCase(java.util.Locale.ROOT) : null;
            if (parentLevel == null) {
                row.reject("parent_code", "Unknown parent " + parent);
            } else if (!parentLevel.equals(expected.name())) {
                row.reject("parent_code", parent + " is a " + parentLevel + "; a " + levelName.toUpperCase(java.util.Locale.ROOT)
                        + " must hang under a " + expected);
            }
        }
        List<Row> rows = ImportRun.rowsToWrite(table, mode);
        // A valid-only import must not write a child whose in-file parent was rejected.
        java.util.Set<String> written = new java.util.HashSet<>(existingParents.keySet());
        int imported = 0;
        for (NetworkLevel level : NetworkLevel.values()) {
            List<Row> atLevel = rows.stream()
                    .filter(r -> r.raw("level").toUpperCase(java.util.Locale.ROOT).equals(level.name()))
                    .filter(r -> r.raw("parent_code") == null || written.contains(r.raw("parent_code")))
                    .toList();
            if (atLevel.isEmpty()) {
                continue;
            }
            imported += jdbc.sql("""
                            INSERT INTO network_node (level, code, name, parent_id)
                            SELECT ?, u.code, u.name, p.id
                            FROM unnest(?::text[], ?::text[], ?::text[]) AS u(code, name, parent_code)
                            LEFT JOIN network_node p ON p.code = u.parent_code""")
                    .params(level.name(), ImportSupport.column(atLevel, "code"), ImportSupport.column(atLevel, "name"),
                            ImportSupport.column(atLevel, "parent_code"))
                    .update();
            atLevel.forEach(r -> written.add(r.raw("code")));
        }
        return ImportRun.report(kind(), mode, table, imported, start);
    }
}

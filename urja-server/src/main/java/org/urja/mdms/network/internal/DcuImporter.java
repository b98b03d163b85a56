package org.urja.mdms.network.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.CsvTable.Row;
import org.urja.mdms.platform.csv.ImportMode;
import org.urja.mdms.platform.csv.ImportReport;
import org.urja.mdms.platform.csv.ImportRun;

/** Imports data concentrator units located at registered DTs. */
@Component
class DcuImporter implements AssetImporter {

    static final List<String> COLUMNS = List.of("code", "dt_code", "added_at");

    private final JdbcClient jdbc;

    DcuImporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "dcus";
    }

    @Override
    public String description() {
        return "Data concentrator units: code, dt_code, added_at (ISO-8601, optional)";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    @Transactional
    public ImportReport importTable(CsvTable table, ImportMode mode) {
        long start = System.nanoTime();
        table.requireColumns(COLUMNS.subList(0, 2));
        for (Row row : table.rows()) {
            row.code("code", true);
            row.code("dt_code", true);
            row.timestamp("added_at", false);
        }
        Map<String, Row> inFile = ImportSupport.uniqueIn(table.rows(), "code", r -> r.raw("code"));
        ImportSupport.lookup(jdbc, "SELECT code, code FROM dcu WHERE code = ANY(?)", inFile.keySet())
                .keySet().forEach(code -> inFile.get(code).reject("code", code + " is already registered"));
        List<String> dts = table.rows().stream().map(r -> r.raw("dt_code")).filter(d -> d != null).distinct().toList();
        Map<String, String[]> nodes = ImportSupport.lookup(jdbc, "SELECT code, level FROM network_node WHERE code = ANY(?)", dts);
        for (Row row : table.rows()) {
            String dt = row.raw("dt_code");
            if (dt != null && !nodes.containsKey(dt)) {
                row.reject("dt_code", "Unknown DT " + dt);
            } else if (dt != null && !"DT".equals(nodes.get(dt)[0])) {
                row.reject("dt_code", dt + " is a " + nodes.get(dt)[0] + ", not a DT");
            }
        }
        List<Row> rows = ImportRun.rowsToWrite(table, mode);
        if (!rows.isEmpty()) {
            String now = OffsetDateTime.now().toString();
            jdbc.sql("""
                            INSERT INTO dcu (code, dt_id, active, added_at)
                            SELECT u.code, n.id, TRUE, u.added_at::timestamptz
                            FROM unnest(?::text[], ?::text[], ?::text[]) AS u(code, dt_code, added_at)
                            JOIN network_node n ON n.code = u.dt_code""")
                    .params(ImportSupport.column(rows, "code"), ImportSupport.column(rows, "dt_code"),
                            rows.stream().map(r -> r.raw("added_at") == null ? now : r.raw("added_at")).toArray(String[]::new))
                    .update();
        }
        return ImportRun.report(kind(), mode, table, rows.size(), start);
    }
}

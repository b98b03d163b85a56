package org.urja.mdms.billing.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.network.NetworkRegistry;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.CsvTable.Row;
import org.urja.mdms.platform.csv.ImportMode;
import org.urja.mdms.platform.csv.ImportReport;
import org.urja.mdms.platform.csv.ImportRun;

/** Assigns service points to bill groups from a CSV (a service point already in another group moves). */
@Component
class BillGroupImporter implements AssetImporter {

    static final List<String> COLUMNS = List.of("service_point_code", "group_code");

    private final BillingGroups groups;
    private final NetworkRegistry network;

    BillGroupImporter(BillingGroups groups, NetworkRegistry network) {
        this.groups = groups;
        this.network = network;
    }

    @Override
    public String kind() {
        return "bill-group-members";
    }

    @Override
    public String description() {
        return "Service points of bill groups: service_point_code, group_code (the group must exist)";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    @Transactional
    public ImportReport importTable(CsvTable table, ImportMode mode) {
        long start = System.nanoTime();
        table.requireColumns(COLUMNS);
        Map<String, Row> seen = new HashMap<>();
        for (Row row : table.rows()) {
            String sp = row.code("service_point_code", true);
            row.code("group_code", true);
            Row first = sp == null ? null : seen.putIfAbsent(sp, row);
            if (first != null) {
                row.reject("service_point_code", sp + " repeats line " + first.line());
            }
        }
        Set<String> knownGroups = new java.util.HashSet<>(groups.all().stream().map(BillingGroups.Group::code).toList());
        Set<String> knownPoints = network.servicePoints(seen.keySet()).keySet();
        for (Row row : table.rows()) {
            String sp = row.raw("service_point_code");
            String group = row.raw("group_code");
            if (sp != null && !knownPoints.contains(sp)) {
                row.reject("service_point_code", "Unknown service point " + sp);
            }
            if (group != null && !knownGroups.contains(group)) {
                row.reject("group_code", "Unknown bill group " + group);
            }
        }
        List<Row> rows = ImportRun.rowsToWrite(table, mode);
        if (!rows.isEmpty()) {
            groups.write(rows.stream().map(r -> r.raw("group_code")).toList(),
                    rows.stream().map(r -> r.raw("service_point_code")).toList(), "asset-import");
        }
        return ImportRun.report(kind(), mode, table, rows.size(), start);
    }
}

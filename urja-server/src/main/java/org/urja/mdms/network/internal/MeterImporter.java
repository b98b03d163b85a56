package org.urja.mdms.network.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.network.CommPath;
import org.urja.mdms.network.MeterCategory;
import org.urja.mdms.network.MeterRole;
import org.urja.mdms.network.PaymentMode;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.CsvTable.Row;
import org.urja.mdms.platform.csv.ImportMode;
import org.urja.mdms.platform.csv.ImportReport;
import org.urja.mdms.platform.csv.ImportRun;

/**
 * Imports meters, optionally placed under a DT (or feeder, for feeder boundary meters) and DCU. Set-based
 * inserts (unnest of arrays) keep 100k meters well inside a minute.
 */
@Component
class MeterImporter implements AssetImporter {

    static final List<String> COLUMNS = List.of("serial_no", "manufacturer", "category", "interval_minutes",
            "payment_mode", "relay_capable", "comm_path", "role", "firmware_version", "multiplier", "node_code",
            "dcu_code", "installed_at");

    private final JdbcClient jdbc;

    MeterImporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "meters";
    }

    @Override
    public String description() {
        return "Meters: serial_no, manufacturer, category, interval_minutes, payment_mode, relay_capable, comm_path, role,"
                + " firmware_version, multiplier, node_code (DT, or feeder for FEEDER_BOUNDARY), dcu_code, installed_at";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    @Transactional
    public ImportReport importTable(CsvTable table, ImportMode mode) {
        long start = System.nanoTime();
        table.requireColumns(COLUMNS.subList(0, 8));
        for (Row row : table.rows()) {
            row.code("serial_no", true);
            row.text("manufacturer", true, 100);
            MeterCategory category = row.oneOf("category", MeterCategory.class, true);
            row.oneOf("interval_minutes", java.util.Set.of("15", "30"), true);
            row.oneOf("payment_mode", PaymentMode.class, true);
            Boolean relay = row.bool("relay_capable", true);
            CommPath path = row.oneOf("comm_path", CommPath.class, true);
            row.oneOf("role", MeterRole.class, true);
            row.text("firmware_version", false, 64);
            row.decimal("multiplier", false, new BigDecimal("0.0001"), new BigDecimal("99999999"));
            String node = row.code("node_code", false);
            String dcu = row.code("dcu_code", false);
            row.timestamp("installed_at", false);
            if (Boolean.TRUE.equals(relay) && category != null && !category.mayHaveRelay()) {
                row.reject("relay_capable", "a " + category + " (CT-operated) meter has no disconnect relay");
            }
            if (node != null && path == CommPath.RF_MESH && dcu == null) {
                row.reject("dcu_code", "an RF_MESH meter placed in the network needs a DCU");
            }
            if (node == null && dcu != null) {
                row.reject("node_code", "a meter on a DCU must be placed under a DT");
            }
        }
        Map<String, Row> inFile = ImportSupport.uniqueIn(table.rows(), "serial_no", r -> r.raw("serial_no"));
        ImportSupport.lookup(jdbc, "SELECT serial_no, serial_no FROM meter WHERE serial_no = ANY(?)", inFile.keySet())
                .keySet().forEach(s -> inFile.get(s).reject("serial_no", s + " is already registered"));
        Map<String, String[]> nodes = ImportSupport.lookup(jdbc, "SELECT code, level FROM network_node WHERE code = ANY(?)",
                table.rows().stream().map(r -> r.raw("node_code")).filter(c -> c != null).distinct().toList());
        Map<String, String[]> dcus = ImportSupport.lookup(jdbc, "SELECT code, active::text FROM dcu WHERE code = ANY(?)",
                table.rows().stream().map(r -> r.raw("dcu_code")).filter(c -> c != null).distinct().toList());
        for (Row row : table.rows()) {
            String node = row.raw("node_code");
            String role = row.raw("role");
            if (node != null && !nodes.containsKey(node)) {
                row.reject("node_code", "Unknown network node " + node);
            } else if (node != null && role != null && row.valid()) {
                String expected = MeterRole.valueOf(role.toUpperCase(java.util.Locale.ROOT)) == MeterRole.FEEDER_BOUNDARY
                        ? "FEEDER" : "DT";
                if (!expected.equals(nodes.get(node)[0])) {
                    row.reject("node_code", "a " + role + " meter is placed under a " + expected + "; " + node
                            + " is a " + nodes.get(node)[0]);
                }
            }
            String dcu = row.raw("dcu_code");
            if (dcu != null && !dcus.containsKey(dcu)) {
                row.reject("dcu_code", "Unknown DCU " + dcu);
            } else if (dcu != null && !"true".equals(dcus.get(dcu)[0])) {
                row.reject("dcu_code", "DCU " + dcu + " was removed");
            }
        }
        List<Row> rows = ImportRun.rowsToWrite(table, mode);
        if (!rows.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO meter (serial_no, manufacturer, category, interval_minutes, payment_mode, relay_capable,
                                               comm_path, role, firmware_version, multiplier)
                            SELECT u.serial_no, u.manufacturer, upper(replace(u.category, '-', '_')), u.interval_minutes::smallint,
                                   upper(replace(u.payment_mode, '-', '_')), u.relay_capable, upper(replace(u.comm_path, '-', '_')),
                                   upper(replace(u.role, '-', '_')), u.firmware_version, coalesce(u.multiplier::numeric, 1)
                            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[],
                                        ?::text[], ?::text[], ?::text[])
                                 AS u(serial_no, manufacturer, category, interval_minutes, payment_mode, relay_capable,
                                      comm_path, role, firmware_version, multiplier)""")
                    .params(ImportSupport.column(rows, "serial_no"), ImportSupport.column(rows, "manufacturer"),
                            ImportSupport.column(rows, "category"), ImportSupport.column(rows, "interval_minutes"),
                            ImportSupport.column(rows, "payment_mode"),
                            rows.stream().map(r -> r.bool("relay_capable", true)).toArray(Boolean[]::new),
                            ImportSupport.column(rows, "comm_path"), ImportSupport.column(rows, "role"),
                            ImportSupport.column(rows, "firmware_version"), ImportSupport.column(rows, "multiplier"))
                    .update();
            List<Row> placed = rows.stream().filter(r -> r.raw("node_code") != null).toList();
            if (!placed.isEmpty()) {
                String now = OffsetDateTime.now().toString();
                jdbc.sql("""
                                INSERT INTO meter_placement (meter_id, node_id, dcu_id, valid_from, reason)
                                SELECT m.id, n.id, d.id, u.installed_at::timestamptz, 'IMPORTED'
                                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(serial_no, node_code, dcu_code, installed_at)
                                JOIN meter m ON m.serial_no = u.serial_no
                                JOIN network_node n ON n.code = u.node_code
                                LEFT JOIN dcu d ON d.code = u.dcu_code""")
                        .params(ImportSupport.column(placed, "serial_no"), ImportSupport.column(placed, "node_code"),
                                ImportSupport.column(placed, "dcu_code"),
                                placed.stream().map(r -> r.raw("installed_at") == null ? now : r.raw("installed_at"))
                                        .toArray(String[]::new))
                        .update();
            }
        }
        return ImportRun.report(kind(), mode, table, rows.size(), start);
    }
}

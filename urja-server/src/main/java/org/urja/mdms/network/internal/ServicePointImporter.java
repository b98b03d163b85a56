package org.urja.mdms.network.internal;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.urja.mdms.customer.ConsumerAccounts;
import org.urja.mdms.platform.csv.AssetImporter;
import org.urja.mdms.platform.csv.CsvTable;
import org.urja.mdms.platform.csv.CsvTable.Row;
import org.urja.mdms.platform.csv.ImportMode;
import org.urja.mdms.platform.csv.ImportReport;
import org.urja.mdms.platform.csv.ImportRun;

/** Imports service points of registered consumers, each optionally with the consumer meter installed there. */
@Component
class ServicePointImporter implements AssetImporter {

    static final List<String> COLUMNS = List.of("code", "consumer_no", "address", "meter_serial_no", "installed_at",
            "initial_reading_kwh");

    private final JdbcClient jdbc;
    private final ConsumerAccounts consumers;

    ServicePointImporter(JdbcClient jdbc, ConsumerAccounts consumers) {
        this.jdbc = jdbc;
        this.consumers = consumers;
    }

    @Override
    public String kind() {
        return "service-points";
    }

    @Override
    public String description() {
        return "Service points: code, consumer_no, address, meter_serial_no (optional: installs that meter), installed_at,"
                + " initial_reading_kwh";
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
            row.code("consumer_no", true);
            row.text("address", false, 500);
            row.code("meter_serial_no", false);
            row.timestamp("installed_at", false);
            row.decimal("initial_reading_kwh", false, BigDecimal.ZERO, new BigDecimal("99999999999"));
        }
        Map<String, Row> inFile = ImportSupport.uniqueIn(table.rows(), "code", r -> r.raw("code"));
        ImportSupport.lookup(jdbc, "SELECT code, code FROM service_point WHERE code = ANY(?)", inFile.keySet())
                .keySet().forEach(c -> inFile.get(c).reject("code", c + " is already registered"));
        Set<String> unknownConsumers = consumers.unknown(
                table.rows().stream().map(r -> r.raw("consumer_no")).filter(c -> c != null).distinct().toList());
        Map<String, Row> metersInFile = ImportSupport.uniqueIn(table.rows(), "meter_serial_no", r -> r.raw("meter_serial_no"));
        Map<String, String[]> meters = ImportSupport.lookup(jdbc, """
                SELECT m.serial_no, m.role, s.code FROM meter m
                LEFT JOIN meter_installation i ON i.meter_id = m.id AND i.removed_at IS NULL
                LEFT JOIN service_point s ON s.id = i.service_point_id
                WHERE m.serial_no = ANY(?)""", metersInFile.keySet());
        for (Row row : table.rows()) {
            String consumer = row.raw("consumer_no");
            if (consumer != null && unknownConsumers.contains(consumer)) {
                row.reject("consumer_no", "Unknown consumer " + consumer);
            }
            String serial = row.raw("meter_serial_no");
            if (serial == null) {
                continue;
            }
            String[] meter = meters.get(serial);
            if (meter == null) {
                row.reject("meter_serial_no", "Unknown meter " + serial);
            } else if (!"CONSUMER".equals(meter[0])) {
                row.reject("meter_serial_no", "Meter " + serial + " is a " + meter[0] + " meter, not a consumer meter");
            } else if (meter[1] != null) {
                row.reject("meter_serial_no", "Meter " + serial + " is already installed at service point " + meter[1]);
            }
        }
        List<Row> rows = ImportRun.rowsToWrite(table, mode);
        if (!rows.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO service_point (code, consumer_no, address)
                            SELECT * FROM unnest(?::text[], ?::text[], ?::text[])""")
                    .params(ImportSupport.column(rows, "code"), ImportSupport.column(rows, "consumer_no"),
                            ImportSupport.column(rows, "address"))
                    .update();
            List<Row> installed = rows.stream().filter(r -> r.raw("meter_serial_no") != null).toList();
            if (!installed.isEmpty()) {
                String now = OffsetDateTime.now().toString();
                jdbc.sql("""
                                INSERT INTO meter_installation (service_point_id, meter_id, installed_at, initial_reading_kwh)
                                SELECT s.id, m.id, u.installed_at::timestamptz, u.initial::numeric
                                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(code, serial_no, installed_at, initial)
                                JOIN service_point s ON s.code = u.code
                                JOIN meter m ON m.serial_no = u.serial_no""")
                        .params(ImportSupport.column(installed, "code"), ImportSupport.column(installed, "meter_serial_no"),
                                installed.stream().map(r -> r.raw("installed_at") == null ? now : r.raw("installed_at"))
                                        .toArray(String[]::new),
                                ImportSupport.column(installed, "initial_reading_kwh"))
                        .update();
            }
        }
        return ImportRun.report(kind(), mode, table, rows.size(), start);
    }
}

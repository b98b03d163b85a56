package org.urja.mdms.customer.internal;

import java.math.BigDecimal;
import java.util.HashMap;
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

/** Imports consumer accounts from the CIS master. New accounts only: an existing consumer number is an error. */
@Component
class ConsumerImporter implements AssetImporter {

    static final List<String> COLUMNS = List.of("consumer_no", "name", "address", "sanctioned_load_kw",
            "tariff_category", "phone", "email");

    private final JdbcClient jdbc;

    ConsumerImporter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return "consumers";
    }

    @Override
    public String description() {
        return "Consumer accounts (consumer number, name, address, sanctioned load kW, tariff category, phone, email)";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    @Transactional
    public ImportReport importTable(CsvTable table, ImportMode mode) {
        long start = System.nanoTime();
        table.requireColumns(COLUMNS.subList(0, 5));
        Map<String, Row> seen = new HashMap<>();
        for (Row row : table.rows()) {
            String no = row.code("consumer_no", true);
            row.text("name", true, 200);
            row.text("address", true, 500);
            row.decimal("sanctioned_load_kw", true, new BigDecimal("0.001"), new BigDecimal("100000"));
            row.code("tariff_category", true);
            String phone = row.text("phone", false, 20);
            if (phone != null && !phone.matches("\\+?[0-9]{10,15}")) {
                row.reject("phone", "'" + phone + "' is not a phone number (10-15 digits, optional +)");
            }
            String email = row.text("email", false, 200);
            if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                row.reject("email", "'" + email + "' is not an email address");
            }
            if (no != null) {
                Row first = seen.putIfAbsent(no, row);
                if (first != null) {
                    row.reject("consumer_no", no + " repeats line " + first.line());
                }
            }
        }
        if (!seen.isEmpty()) {
            jdbc.sql("SELECT consumer_no FROM consumer_account WHERE consumer_no = ANY(?)")
                    .param(seen.keySet().toArray(String[]::new))
                    .query(String.class).list()
                    .forEach(no -> seen.get(no).reject("consumer_no", no + " is already registered"));
        }
        List<Row> rows = ImportRun.rowsToWrite(table, mode);
        if (!rows.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO consumer_account (consumer_no, name, address, phone, email, sanctioned_load_kw, tariff_category)
                            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[])""")
                    .param(column(rows, "consumer_no"))
                    .param(column(rows, "name"))
                    .param(column(rows, "address"))
                    .param(column(rows, "phone"))
                    .param(column(rows, "email"))
                    .param(column(rows, "sanctioned_load_kw"))
                    .param(column(rows, "tariff_category"))
                    .update();
        }
        return ImportRun.report(kind(), mode, table, rows.size(), start);
    }

    private static String[] column(List<Row> rows, String name) {
        return rows.stream().map(r -> r.raw(name)).toArray(String[]::new);
    }
}

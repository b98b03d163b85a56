package org.urja.mdms.network.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.urja.mdms.platform.csv.CsvTable.Row;

/** Small helpers shared by the network importers. */
final class ImportSupport {

    private ImportSupport() {
    }

    /** Rejects the later of two rows with the same key; returns key → first row. */
    static Map<String, Row> uniqueIn(List<Row> rows, String column, Function<Row, String> key) {
        Map<String, Row> seen = new HashMap<>();
        for (Row row : rows) {
            String k = key.apply(row);
            if (k == null) {
                continue;
            }
            Row first = seen.putIfAbsent(k, row);
            if (first != null) {
                row.reject(column, k + " repeats line " + first.line());
            }
        }
        return seen;
    }

    /** Looks up keys in one query: SELECT key, value ... WHERE key = ANY(?). */
    static Map<String, String[]> lookup(JdbcClient jdbc, String sql, Collection<String> keys) {
        Map<String, String[]> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.sql(sql).param(keys.toArray(String[]::new)).query(rs -> {
            int n = rs.getMetaData().getColumnCount();
            String[] values = new String[n - 1];
            for (int i = 2; i <= n; i++) {
                values[i - 2] = rs.getString(i);
            }
            found.put(rs.getString(1), values);
        });
        return found;
    }

    static String[] column(List<Row> rows, String name) {
        return rows.stream().map(r -> r.raw(name)).toArray(String[]::new);
    }
}

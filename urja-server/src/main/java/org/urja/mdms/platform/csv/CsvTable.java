package org.urja.mdms.platform.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A parsed CSV file with a header line, and typed, validating access to its rows. Every getter records a
 * {@link RowError} (with the file line number) instead of throwing, so one pass reports every problem.
 */
public final class CsvTable {

    private final List<String> header;
    private final List<Row> rows;
    private final List<RowError> fileErrors = new ArrayList<>();

    private CsvTable(List<String> header, List<Row> rows) {
        this.header = header;
        this.rows = rows;
    }

    public static CsvTable parse(Reader reader) {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader().setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            Map<String, Integer> index = new java.util.HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                index.putIfAbsent(header.get(i), i);
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                rows.add(new Row(index, record));
            }
            return new CsvTable(header, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            CsvTable broken = new CsvTable(List.of(), List.of());
            broken.fileErrors.add(new RowError(1, "file", "Unreadable CSV: " + e.getMessage()));
            return broken;
        }
    }

    /** Records a file-level error for each required column missing from the header. */
    public boolean requireColumns(Collection<String> required) {
        for (String column : required) {
            if (!header.contains(column)) {
                fileErrors.add(new RowError(1, column, "Missing column '" + column + "' in header"));
            }
        }
        return fileErrors.isEmpty();
    }

    public List<Row> rows() {
        return rows;
    }

    public List<RowError> fileErrors() {
        return fileErrors;
    }

    /** Collects errors from file level and all rows, in line order. */
    public List<RowError> allErrors() {
        List<RowError> all = new ArrayList<>(fileErrors);
        rows.forEach(r -> all.addAll(r.errors()));
        return all;
    }

    /** One data row. */
    public static final class Row {
        private final Map<String, Integer> index;
        private final CSVRecord record;
        private final List<RowError> errors = new ArrayList<>();

        Row(Map<String, Integer> index, CSVRecord record) {
            this.index = index;
            this.record = record;
        }

        /** Line in the file, counting the header as line 1. */
        public int line() {
            return (int) record.getRecordNumber() + 1;
        }

        public List<RowError> errors() {
            return errors;
        }

        public boolean valid() {
            return errors.isEmpty();
        }

        public void reject(String column, String message) {
            errors.add(new RowError(line(), column, message));
        }

        /** The trimmed value, or null when the column is absent or blank. */
        public String raw(String column) {
            Integer i = index.get(column);
            if (i == null || i >= record.size()) {
                return null;
            }
            String v = record.get(i);
            return v == null || v.isBlank() ? null : v;
        }

        public String text(String column, boolean required, int maxLength) {
            String v = raw(column);
            if (v == null) {
                if (required) {
                    reject(column, "is required");
                }
                return null;
            }
            if (v.length() > maxLength) {
                reject(column, "is longer than " + maxLength + " characters");
                return null;
            }
            return v;
        }

        public String code(String column, boolean required) {
            String v = text(column, required, 64);
            if (v != null && !v.matches("[A-Za-z0-9][A-Za-z0-9._/-]*")) {
                reject(column, "'" + v + "' may hold only letters, digits and . _ / -");
                return null;
            }
            return v;
        }

        public <E extends Enum<E>> E oneOf(String column, Class<E> type, boolean required) {
            String v = text(column, required, 64);
            if (v == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                reject(column, "'" + v + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
                return null;
            }
        }

        public String oneOf(String column, Set<String> allowed, boolean required) {
            String v = text(column, required, 64);
            if (v != null && !allowed.contains(v)) {
                reject(column, "'" + v + "' is not one of " + allowed);
                return null;
            }
            return v;
        }

        public BigDecimal decimal(String column, boolean required, BigDecimal min, BigDecimal max) {
            String v = text(column, required, 32);
            if (v == null) {
                return null;
            }
            try {
                BigDecimal d = new BigDecimal(v);
                if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                    reject(column, v + " is outside " + min.toPlainString() + ".." + max.toPlainString());
                    return null;
                }
                return d;
            } catch (NumberFormatException e) {
                reject(column, "'" + v + "' is not a number");
                return null;
            }
        }

        public Boolean bool(String column, boolean required) {
            String v = text(column, required, 8);
            if (v == null) {
                return null;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "y", "1" -> Boolean.TRUE;
                case "false", "no", "n", "0" -> Boolean.FALSE;
                default -> {
                    reject(column, "'" + v + "' is not true/false");
                    yield null;
                }
            };
        }

        public OffsetDateTime timestamp(String column, boolean required) {
            String v = text(column, required, 40);
            if (v == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(v);
            } catch (DateTimeParseException e) {
                reject(column, "'" + v + "' is not an ISO-8601 date-time with offset (e.g. 2026-01-31T10:00:00+05:30)");
                return null;
            }
        }
    }
}

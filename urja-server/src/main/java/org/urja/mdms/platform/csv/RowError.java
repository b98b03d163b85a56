package org.urja.mdms.platform.csv;

/** One problem in one CSV row: the file line (1 = header), the column (field), and what is wrong. */
public record RowError(int line, String field, String message) {
}

package org.nlsig.report.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nlsig.io.Csv;

/**
 * A table of results: a file-system-safe name (files are {@code name.csv} and {@code name.md}), a title, column
 * names and rows of cells. Cells are strings, numbers (NaN shown empty), or null (empty). CSV keeps full double
 * precision; Markdown and HTML show {@code digits} decimals.
 */
public record Table(String name, String title, List<String> columns, List<List<Object>> rows, int digits) {

    public Table {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("table " + name + ": a row has " + r.size() + " cells, the table "
                        + columns.size() + " columns");
            }
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
        }
        rows = List.copyOf(copy);
    }

    /** Builds a table row by row. */
    public static Builder builder(String name, String title, String... columns) {
        return new Builder(name, title, List.of(columns));
    }

    public static final class Builder {
        private final String name;
        private final String title;
        private final List<String> columns;
        private final List<List<Object>> rows = new ArrayList<>();
        private int digits = 4;

        private Builder(String name, String title, List<String> columns) {
            this.name = name;
            this.title = title;
            this.columns = columns;
        }

        public Builder row(Object... cells) {
            rows.add(java.util.Arrays.asList(cells));
            return this;
        }

        public Builder digits(int d) {
            this.digits = d;
            return this;
        }

        public Table build() {
            return new Table(name, title, columns, rows, digits);
        }
    }

    public String toCsv() {
        StringBuilder b = new StringBuilder();
        b.append(String.join(",", columns.stream().map(Csv::text).toList())).append('\n');
        for (List<Object> r : rows) {
            b.append(String.join(",", r.stream().map(Table::csvCell).toList())).append('\n');
        }
        return b.toString();
    }

    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", columns.stream().map(Table::markdownCell).toList())).append(" |\n");
        b.append("|").append("---|".repeat(columns.size())).append('\n');
        for (List<Object> r : rows) {
            b.append("| ").append(String.join(" | ", r.stream().map(c -> markdownCell(shown(c))).toList()))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** The cell as Markdown and HTML show it. */
    public String shown(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double || cell instanceof Float) {
            double v = ((Number) cell).doubleValue();
            if (!Double.isFinite(v)) {
                return "";
            }
            double a = Math.abs(v);
            if (a != 0 && (a >= 1e6 || a < Math.pow(10, -digits))) {
                return String.format(Locale.ROOT, "%." + Math.max(1, digits - 1) + "e", v);
            }
            return String.format(Locale.ROOT, "%." + digits + "f", v);
        }
        return cell.toString();
    }

    private static String exact(Object cell) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof Double || cell instanceof Float) {
            double v = ((Number) cell).doubleValue();
            return Double.isFinite(v) ? Double.toString(v) : "";
        }
        return cell.toString();
    }

    /** Numbers as they are (numeric columns stay numeric); text defused against formula injection. */
    private static String csvCell(Object cell) {
        return cell instanceof Number ? Csv.quote(exact(cell)) : Csv.text(exact(cell));
    }

    private static String markdownCell(String s) {
        return markdownText(s);
    }

    /**
     * Text for a Markdown table cell or heading: {@code & < >} as entities (no raw HTML reaches the page),
     * {@code |} escaped, line breaks as spaces.
     */
    public static String markdownText(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
                .replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}

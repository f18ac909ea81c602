package org.nlsig.report.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a comparison knows about a model besides its signature, from {@code models.csv}: a header row naming the
 * columns, then one row per model. {@code name} is required and matches the signature's model name; {@code family},
 * {@code year}, {@code accuracy}, {@code parameters} and {@code macs} are optional columns, and empty cells are
 * unknown. Parameters and multiply-accumulates given here replace the signature's.
 *
 * @param accuracy   top-1 accuracy, NaN when unknown
 * @param parameters NaN when unknown (the signature's count is used)
 * @param macs       NaN when unknown (the signature's estimate is used)
 */
public record ModelMetadata(String name, String family, Integer year, double accuracy, double parameters,
        double macs) {

    static final List<String> COLUMNS = List.of("name", "family", "year", "accuracy", "parameters", "macs");

    /**
     * Reads models.csv.
     *
     * @throws IOException naming the file, row and column of anything it cannot read
     */
    public static List<ModelMetadata> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IOException(file + ": empty; expected a header row such as name,family,year,accuracy");
        }
        List<String> header = split(lines.get(0)).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        for (String h : header) {
            if (!COLUMNS.contains(h)) {
                throw new IOException(file + ": unknown column '" + h + "' in the header (known: "
                        + String.join(", ", COLUMNS) + ")");
            }
        }
        if (!header.contains("name")) {
            throw new IOException(file + ": the header has no 'name' column");
        }
        List<ModelMetadata> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int r = 1; r < lines.size(); r++) {
            if (lines.get(r).isBlank()) {
                continue;
            }
            List<String> cells = split(lines.get(r));
            if (cells.size() != header.size()) {
                throw new IOException(file + ": row " + (r + 1) + " has " + cells.size() + " cells, the header "
                        + header.size());
            }
            String name = cell(cells, header, "name");
            if (name == null) {
                throw new IOException(file + ": row " + (r + 1) + " has no model name");
            }
            if (!seen.add(name)) {
                throw new IOException(file + ": row " + (r + 1) + ": model '" + name + "' is listed twice");
            }
            String year = cell(cells, header, "year");
            Integer y;
            try {
                y = year == null ? null : Integer.valueOf(year);
            } catch (NumberFormatException e) {
                throw new IOException(file + ": row " + (r + 1) + ", column year: '" + year + "' is not a year");
            }
            out.add(new ModelMetadata(name, cell(cells, header, "family"), y,
                    number(file, r, cells, header, "accuracy"), number(file, r, cells, header, "parameters"),
                    number(file, r, cells, header, "macs")));
        }
        return out;
    }

    private static String cell(List<String> cells, List<String> header, String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            return null;
        }
        String v = cells.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    private static double number(Path file, int r, List<String> cells, List<String> header, String column)
            throws IOException {
        String v = cell(cells, header, column);
        if (v == null) {
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IOException(file + ": row " + (r + 1) + ", column " + column + ": '" + v
                    + "' is not a number");
        }
    }

    /** Splits a CSV line, honouring double quotes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}

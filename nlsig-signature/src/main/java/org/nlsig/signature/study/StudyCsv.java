package org.nlsig.signature.study;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nlsig.data.preprocess.Presets;
import org.nlsig.data.source.DataSpec;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.signature.result.MetricName;

/**
 * Reads STUDY.csv: a header row naming the columns, then one row per run. {@code name}, {@code model} and {@code
 * data} are required; the others are optional and an empty cell takes the default of {@code nlsig signature}.
 * Cells may be quoted (RFC 4180: {@code "0.5,0.5,0.5"}). Everything is checked before anything runs: an unknown
 * column, a duplicate name, a missing model file or a bad value is refused naming the file, the row's line and the
 * column.
 */
public final class StudyCsv {
    /** What a run computes. */
    public static final List<String> RUN_COLUMNS = List.of("name", "model", "data", "preset", "mean", "std",
            "batch_size", "batches", "pooling", "metrics", "shuffle");
    /** What the report says about a run. */
    public static final List<String> FACT_COLUMNS = List.of("family", "year", "accuracy", "group", "checkpoint",
            "dataset");
    private static final List<String> REQUIRED = List.of("name", "model", "data");
    /** Data kinds whose arguments (those without '=') are paths, resolved against the CSV's folder. */
    private static final Set<String> PATH_KINDS = Set.of("imagefolder", "cifar10", "cifar100", "idx", "npy");
    private static final int DEFAULT_BATCH_SIZE = 512;

    private StudyCsv() {
    }

    /**
     * The rows of a study file, in file order.
     *
     * @throws UserInputException naming the file, the line and the column of the first problem
     */
    public static List<StudyRow> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such study file");
        }
        Path folder = file.toAbsolutePath().getParent();
        List<RawRow> raw = rawRows(file);
        if (raw.isEmpty()) {
            throw new UserInputException(file + ": empty; expected a header row such as name,model,data");
        }
        List<String> header = raw.get(0).cells().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        for (String h : header) {
            if (!RUN_COLUMNS.contains(h) && !FACT_COLUMNS.contains(h)) {
                throw new UserInputException(file + ": line " + raw.get(0).line() + ": unknown column '" + h
                        + "' (known: " + String.join(", ", RUN_COLUMNS) + ", " + String.join(", ", FACT_COLUMNS)
                        + ")");
            }
            if (header.indexOf(h) != header.lastIndexOf(h)) {
                throw new UserInputException(file + ": line " + raw.get(0).line() + ": column '" + h
                        + "' appears twice");
            }
        }
        for (String r : REQUIRED) {
            if (!header.contains(r)) {
                throw new UserInputException(file + ": the header has no '" + r + "' column (required: "
                        + String.join(", ", REQUIRED) + ")");
            }
        }
        List<StudyRow> rows = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (RawRow r : raw.subList(1, raw.size())) {
            if (r.cells().stream().allMatch(String::isBlank)) {
                continue;
            }
            if (r.cells().size() != header.size()) {
                throw new UserInputException(file + ": line " + r.line() + " has " + r.cells().size()
                        + " cells, the header " + header.size());
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String v = r.cells().get(i).trim();
                cells.put(header.get(i), v.isEmpty() ? null : v);
            }
            StudyRow row = new Row(file, folder, r.line(), cells).parse();
            Integer earlier = names.putIfAbsent(row.name(), row.line());
            if (earlier != null) {
                throw new UserInputException(file + ": line " + r.line() + ", column 'name': '" + row.name()
                        + "' is already the name of the run on line " + earlier + "; names must be unique");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new UserInputException(file + ": no runs (only a header row)");
        }
        return rows;
    }

    private record RawRow(int line, List<String> cells) {
    }

    /** Every record with the line it starts on (a quoted cell may span lines). */
    private static List<RawRow> rawRows(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<RawRow> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(in)) {
            while (true) {
                // the parser stands at the end of the previous record: the next one starts on the following line
                int line = out.isEmpty() ? 1 : it.getParser().currentLocation().getLineNr();
                if (!it.hasNextValue()) {
                    break;
                }
                out.add(new RawRow(line, List.of(it.nextValue())));
            }
        } catch (RuntimeException | IOException e) {
            if (e instanceof UserInputException u) {
                throw u;
            }
            throw new UserInputException(file + ": not a readable CSV file (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")", e);
        }
        return out;
    }

    /** One row's cells, parsed column by column, each problem naming the line and the column. */
    private record Row(Path file, Path folder, int line, Map<String, String> cells) {

        StudyRow parse() {
            String name = required("name");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw error("name", "'" + name + "' is not a folder name: use letters, digits, '.', '_' and '-'");
            }
            Path model = folder.resolve(required("model")).normalize();
            if (!Files.isRegularFile(model)) {
                throw error("model", "no model file " + model);
            }
            String data = parsed("data", spec -> resolveSpec(spec, folder), null);
            try {
                DataSpec.parse(data);
            } catch (UserInputException e) {
                throw error("data", e.getMessage());
            }
            String preset = parsed("preset", p -> {
                Presets.byName(p);
                return p;
            }, null);
            List<Float> mean = parsed("mean", StudyCsv::floats, null);
            List<Float> std = parsed("std", StudyCsv::floats, null);
            int batchSize = parsed("batch_size", v -> atLeast(Integer.parseInt(v), 2, "at least 2 (the score needs"
                    + " 2 samples)"), DEFAULT_BATCH_SIZE);
            int batches = parsed("batches", v -> v.equalsIgnoreCase("all") ? 0
                    : atLeast(Integer.parseInt(v), 1, "a count of at least 1, or all"), 0);
            PoolingMode pooling = parsed("pooling", PoolingMode::parse, PoolingMode.CHANNELS);
            List<MetricName> metrics = parsed("metrics", MetricName::parseList, List.of());
            Long shuffle = parsed("shuffle", Long::parseLong, null);
            Integer year = parsed("year", v -> atLeast(Integer.parseInt(v), 1900, "a year such as 2016"), null);
            Double accuracy = parsed("accuracy", v -> {
                double a = Double.parseDouble(v);
                if (!(a >= 0 && a <= 1)) {
                    throw new IllegalArgumentException("a top-1 accuracy between 0 and 1, got " + v);
                }
                return a;
            }, null);
            StudyRow.Facts facts = new StudyRow.Facts(cells.get("family"), year, accuracy, cells.get("group"),
                    cells.get("checkpoint"), cells.get("dataset"));
            return new StudyRow(line, name, model.toString(), data, preset, mean, std, batchSize, batches, pooling,
                    metrics, shuffle, facts);
        }

        private String required(String column) {
            String v = cells.get(column);
            if (v == null) {
                throw error(column, "empty; every run needs a " + column);
            }
            return v;
        }

        /** The cell parsed, or the default when empty; a rejected value names the cell. */
        private <T> T parsed(String column, Function<String, T> parser, T fallback) {
            String v = cells.get(column);
            if (v == null) {
                if (REQUIRED.contains(column)) {
                    required(column);
                }
                return fallback;
            }
            try {
                return parser.apply(v);
            } catch (NumberFormatException e) {
                throw error(column, "'" + v + "' is not a number");
            } catch (IllegalArgumentException | UserInputException e) {
                throw error(column, e.getMessage());
            }
        }

        private UserInputException error(String column, String what) {
            return new UserInputException(file + ": line " + line + ", column '" + column + "': " + what);
        }
    }

    private static int atLeast(int value, int min, String what) {
        if (value < min) {
            throw new IllegalArgumentException("must be " + what + ", got " + value);
        }
        return value;
    }

    private static List<Float> floats(String text) {
        List<Float> out = new ArrayList<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                float f = Float.parseFloat(part);
                if (!Float.isFinite(f)) {
                    throw new IllegalArgumentException("'" + part + "' is not a finite number");
                }
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The spec with the relative paths of a path kind ({@code npy:x.npy,y.npy}) resolved against the CSV's folder;
     * other specs ({@code random:...}, dataset names) as given.
     */
    static String resolveSpec(String spec, Path folder) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || !PATH_KINDS.contains(spec.substring(0, colon).toLowerCase(Locale.ROOT))) {
            return spec;
        }
        List<String> parts = new ArrayList<>();
        for (String part : spec.substring(colon + 1).split(",", -1)) {
            String p = part.trim();
            boolean path = !p.isEmpty() && !p.contains("=") && !Path.of(p).isAbsolute();
            parts.add(path ? folder.resolve(p).normalize().toString() : part);
        }
        return spec.substring(0, colon + 1) + String.join(",", parts);
    }
}

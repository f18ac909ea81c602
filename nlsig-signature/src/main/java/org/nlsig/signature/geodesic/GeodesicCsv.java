package org.nlsig.signature.geodesic;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nlsig.io.AtomicFile;
import org.nlsig.io.Csv;

/**
 * Writes {@code geodesic.csv}: one row per sample with its line-shape score over the whole track ({@code lss}) and
 * over each segment ({@code lss_FROM_TO}), written atomically. Infinite scores are written {@code inf}; a column
 * without a value (no whole-track score when the track's shape changes) is absent.
 */
public final class GeodesicCsv {
    private GeodesicCsv() {
    }

    public static void write(Path file, GeodesicResult result) throws IOException {
        AtomicFile.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(w, result);
            w.flush();
        });
    }

    static void write(Writer w, GeodesicResult r) throws IOException {
        List<GeodesicResult.Scores> columns = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("sample", "id"));
        if (r.whole() != null) {
            columns.add(r.whole());
            header.add("lss");
        }
        for (GeodesicResult.Scores s : r.segments()) {
            if (s != r.whole() || r.whole() == null) {
                columns.add(s);
                header.add("lss_" + s.from() + "_" + s.to());
            }
        }
        w.write(String.join(",", header));
        w.write('\n');
        for (int i = 0; i < r.samples(); i++) {
            StringBuilder row = new StringBuilder().append(i).append(',').append(quote(r.sampleIds().get(i)));
            for (GeodesicResult.Scores s : columns) {
                Double v = s.lss().get(i);
                row.append(',').append(v == null ? "" : Double.isInfinite(v) ? "inf" : Double.toString(v));
            }
            w.write(row.append('\n').toString());
        }
    }

    /** Sample ids come from file names: quoted, and defused against formula injection ({@link Csv#text}). */
    private static String quote(String field) {
        return Csv.text(field);
    }
}

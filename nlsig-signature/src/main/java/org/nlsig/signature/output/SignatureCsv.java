package org.nlsig.signature.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nlsig.io.AtomicFile;
import org.nlsig.io.Csv;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;
import org.nlsig.signature.result.Statistic;

/** {@code signature.csv}: one row per site with means and standard deviations, for spreadsheets and pandas. */
public final class SignatureCsv {
    private SignatureCsv() {
    }

    public static String toCsv(Signature signature) {
        List<String> metricNames = signature.sites().isEmpty() ? List.of()
                : new ArrayList<>(signature.sites().get(0).metrics().keySet());
        StringBuilder sb = new StringBuilder(
                "index,name,kind,op,feature_axis,pooled_dim,affinity_mean,affinity_std,affinity_min,affinity_max,batches");
        for (String m : metricNames) {
            sb.append(',').append(m).append("_mean,").append(m).append("_std");
        }
        sb.append('\n');
        for (SiteResult s : signature.sites()) {
            Statistic a = s.affinity();
            sb.append(s.index()).append(',').append(quote(s.name())).append(',').append(quote(s.kind())).append(',')
                    .append(quote(s.op())).append(',').append(s.featureAxis()).append(',').append(s.pooledDim())
                    .append(',').append(num(a.mean())).append(',').append(num(a.std())).append(',')
                    .append(num(a.min())).append(',').append(num(a.max())).append(',').append(a.count());
            for (String m : metricNames) {
                Statistic st = s.metrics().get(m);
                sb.append(',').append(st == null ? "" : num(st.mean())).append(',')
                        .append(st == null ? "" : num(st.std()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, Signature signature) throws IOException {
        byte[] bytes = toCsv(signature).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10g", v) : "";
    }

    /** Site names come from the model: quoted, and defused against formula injection ({@link Csv#text}). */
    private static String quote(String s) {
        return Csv.text(s);
    }
}

package org.nlsig.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nlsig.io.AtomicFile;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.compare.Comparison;
import org.nlsig.report.compare.ComparisonReport;
import org.nlsig.report.compare.ModelMetadata;
import org.nlsig.report.figure.Figure;
import org.nlsig.report.figure.FigureRenderer;
import org.nlsig.report.model.ModelReport;
import org.nlsig.report.page.HtmlPage;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.table.Table;
import org.nlsig.signature.result.Signature;

/**
 * Writes a report folder: {@code report.html} (one self-contained page with every table and figure),
 * {@code tables/NAME.csv} and {@code tables/NAME.md}, {@code figures/NAME.png} and {@code figures/NAME.svg}. Every
 * file is written atomically.
 *
 * <pre>{@code
 * Path page = ReportWriter.create().writeSingleModel(signature, outDir);         // nlsig signature --report
 * Path page = ReportWriter.create().writeComparison(signatures, meta, LinkageMethod.AVERAGE, outDir);
 * }</pre>
 */
public final class ReportWriter {
    public static final String PAGE = "report.html";
    public static final String TABLES = "tables";
    public static final String FIGURES = "figures";

    private final FigureRenderer renderer;

    public ReportWriter(FigureRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    /** A writer drawing with XChart. */
    public static ReportWriter create() {
        return new ReportWriter(FigureRenderer.xchart());
    }

    /**
     * The report of one model's signature: summary, raw signature over depth (Figure 10), score distribution, the
     * site table and the metric correlations when the signature holds metrics.
     *
     * @return the path of report.html
     */
    public Path writeSingleModel(Signature signature, Path outDir) throws IOException {
        return write("Non-linearity signature of " + org.nlsig.report.compare.SignatureViews.name(signature),
                "Model " + signature.model().path() + " (sha256 " + signature.model().sha256() + "), data "
                        + signature.data().spec() + ", " + signature.data().batches() + " batches of "
                        + signature.config().batchSize() + ", covariance " + signature.config().covariance()
                        + ", pooling " + signature.config().pooling() + ".",
                ModelReport.sections(signature), outDir);
    }

    /** Compares signatures (see {@link Comparison#of}) and writes the comparison report. */
    public Path writeComparison(List<Signature> signatures, List<ModelMetadata> metadata, LinkageMethod method,
            Path outDir) throws IOException {
        return writeComparison(Comparison.of(signatures, metadata, method), outDir);
    }

    public Path writeComparison(Comparison comparison, Path outDir) throws IOException {
        return writeComparison(comparison, List.of(), outDir);
    }

    /** The comparison report with more sections after the comparison's own (a caller's further analyses). */
    public Path writeComparison(Comparison comparison, List<ReportSection> more, Path outDir) throws IOException {
        List<ReportSection> sections = new java.util.ArrayList<>(ComparisonReport.sections(comparison));
        sections.addAll(more);
        return write("Comparison of " + comparison.models().size() + " non-linearity signatures",
                "Models: " + String.join(", ", comparison.models().stream().map(m -> m.name()).toList()) + ". "
                        + String.join(" ", comparison.alignment().describe().stream().map(String::strip).toList())
                        + ".",
                sections, outDir);
    }

    /**
     * Writes any sections as a report folder.
     *
     * @return the path of report.html
     * @throws IllegalArgumentException when two tables or two figures share a name
     */
    public Path write(String title, String intro, List<ReportSection> sections, Path outDir) throws IOException {
        Set<String> tableNames = new HashSet<>();
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        for (ReportSection s : sections) {
            for (Table t : s.tables()) {
                if (!tableNames.add(t.name())) {
                    throw new IllegalArgumentException("two tables are named " + t.name());
                }
                AtomicFile.writeString(outDir.resolve(TABLES).resolve(t.name() + ".csv"), t.toCsv());
                AtomicFile.writeString(outDir.resolve(TABLES).resolve(t.name() + ".md"),
                        "# " + Table.markdownText(t.title()) + "\n\n" + t.toMarkdown());
            }
            for (Figure f : s.figures()) {
                if (pngs.containsKey(f.name())) {
                    throw new IllegalArgumentException("two figures are named " + f.name());
                }
                byte[] png = renderer.png(f);
                pngs.put(f.name(), png);
                AtomicFile.write(outDir.resolve(FIGURES).resolve(f.name() + ".png"), out -> out.write(png));
                byte[] svg = renderer.svg(f);
                AtomicFile.write(outDir.resolve(FIGURES).resolve(f.name() + ".svg"), out -> out.write(svg));
            }
        }
        Path page = outDir.resolve(PAGE);
        AtomicFile.writeString(page, HtmlPage.render(title, intro, sections, pngs, FIGURES, TABLES));
        return page;
    }
}

package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nlsig.io.UserInputException;
import org.nlsig.math.NonFiniteValueException;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.ReportWriter;
import org.nlsig.report.compare.Comparison;
import org.nlsig.report.compare.ModelMetadata;
import org.nlsig.signature.output.OutputSet;
import org.nlsig.signature.output.SignatureJson;
import org.nlsig.signature.output.SignatureOutputs;
import org.nlsig.signature.result.Signature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nlsig compare SIG.json...}: the paper's comparisons of signatures as tables, figures and report.html. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare the non-linearity signatures of several models: summary per model (Figure 3), "
                + "pairwise DTW distances and hierarchical clustering (Figures 5A, 14), score distributions "
                + "(Figure 5C), accuracy fits per family (Figure 4), correlations with other metrics "
                + "(Tables 1, 2) and one figure of all signatures over relative depth.",
            "Sites are identified by name: a signature listing the first one's site names in another order (another "
                + "export of the same network) is compared in the first one's order; the output says which "
                + "signatures were aligned by name and which, with other names, by position.",
            "Writes tables (CSV, Markdown), figures (PNG, SVG) and one self-contained report.html."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SIG.json|DIR", description = "signature files (nlsig signature output), "
            + "or folders: a folder's signature.json, or else the signature.json of each of its subfolders (a folder "
            + "whose run did not finish is refused)")
    List<Path> signatures;

    @Option(names = "--meta", paramLabel = "models.csv", description = "per-model facts: a header row with name "
            + "(required) and any of family, year, accuracy, parameters, macs; parameters and MACs default to the "
            + "signature's")
    Path meta;

    @Option(names = "--linkage", paramLabel = "METHOD", defaultValue = "average",
            converter = OptionTypes.Linkage.class,
            description = "hierarchical clustering linkage: average (default), single, complete or ward")
    LinkageMethod linkage;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "nlsig-compare",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    /**
     * Files and run folders as given (a run folder is read, and its published set checked, by
     * {@link SignatureJson#read}); a folder that is not a run stands for its subfolders' signatures, sorted by name.
     */
    static List<Path> signatureFiles(List<Path> given) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : given) {
            boolean run = Files.exists(p.resolve(SignatureOutputs.JSON)) || Files.exists(p.resolve(OutputSet.MANIFEST));
            if (!Files.isDirectory(p) || run) {
                files.add(p);
                continue;
            }
            List<Path> inside;
            try (Stream<Path> children = Files.list(p)) {
                inside = children.map(c -> c.resolve(SignatureOutputs.JSON)).filter(Files::isRegularFile).sorted()
                        .toList();
            }
            if (inside.isEmpty()) {
                throw new UserInputException(p + ": a folder with no " + SignatureOutputs.JSON
                        + ", in itself or in a subfolder");
            }
            files.addAll(inside);
        }
        return files;
    }

    @Override
    public Integer call() throws IOException {
        LinkageMethod method = linkage;
        List<Signature> read = new ArrayList<>();
        for (Path p : signatureFiles(signatures)) {
            read.add(SignatureJson.read(p));
        }
        List<ModelMetadata> metadata = meta == null ? List.of() : ModelMetadata.readCsv(meta);
        Comparison comparison;
        try {
            comparison = Comparison.of(read, metadata, method);
        } catch (UserInputException e) {
            // Comparison knows the metadata only as "models.csv"; name the file the user gave.
            throw new UserInputException((meta != null && e.getMessage().contains("models.csv") ? meta + ": " : "")
                    + e.getMessage(), e);
        } catch (NonFiniteValueException e) {
            throw new UserInputException(String.join(", ", signatures.stream().map(Path::toString).toList())
                    + ": a signature holds a non-finite score: " + e.getMessage(), e);
        }
        Path page = ReportWriter.create().writeComparison(comparison, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("compared " + Plural.of(comparison.models().size(), "model") + " (" + method.id() + " linkage)");
        comparison.alignment().describe().forEach(w::println);
        w.println("report:  " + page);
        w.println("tables:  " + out.resolve(ReportWriter.TABLES));
        w.println("figures: " + out.resolve(ReportWriter.FIGURES));
        w.flush();
        return 0;
    }
}

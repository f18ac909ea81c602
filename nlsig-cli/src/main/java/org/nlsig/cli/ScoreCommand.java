package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.math.SampleMatrix;
import org.nlsig.math.affinity.AffinityInputException;
import org.nlsig.math.affinity.AffinityResult;
import org.nlsig.math.affinity.AffinityScorer;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.math.linalg.Blas;
import org.nlsig.math.linalg.NumericalFallback;
import org.nlsig.math.metrics.ComparisonMetrics;
import org.nlsig.signature.output.SignatureJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nlsig score X.npy Y.npy}: the affinity score of one activation's inputs and outputs. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Affinity score of one pair of arrays: X holds an activation's inputs, Y its outputs "
                + "(n x d NumPy arrays, rows are samples, float32 or float64; a 1-D array is n x 1).",
            "Exact: double precision, exact optimal transport (docs/method.md section 1)."})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "X.npy", description = "activation inputs, n x d")
    Path xFile;

    @Parameters(index = "1", paramLabel = "Y.npy", description = "activation outputs, n x d")
    Path yFile;

    @Option(names = "--covariance", paramLabel = "ESTIMATOR", defaultValue = "ledoit-wolf",
            converter = OptionTypes.Covariance.class, description = "ledoit-wolf (default, the paper's) or sample")
    CovarianceEstimator covariance;

    @Option(names = "--metrics", description = "also compute the comparison metrics (CKA, norm, R2, entropy, "
            + "sparsity) on the arrays")
    boolean metrics;

    @Option(names = "--json", description = "print JSON (the score under the key \"rho\")")
    boolean json;

    @Option(names = "--threads", paramLabel = "T", description = "threads for the linear algebra (default: all cores; "
            + "1 is faster on a busy machine)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        CovarianceEstimator estimator = covariance;
        InputChecks.threads("--threads", threads, 1);
        // Loading OpenBLAS through JavaCPP takes 90-120 ms in a fresh process: done meanwhile the files are read.
        CompletableFuture<Void> natives = CompletableFuture.runAsync(() -> Blas.setNativeThreads(threads), task -> {
            Thread loader = new Thread(task, "nlsig-native-loading");
            loader.setDaemon(true);
            loader.start();
        });
        SampleMatrix x = read(xFile, "X");
        SampleMatrix y = read(yFile, "Y");
        try {
            natives.join();
        } catch (CompletionException e) {
            // the loader's own error (an UnsatisfiedLinkError names the missing library), as if thrown here
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
        if (x.rows() != y.rows() || x.cols() != y.cols()) {
            throw new UserInputException(xFile + " is " + x.rows() + " x " + x.cols() + " but " + yFile + " is "
                    + y.rows() + " x " + y.cols() + ": X and Y must have the same shape (n samples x d features)");
        }
        AffinityResult r;
        try {
            r = AffinityScorer.defaults().withCovariance(estimator).score(x, y);
        } catch (org.nlsig.math.NonFiniteValueException e) {
            Path file = e.matrix().startsWith("X") ? xFile : yFile;
            throw new UserInputException(file + ": non-finite value at row " + e.row() + ", column " + e.column()
                    + " (0-based)", e);
        } catch (AffinityInputException e) {
            // The library's own check (e.g. fewer than 2 samples): add the files it is about.
            throw new UserInputException(xFile + " and " + yFile + ": " + e.getMessage(), e);
        }
        ComparisonMetrics m = metrics ? ComparisonMetrics.of(x, y) : null;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(SignatureJson.mapper().writeValueAsString(toJson(r, m)));
        } else {
            printReadable(out, r, m);
        }
        out.flush();
        return 0;
    }

    private SampleMatrix read(Path file, String role) throws IOException {
        NpyArray a = NpyFile.read(file);
        if (!a.dtype().isFloatingPoint()) {
            throw new UserInputException(file + ": " + role + " has dtype " + a.dtype().displayName()
                    + "; expected float32 or float64 activations");
        }
        int[] rowsCols = a.matrixShape();
        return new SampleMatrix(rowsCols[0], rowsCols[1], a.toDoubles());
    }

    private Map<String, Object> toJson(AffinityResult r, ComparisonMetrics m) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("rho", r.rho());
        j.put("transport_cost", r.transportCost());
        j.put("bound", r.bound());
        j.put("gaussian_w2_squared", r.gaussianW2Squared());
        j.put("shrinkage_x", r.shrinkageX());
        j.put("shrinkage_y", r.shrinkageY());
        j.put("n", r.samples());
        j.put("d", r.features());
        j.put("covariance", r.covariance());
        j.put("path", r.path().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        j.put("working_dimension", r.workingDimension());
        j.put("constant_output", r.constantOutput());
        j.put("clamped", r.clamped());
        j.put("clamped_by", r.clampedBy());
        j.put("unclamped_rho", r.unclampedRho());
        j.put("route", r.route().id());
        j.put("fallbacks", r.fallbacks()); // records: the mapper writes routine, info, replacement
        j.put("x", xFile.toString());
        j.put("y", yFile.toString());
        if (m != null) {
            Map<String, Object> mj = new LinkedHashMap<>();
            mj.put("cka", m.cka());
            mj.put("norm", m.norm());
            mj.put("r2", m.r2());
            mj.put("entropy_x", m.entropyX());
            mj.put("entropy_y", m.entropyY());
            mj.put("sparsity_x", m.sparsityX());
            mj.put("sparsity_y", m.sparsityY());
            j.put("metrics", mj);
        }
        return j;
    }

    private static void printReadable(PrintWriter out, AffinityResult r, ComparisonMetrics m) {
        out.printf(Locale.ROOT, "affinity score rho = %.12f%n", r.rho());
        out.printf(Locale.ROOT, "  samples n = %d, features d = %d, covariance %s (shrinkage X %.6g, Y %.6g)%n",
                r.samples(), r.features(), r.covariance(), r.shrinkageX(), r.shrinkageY());
        out.printf(Locale.ROOT, "  exact W2^2 of the affine map's image vs Y  W = %.10g%n", r.transportCost());
        out.printf(Locale.ROOT, "  bound 2 tr(Sigma_Y)                          = %.10g%n", r.bound());
        out.printf(Locale.ROOT, "  Gaussian (Bures) W2^2 between N_X and N_Y    = %.10g%n", r.gaussianW2Squared());
        out.printf(Locale.ROOT, "  evaluated on the %s path in dimension %d, map by %s%n",
                r.path().name().toLowerCase(Locale.ROOT).replace('_', '-'), r.workingDimension(), r.route().id());
        if (r.constantOutput()) {
            out.println("  note: Y is constant (tr Sigma_Y <= 2e-6 d): the map is A = 0, as in the official code");
        }
        if (r.clamped()) {
            out.printf(Locale.ROOT, "  note: W exceeded 2 tr(Sigma_Y) (possible with shrinkage); rho clamped to 0"
                    + " from %.6g%n", r.unclampedRho());
        }
        for (NumericalFallback f : r.fallbacks()) {
            out.println("  note: " + f);
        }
        if (m != null) {
            out.printf(Locale.ROOT, "  linear CKA %.6f | norm ||X-Y|| %.6g | R2 %.6f%n", m.cka(), m.norm(), m.r2());
            out.printf(Locale.ROOT, "  entropy X %.6f, Y %.6f | sparsity X %.6f, Y %.6f%n", m.entropyX(),
                    m.entropyY(), m.sparsityX(), m.sparsityY());
        }
    }
}

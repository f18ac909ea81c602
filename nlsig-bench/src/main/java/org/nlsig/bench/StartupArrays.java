package org.nlsig.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.math.SampleMatrix;

/**
 * Writes the benchmark workload (ReLU of correlated Gaussian input, {@link AffinityScoreBenchmark}'s, seed 42) as
 * {@code X.npy} and {@code Y.npy}, for timing {@code nlsig score} as a whole process on the same pair the JMH
 * benchmark times in-process ({@code tools/bench-startup.sh}).
 *
 * <pre>java -cp benchmarks.jar org.nlsig.bench.StartupArrays DIR [N D]</pre>
 */
public final class StartupArrays {
    private StartupArrays() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 3) {
            throw new IllegalArgumentException("usage: StartupArrays DIR [N D] (default 512 2048)");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int n = args.length == 3 ? Integer.parseInt(args[1]) : 512;
        int d = args.length == 3 ? Integer.parseInt(args[2]) : 2048;
        SampleMatrix x = BenchmarkData.correlatedGaussian(n, d, 42);
        NpyFile.writeDoubles(dir.resolve("X.npy"), x.values(), n, d);
        NpyFile.writeDoubles(dir.resolve("Y.npy"), BenchmarkData.relu(x).values(), n, d);
    }
}

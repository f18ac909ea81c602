package org.nlsig.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.nlsig.signature.pipeline.RemoteBatches;
import org.nlsig.signature.pipeline.RunIdentity;
import org.nlsig.signature.pipeline.ScoredRange;
import org.nlsig.signature.pipeline.SignatureRun;
import org.nlsig.signature.study.StudyExecutor;
import org.nlsig.signature.study.StudyRow;

/**
 * {@code nlsig study --spark MASTER}: each run's unfinished batches are cut into ranges, each range a Spark task
 * (RDD API). An executor opens the model once per JVM ({@link ModelCache}), streams and scores its batches exactly as
 * a local run does ({@link SignatureRun#scoreRange}) and returns them as journal lines; the driver journals them in
 * order, assembles and publishes the run. Scoring is deterministic, so a task Spark retries returns the same lines.
 * Models and data are read from paths every executor sees.
 */
public final class SparkStudyExecutor implements StudyExecutor {
    /**
     * Ranges per executor core: more than one, so a slow range does not leave the other cores idle at a run's end,
     * and few, since each task opens an ONNX Runtime session (tens of milliseconds for a small model, a second for a
     * large one).
     */
    static final int RANGES_PER_CORE = 2;

    @Override
    public Session open(String master, int threads) {
        SparkConf conf = new SparkConf().setAppName("nlsig study").setMaster(master)
                .setIfMissing("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            // one JVM: the driver need not be reachable from other machines (nor look up its host name)
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1").setIfMissing("spark.driver.host", "127.0.0.1");
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return new SparkSession(sc, threads);
    }

    /** The connection, for the whole study. */
    private record SparkSession(JavaSparkContext sc, int threads) implements Session {

        @Override
        public RemoteBatches batches(StudyRow row) {
            return new RemoteBatches() {
                @Override
                public List<ScoredRange> score(RunIdentity identity, int first, int end) {
                    List<RangeTask> tasks = ranges(row, identity, threads, first, end,
                            sc.defaultParallelism() * RANGES_PER_CORE);
                    List<ScoredRange> scored = new ArrayList<>(sc.parallelize(tasks, tasks.size())
                            .map(SparkStudyExecutor::score).collect());
                    scored.sort(Comparator.comparingInt(ScoredRange::first));
                    return scored;
                }

                @Override
                public String device() {
                    return "cpu";
                }
            };
        }

        @Override
        public String description() {
            return "Spark " + sc.version() + " at " + sc.master() + " (" + sc.defaultParallelism() + " cores)";
        }

        @Override
        public void close() {
            sc.close();
        }
    }

    /** [first, end) cut into at most {@code count} consecutive ranges of nearly equal size. */
    static List<RangeTask> ranges(StudyRow row, RunIdentity identity, int threads, int first, int end, int count) {
        int batches = end - first;
        int n = Math.max(1, Math.min(count, batches));
        List<RangeTask> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int a = first + (int) ((long) batches * i / n);
            int b = first + (int) ((long) batches * (i + 1) / n);
            out.add(new RangeTask(row, identity, threads, a, b));
        }
        return out;
    }

    /** The work of a task, on an executor. */
    static ScoredRange score(RangeTask t) throws IOException {
        // the output folder is the driver's business: a task writes nothing
        Path nowhere = Path.of(System.getProperty("java.io.tmpdir"));
        return SignatureRun.scoreRange(t.row().request(nowhere, t.threads()),
                ModelCache.get(t.row().model(), t.identity().modelSha256()), t.identity(), t.first(), t.end());
    }
}

package org.nlsig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nlsig.io.UserInputException;
import org.nlsig.math.NonFiniteValueException;
import org.nlsig.math.analysis.LinkageMethod;
import org.nlsig.report.ReportWriter;
import org.nlsig.report.StudyPage;
import org.nlsig.report.page.ReportSection;
import org.nlsig.report.study.StudyEntry;
import org.nlsig.signature.study.StudyCsv;
import org.nlsig.signature.study.StudyExecutor;
import org.nlsig.signature.study.StudyRow;
import org.nlsig.signature.study.StudyRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nlsig study STUDY.csv}: the signatures of many runs (models x datasets x seeds x checkpoints), one report. */
@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs every row of STUDY.csv as nlsig signature into DIR/runs/NAME, then writes DIR/report.html"
                + " (the comparison of all finished runs) and DIR/summary.csv (each row's status and time).",
            "Resumable: a run already finished with the same model hash, data and configuration is reused, an "
                + "interrupted one resumes from its journal, a changed row is recomputed alone. The CSV format: "
                + "docs/studies.md."},
        footer = {"", "Example:", "  nlsig study study.csv --out study-out",
            "  nlsig study study.csv --out study-out --spark local[4]   (needs nlsig-spark.jar: docs/studies.md)"})
final class StudyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY.csv", description = "one row per run: name, model, data and options")
    Path csv;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "nlsig-study",
            description = "the study's folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--spark", paramLabel = "MASTER", description = "score the batches with Spark: a master URL, or "
            + "local[N] for N threads in this JVM (needs nlsig-spark.jar on the class path)")
    String spark;

    @Option(names = "--strict", description = "stop the study at the first run that fails (default: report it in "
            + "summary.csv and go on)")
    boolean strict;

    @Option(names = "--threads", paramLabel = "T", description = "thread budget of each run (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        InputChecks.threads("--threads", threads, 1);
        List<StudyRow> rows = StudyCsv.read(csv);
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter o = spec.commandLine().getOut();
        long start = System.nanoTime();
        StudyRun.Result result;
        try (StudyExecutor.Session remote = spark == null ? null : new OnFirstUse(spark, threads, err);
                StopOnSignal stop = StopOnSignal.install()) {
            result = StudyRun.run(rows, new StudyRun.Options(out, threads, strict),
                    new StudyRunProgress(err, System.console() != null), stop.token(), remote);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<StudyEntry> entries = StudyPage.entries(result);
        if (!entries.isEmpty()) {
            try {
                List<ReportSection> sections = StudyPage.sections(entries, LinkageMethod.AVERAGE,
                        why -> err.println("nlsig study: report: not shown: " + why));
                Path page = ReportWriter.create().write(StudyPage.title(entries), "Runs of " + csv + ": "
                        + String.join(", ", entries.stream().map(StudyEntry::name).toList()) + ".", sections, out);
                o.println("report:  " + page);
            } catch (NonFiniteValueException e) {
                // the runs are published; only the comparison cannot be drawn (as nlsig compare would refuse it)
                err.println("nlsig study: no report.html: a finished run's signature holds a non-finite score ("
                        + e.getMessage() + ")");
            }
        }
        o.println("summary: " + out.resolve(StudyRun.SUMMARY));
        long done = result.count(StudyRun.Status.DONE);
        long reused = result.count(StudyRun.Status.REUSED);
        long failed = result.count(StudyRun.Status.FAILED);
        if (reused == rows.size()) {
            o.printf(Locale.ROOT, "nothing to compute: all %s reused (same model hash, data and configuration),"
                    + " in %.1f s%n", Plural.of(rows.size(), "run"), seconds);
        } else {
            o.printf(Locale.ROOT, "study: %s: %d computed, %d reused, %d failed, %d not run, in %.1f s%n",
                    Plural.of(rows.size(), "run"), done, reused, failed, rows.size() - done - reused - failed,
                    seconds);
        }
        o.flush();
        for (StudyRun.Outcome f : result.outcomes()) {
            if (f.status() == StudyRun.Status.FAILED) {
                err.println("nlsig study: run " + f.row().name() + " (line " + f.row().line() + ") failed: "
                        + f.message());
            }
        }
        if (result.count(StudyRun.Status.STOPPED) > 0) {
            err.println("nlsig study: stopped; the finished runs and the interrupted run's journal are kept: run the"
                    + " same command again to continue");
            err.flush();
            return SignatureCommand.STOPPED;
        }
        err.flush();
        return failed > 0 ? 1 : 0;
    }

    /**
     * The cluster, connected when the first row needs it: a study whose runs are all reused starts no Spark context
     * (which alone takes seconds), so a second run with nothing changed stays fast with --spark too.
     */
    private static final class OnFirstUse implements StudyExecutor.Session {
        private final String master;
        private final int threads;
        private final PrintWriter err;
        private StudyExecutor.Session session;

        OnFirstUse(String master, int threads, PrintWriter err) {
            this.master = master;
            this.threads = threads;
            this.err = err;
            StudyExecutor.installed().orElseThrow(() -> missing(master)); // refused before any row runs
        }

        @Override
        public org.nlsig.signature.pipeline.RemoteBatches batches(StudyRow row) {
            if (session == null) {
                try {
                    session = connect(master, threads);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                err.println("nlsig study: scoring on " + session.description());
                err.flush();
            }
            return session.batches(row);
        }

        @Override
        public String description() {
            return session == null ? "Spark at " + master + " (not started yet)" : session.description();
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
        }
    }

    /** The cluster executor found on the class path, connected. */
    static StudyExecutor.Session connect(String master, int threads) throws IOException {
        StudyExecutor executor = StudyExecutor.installed().orElseThrow(() -> missing(master));
        return executor.open(master, threads);
    }

    private static UserInputException missing(String master) {
        return new UserInputException("--spark " + master + " needs the nlsig-spark module, which is not on the"
                + " class path: build it with mvn -pl nlsig-cli,nlsig-spark -am package -DskipTests, then run java -cp"
                + " \"nlsig-cli/target/nlsig.jar:nlsig-spark/target/" + StudyExecutor.SPARK_JAR
                + ":nlsig-spark/target/lib/*\" org.nlsig.cli.NlsigCommand study ... --spark " + master
                + " (with Spark's JVM options; or spark-submit it: docs/studies.md)");
    }
}

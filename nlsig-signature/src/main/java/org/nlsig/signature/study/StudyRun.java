package org.nlsig.signature.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nlsig.io.AtomicFile;
import org.nlsig.signature.output.SignatureJson;
import org.nlsig.signature.output.SignatureOutputs;
import org.nlsig.signature.pipeline.ProgressListener;
import org.nlsig.signature.pipeline.RemoteBatches;
import org.nlsig.signature.pipeline.RunStoppedException;
import org.nlsig.signature.pipeline.SignatureRequest;
import org.nlsig.signature.pipeline.SignatureRun;
import org.nlsig.signature.pipeline.StopToken;
import org.nlsig.signature.result.Signature;

/**
 * Runs a study: every row of STUDY.csv as a signature run into {@code DIR/runs/NAME} (the same {@link SignatureRun}
 * as {@code nlsig signature}, so the folder is what that command writes), one after the other. Each row is first
 * compared with what its folder holds ({@link SignatureRun#existing}): this row's finished run is reused, this row's
 * interrupted run resumed from its journal, another run's (the row changed) replaced. A row that fails is recorded
 * and the study goes on, unless strict. {@code DIR/summary.csv} is rewritten atomically after every row.
 */
public final class StudyRun {
    public static final String RUNS = "runs";
    public static final String SUMMARY = "summary.csv";

    private StudyRun() {
    }

    /**
     * @param out     the study's folder
     * @param threads thread budget of each run
     * @param strict  stop the study at the first failed row
     */
    public record Options(Path out, int threads, boolean strict) {
    }

    /** What happened to a row. */
    public enum Status {
        /** computed (fresh, resumed, or replacing another configuration's run) */
        DONE,
        /** its finished run was already in the folder, with the same identity */
        REUSED,
        FAILED,
        /** stopped by a signal; its journal keeps the finished batches */
        STOPPED,
        /** not reached: the study stopped before it */
        PENDING;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param how       for a computed row: fresh, resumed or replaced; otherwise empty
     * @param message   why a row failed or stopped; otherwise empty
     * @param seconds   wall time spent on the row
     * @param signature the published signature of a done or reused row, else null
     */
    public record Outcome(StudyRow row, Status status, String how, String message, double seconds,
            Signature signature) {
    }

    /** @param outcomes one per row, in file order */
    public record Result(List<Outcome> outcomes) {
        public Result {
            outcomes = List.copyOf(outcomes);
        }

        /** The finished runs (done or reused): the report's. */
        public List<Outcome> finished() {
            return outcomes.stream().filter(o -> o.signature() != null).toList();
        }

        public long count(Status status) {
            return outcomes.stream().filter(o -> o.status() == status).count();
        }
    }

    /** Hears about the study's rows; each run's batches go to {@link #batches}. */
    public interface Listener {
        default void rowStarting(int index, int total, StudyRow row, SignatureRun.Existing existing) {
        }

        /** The listener of the row's batches. */
        default ProgressListener batches() {
            return ProgressListener.SILENT;
        }

        default void rowFinished(int index, int total, Outcome outcome) {
        }
    }

    /**
     * Runs the rows.
     *
     * @param remote scores the batches on a cluster, or null to score them here
     */
    public static Result run(List<StudyRow> rows, Options options, Listener listener, StopToken stop,
            StudyExecutor.Session remote) throws IOException {
        List<Outcome> outcomes = new ArrayList<>();
        boolean halted = false;
        for (int i = 0; i < rows.size(); i++) {
            StudyRow row = rows.get(i);
            if (halted || stop.stopRequested()) {
                outcomes.add(new Outcome(row, Status.PENDING, "", "", 0, null));
                continue;
            }
            Outcome o = runRow(row, i, rows.size(), options, listener, stop, remote);
            outcomes.add(o);
            listener.rowFinished(i, rows.size(), o);
            writeSummary(options.out(), outcomes, rows);
            halted = o.status() == Status.STOPPED || (options.strict() && o.status() == Status.FAILED);
        }
        writeSummary(options.out(), outcomes, rows);
        return new Result(outcomes);
    }

    /** The folder of a row's run. */
    public static Path runFolder(Path out, StudyRow row) {
        return out.resolve(RUNS).resolve(row.name());
    }

    private static Outcome runRow(StudyRow row, int index, int total, Options options, Listener listener,
            StopToken stop, StudyExecutor.Session remote) throws IOException {
        long start = System.nanoTime();
        SignatureRequest req = row.request(runFolder(options.out(), row), options.threads());
        String how = "";
        try {
            SignatureRun.Existing existing = SignatureRun.existing(req);
            listener.rowStarting(index, total, row, existing);
            if (existing == SignatureRun.Existing.COMPLETE) {
                Signature s = SignatureJson.read(req.output().dir().resolve(SignatureRun.SIGNATURE_JSON));
                return new Outcome(row, Status.REUSED, "", "", seconds(start), s);
            }
            how = switch (existing) {
                case UNFINISHED -> "resumed";
                case OTHER -> "replaced";
                default -> "fresh";
            };
            req = existing == SignatureRun.Existing.UNFINISHED ? req.withResume(true) : req.withOverwrite(true);
            RemoteBatches batches = remote == null ? null : remote.batches(row);
            Signature s = SignatureRun.run(req, listener.batches(), stop, SignatureOutputs.Extra.NONE, batches);
            return new Outcome(row, Status.DONE, how, "", seconds(start), s);
        } catch (RunStoppedException e) {
            return new Outcome(row, Status.STOPPED, how, e.getMessage(), seconds(start), null);
        } catch (IOException | RuntimeException e) {
            // a failed row is the study's business (reported, the others go on), not a crash of the command
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Outcome(row, Status.FAILED, how, message, seconds(start), null);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** name, line, status, how, seconds, message: one row per study row, pending ones included. */
    static void writeSummary(Path out, List<Outcome> outcomes, List<StudyRow> rows) throws IOException {
        StringBuilder b = new StringBuilder("name,line,status,how,seconds,message\n");
        for (int i = 0; i < rows.size(); i++) {
            StudyRow row = rows.get(i);
            Outcome o = i < outcomes.size() ? outcomes.get(i) : null;
            b.append(csv(row.name())).append(',').append(row.line()).append(',')
                    .append(o == null ? Status.PENDING.id() : o.status().id()).append(',')
                    .append(o == null ? "" : o.how()).append(',')
                    .append(o == null ? "" : String.format(Locale.ROOT, "%.3f", o.seconds())).append(',')
                    .append(csv(o == null ? "" : o.message().lines().findFirst().orElse(""))).append('\n');
        }
        AtomicFile.writeString(out.resolve(SUMMARY), b.toString());
    }

    private static String csv(String text) {
        return text.matches("[^\",\\n\\r]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    }
}

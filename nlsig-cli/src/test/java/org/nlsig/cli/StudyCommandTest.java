package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.signature.pipeline.ProgressListener;
import org.nlsig.signature.pipeline.StopToken;
import org.nlsig.signature.study.StudyCsv;
import org.nlsig.signature.study.StudyRow;
import org.nlsig.signature.study.StudyRun;

/** nlsig study as a user runs it: a small exported network, random and .npy data, tiny batches. */
class StudyCommandTest {
    @TempDir
    static Path shared;
    static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void fixtures() throws IOException {
        model = shared.resolve("model.onnx");
        try (var in = StudyCommandTest.class.getResourceAsStream("/signature/model.onnx")) {
            Files.copy(in, model);
        }
    }

    /** A study folder with the model, an .npy input named relatively, and STUDY.csv holding the given rows. */
    private Path study(String... rows) throws IOException {
        Files.copy(model, dir.resolve("net.onnx"));
        float[] x = new float[32 * 3 * 32 * 32];
        java.util.Random rnd = new java.util.Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        NpyFile.writeFloats(dir.resolve("x.npy"), x, 32, 3, 32, 32);
        Path csv = dir.resolve("study.csv");
        Files.writeString(csv, String.join("\n", rows) + "\n");
        return csv;
    }

    private static final String HEADER = "name,model,data,batch_size,batches,family,year,group,dataset";
    private static final String A = "a,net.onnx,npy:x.npy,16,2,resnet,2016,g1,npy";
    private static final String B = "b,net.onnx,\"random:3x32x32,n=32,seed=1\",16,2,resnet,2016,g1,random";

    private static String summary(Path out) throws IOException {
        return Files.readString(out.resolve(StudyRun.SUMMARY));
    }

    @Test
    void runsEveryRowThenReusesThemAllAndRecomputesOnlyAChangedRow() throws IOException {
        Path csv = study(HEADER, A, B);
        Path out = dir.resolve("out");
        ScoreCommandTest.Run first = ScoreCommandTest.run("study", csv.toString(), "--out", out.toString(),
                "--threads", "1");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("2 runs: 2 computed, 0 reused, 0 failed"), first.out());
        assertTrue(first.err().contains("run 1 of 2: a: computing"), first.err());
        assertTrue(Files.exists(out.resolve("runs/a/signature.json")));
        assertTrue(Files.exists(out.resolve("runs/b/signature.csv")));
        // the page: the runs, the comparison, and the study analyses the rows support (one group, two datasets)
        assertTrue(Files.readString(out.resolve("tables/study_runs.csv")).startsWith("name,group,dataset,"));
        assertTrue(Files.exists(out.resolve("tables/dtw_distances.csv")), "the comparison of nlsig compare");
        assertTrue(Files.readString(out.resolve("tables/dataset_deviation.csv")).contains("random"),
                "the dataset deviation of group g1");
        assertTrue(summary(out).matches("(?s)name,line,status,how,seconds,message\na,2,done,fresh,[0-9.]+,\n"
                + "b,3,done,fresh,[0-9.]+,\n"), summary(out));
        String a = Files.readString(out.resolve("runs/a/signature.json"));

        long start = System.nanoTime();
        ScoreCommandTest.Run again = ScoreCommandTest.run("study", csv.toString(), "--out", out.toString(),
                "--threads", "1");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("nothing to compute: all 2 runs reused"), again.out());
        assertTrue(again.err().contains("a: finished before with the same identity: reused"), again.err());
        assertTrue(seconds < 10, "a study with nothing to compute takes seconds, took " + seconds);
        assertEquals(a, Files.readString(out.resolve("runs/a/signature.json")), "a reused run is not rewritten");

        Files.writeString(csv, String.join("\n", HEADER, A, B.replace(",16,2,", ",8,2,")) + "\n");
        ScoreCommandTest.Run changed = ScoreCommandTest.run("study", csv.toString(), "--out", out.toString(),
                "--threads", "1");
        assertEquals(0, changed.exit(), changed.err());
        assertTrue(changed.out().contains("1 computed, 1 reused"), changed.out());
        assertTrue(changed.err().contains("b: the row changed: computing it again"), changed.err());
        assertTrue(summary(out).contains("a,2,reused,,") && summary(out).contains("b,3,done,replaced,"),
                summary(out));
        assertTrue(Files.readString(out.resolve("runs/b/signature.json")).contains("\"batch_size\" : 8"));
    }

    @Test
    void aFailedRowIsReportedAndTheOthersFinishUnlessStrict() throws IOException {
        Path csv = study(HEADER, "broken,bad.onnx,npy:x.npy,16,2,,,,", A);
        Files.writeString(dir.resolve("bad.onnx"), "not a model");
        Path out = dir.resolve("out");
        ScoreCommandTest.Run r = ScoreCommandTest.run("study", csv.toString(), "--out", out.toString(),
                "--threads", "1");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("1 computed, 0 reused, 1 failed"), r.out());
        assertTrue(r.err().contains("run broken (line 2) failed: "), r.err());
        assertTrue(summary(out).contains("\nbroken,2,failed,fresh,") && summary(out).contains("\na,3,done,fresh,"),
                summary(out));
        assertTrue(Files.exists(out.resolve("runs/a/signature.json")));

        Path strictOut = dir.resolve("strict");
        ScoreCommandTest.Run strict = ScoreCommandTest.run("study", csv.toString(), "--out", strictOut.toString(),
                "--threads", "1", "--strict");
        assertEquals(1, strict.exit(), strict.err());
        assertTrue(summary(strictOut).contains("\nbroken,2,failed,") && summary(strictOut).contains("\na,3,pending,"),
                summary(strictOut));
        assertTrue(Files.notExists(strictOut.resolve("runs/a")), "--strict stops before the next row");
    }

    @Test
    void anInterruptedRunResumesFromItsJournalWithTheSameResult() throws IOException {
        Path csv = study(HEADER, A.replace(",16,2,", ",8,4,"));
        List<StudyRow> rows = StudyCsv.read(csv);
        Path whole = dir.resolve("whole");
        StudyRun.run(rows, new StudyRun.Options(whole, 1, false), new StudyRun.Listener() { }, StopToken.NEVER,
                null);

        Path out = dir.resolve("out");
        StopToken stop = new StopToken();
        StudyRun.Listener stopAfterOneBatch = new StudyRun.Listener() {
            @Override
            public ProgressListener batches() {
                return new ProgressListener() {
                    @Override
                    public void batchDone(int done, int planned, long samples) {
                        stop.requestStop(); // as Ctrl-C would, while the run is in its batches
                    }
                };
            }
        };
        StudyRun.Result stopped = StudyRun.run(rows, new StudyRun.Options(out, 1, false), stopAfterOneBatch, stop,
                null);
        assertEquals(StudyRun.Status.STOPPED, stopped.outcomes().get(0).status());
        assertTrue(Files.notExists(out.resolve("runs/a/signature.json")), "an unfinished run is not published");
        assertTrue(summary(out).contains("a,2,stopped,"), summary(out));

        ScoreCommandTest.Run resumed = ScoreCommandTest.run("study", csv.toString(), "--out", out.toString(),
                "--threads", "1");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("a: resuming from its journal"), resumed.err());
        assertTrue(resumed.err().contains("done before, resuming"), resumed.err());
        assertEquals(perBatch(whole), perBatch(out));
    }

    private static String perBatch(Path out) throws IOException {
        var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("runs/a/signature.json")
                .toFile());
        StringBuilder b = new StringBuilder();
        j.get("sites").forEach(s -> b.append(s.get("affinity").get("per_batch")).append('\n'));
        return b.toString();
    }

    @Test
    void sparkWithoutTheModuleSaysWhichJarToAdd() throws IOException {
        Path csv = study(HEADER, A);
        ScoreCommandTest.Run r = ScoreCommandTest.run("study", csv.toString(), "--out", dir.resolve("o").toString(),
                "--spark", "local[2]");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("--spark local[2] needs the nlsig-spark module, which is not on the class path")
                && r.err().contains("nlsig-spark/target/nlsig-spark.jar"), r.err());
    }

    @Test
    void csvMistakesNameTheLineAndTheColumn() throws IOException {
        study(HEADER, A);
        assertCsvError("name,model,data,colour\na,net.onnx,npy:x.npy,red\n", "line 1: unknown column 'colour'");
        assertCsvError("name,model\na,net.onnx\n", "the header has no 'data' column");
        assertCsvError(HEADER + "\n" + A + "\n" + A + "\n",
                "line 3, column 'name': 'a' is already the name of the run on line 2");
        assertCsvError("name,model,data\na,missing.onnx,npy:x.npy\n", "line 2, column 'model': no model file ");
        assertCsvError("name,model,data,batch_size\na,net.onnx,npy:x.npy,1\n",
                "line 2, column 'batch_size': must be at least 2");
        assertCsvError("name,model,data,batches\na,net.onnx,npy:x.npy,many\n",
                "line 2, column 'batches': 'many' is not a number");
        assertCsvError("name,model,data,pooling\na,net.onnx,npy:x.npy,max\n", "line 2, column 'pooling': ");
        assertCsvError("name,model,data,metrics\na,net.onnx,npy:x.npy,speed\n", "line 2, column 'metrics': ");
        assertCsvError("name,model,data,preset\na,net.onnx,npy:x.npy,nope\n", "line 2, column 'preset': ");
        assertCsvError("name,model,data,accuracy\na,net.onnx,npy:x.npy,76\n",
                "line 2, column 'accuracy': a top-1 accuracy between 0 and 1, got 76");
        assertCsvError("name,model,data\na,net.onnx,\n", "line 2, column 'data': empty; every run needs a data");
        assertCsvError("name,model,data\na,net.onnx,bogus:x\n", "line 2, column 'data': ");
        assertCsvError("name,model,data\n../up,net.onnx,npy:x.npy\n", "line 2, column 'name': '../up' is not a");
        // a quoted cell spanning two lines: the next row's line is still counted right
        assertCsvError("name,model,data,family\na,net.onnx,npy:x.npy,\"res\nnet\"\nb,net.onnx,npy:x.npy,\nb,net.onnx,"
                + "npy:x.npy,\n", "line 5, column 'name': 'b' is already the name of the run on line 4");
    }

    @Test
    void quotedCellsAndRelativePathsAreRead() throws IOException {
        Path csv = study("name,model,data,mean,std,shuffle,checkpoint",
                "a,net.onnx,npy:x.npy,\"0.5,0.5,0.5\",\"0.25, 0.25, 0.25\",7,\"epoch 3, best\"");
        StudyRow row = StudyCsv.read(csv).get(0);
        assertEquals(dir.resolve("net.onnx").toAbsolutePath().normalize().toString(), row.model());
        assertEquals("npy:" + dir.resolve("x.npy").toAbsolutePath().normalize(), row.data());
        assertEquals(List.of(0.5f, 0.5f, 0.5f), row.mean());
        assertEquals(List.of(0.25f, 0.25f, 0.25f), row.std());
        assertEquals(7L, row.shuffle());
        assertEquals("epoch 3, best", row.facts().checkpoint());
        assertEquals(512, row.batchSize());
        assertNotEquals(null, row.request(dir, 1).data().options().preprocessing());
    }

    private void assertCsvError(String text, String expected) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, text);
        UserInputException e = assertThrows(UserInputException.class, () -> StudyCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ": ") && e.getMessage().contains(expected), e.getMessage());
        ScoreCommandTest.Run r = ScoreCommandTest.run("study", csv.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(expected) && !r.err().contains("\tat "), r.err());
    }
}

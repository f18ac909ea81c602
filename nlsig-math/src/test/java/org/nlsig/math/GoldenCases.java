package org.nlsig.math;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nlsig.io.npy.NpyFile;

/** The golden affinity cases (float64 reference scores) in the test resources' golden/affinity folder. */
public final class GoldenCases {
    private GoldenCases() {
    }

    /** One case: inputs and the expected values of expected.json. */
    public record Case(String name, SampleMatrix x, SampleMatrix y, JsonNode expected) {
        public double value(String key) {
            return expected.get(key).asDouble();
        }

        public boolean has(String key) {
            return expected.hasNonNull(key);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Case> all() {
        try (InputStream in = GoldenCases.class.getResourceAsStream("/golden/affinity/expected.json")) {
            JsonNode root = new ObjectMapper().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature()).readTree(in);
            Path dir = Path.of(GoldenCases.class.getResource("/golden/affinity/cases").toURI());
            List<Case> cases = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Path c = dir.resolve(e.getKey());
                cases.add(new Case(e.getKey(), matrix(c.resolve("x.npy")), matrix(c.resolve("y.npy")), e.getValue()));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SampleMatrix matrix(Path p) throws IOException {
        return SampleMatrix.of(NpyFile.read(p).toMatrix());
    }
}

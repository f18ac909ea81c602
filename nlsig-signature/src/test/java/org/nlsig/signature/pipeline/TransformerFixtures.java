package org.nlsig.signature.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where the text-model fixtures of tools/export_transformer_fixtures.py are (test resources
 * {@code fixtures/transformers/}: the ONNX exports, their .npz data and PyTorch's references), for the tests of every
 * package that measures them.
 */
public final class TransformerFixtures {
    private TransformerFixtures() {
    }

    /** The fixtures' folder. */
    public static Path dir() {
        try {
            return Path.of(TransformerFixtures.class.getResource("/fixtures/transformers/references.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** references.json: per model, its files and PyTorch's pooled values and scores. */
    public static JsonNode references() {
        try {
            return new ObjectMapper().readTree(dir().resolve("references.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

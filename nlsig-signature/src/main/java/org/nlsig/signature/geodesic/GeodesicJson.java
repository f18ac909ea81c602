package org.nlsig.signature.geodesic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nlsig.io.AtomicFile;
import org.nlsig.signature.output.SignatureJson;

/**
 * Reads and writes {@code geodesic.json} (schema {@value GeodesicResult#SCHEMA}) with the signature's JSON
 * conventions: snake_case keys, non-finite numbers (an infinite LSS) as null, written atomically.
 */
public final class GeodesicJson {
    private static final ObjectMapper MAPPER = SignatureJson.mapper();

    private GeodesicJson() {
    }

    public static void write(Path file, GeodesicResult result) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(result);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    public static String toJson(GeodesicResult result) throws IOException {
        return MAPPER.writeValueAsString(result);
    }

    /** @throws IOException naming the file when it is missing, not JSON, or of another schema */
    public static GeodesicResult read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such geodesic result file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a JSON file (" + e.getOriginalMessage() + ")", e);
        }
        JsonNode schema = root == null ? null : root.get("schema");
        if (schema == null || !schema.asText().equals(GeodesicResult.SCHEMA)) {
            throw new IOException(file + ": not an nlsig geodesic result (schema is "
                    + (schema == null ? "missing" : "'" + schema.asText() + "'") + ", expected '"
                    + GeodesicResult.SCHEMA + "')");
        }
        try {
            return MAPPER.treeToValue(root, GeodesicResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": malformed geodesic result: " + e.getOriginalMessage(), e);
        }
    }
}

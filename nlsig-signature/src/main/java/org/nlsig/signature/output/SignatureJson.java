package org.nlsig.signature.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nlsig.io.AtomicFile;
import org.nlsig.signature.result.Signature;

/**
 * Reads and writes {@code signature.json} (schema {@value Signature#SCHEMA}): snake_case keys, non-finite numbers as
 * null (JSON has no NaN), written atomically.
 */
public final class SignatureJson {
    private static final ObjectMapper MAPPER = mapper();

    private SignatureJson() {
    }

    /** The configured mapper (snake_case, NaN as null), shared with other nlsig JSON outputs. */
    public static ObjectMapper mapper() {
        SimpleModule finite = new SimpleModule("finite-doubles");
        finite.addSerializer(Double.class, new NonFiniteAsNull());
        finite.addSerializer(double.class, new NonFiniteAsNull());
        finite.addDeserializer(double.class, new NullAsNaN());
        finite.addDeserializer(Double.class, new NullableDouble());
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(finite)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static void write(Path file, Signature signature) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(signature);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    public static String toJson(Signature signature) throws IOException {
        return MAPPER.writeValueAsString(signature);
    }

    /**
     * Reads a signature file, or a run's output folder's {@value SignatureOutputs#JSON}, checking its schema tag and
     * that it belongs to a complete set of results ({@link OutputSet#verify}: a folder whose manifest is missing
     * while its journal's run did not finish, or says incomplete, or lists another hash, is refused).
     *
     * @throws IOException with the file name when it is missing, not JSON, of another schema, or not published
     */
    public static Signature read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            file = file.resolve(SignatureOutputs.JSON);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(OutputSet.readVerified(file));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such signature file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a JSON signature file (" + e.getOriginalMessage() + ")", e);
        }
        JsonNode schema = root == null ? null : root.get("schema");
        if (schema == null || !schema.asText().equals(Signature.SCHEMA)) {
            throw new IOException(file + ": not an nlsig signature (schema is "
                    + (schema == null ? "missing" : "'" + schema.asText() + "'") + ", expected '" + Signature.SCHEMA
                    + "')");
        }
        try {
            return MAPPER.treeToValue(root, Signature.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": malformed signature: " + e.getOriginalMessage(), e);
        }
    }

    private static final class NonFiniteAsNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }

    private static final class NullAsNaN extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.currentToken() == JsonToken.VALUE_NULL ? Double.NaN : p.getValueAsDouble();
        }

        @Override
        public Double getNullValue(DeserializationContext ctxt) {
            return Double.NaN;
        }
    }

    private static final class NullableDouble extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsDouble();
        }
    }
}

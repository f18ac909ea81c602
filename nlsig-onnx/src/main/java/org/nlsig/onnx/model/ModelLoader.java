package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import org.nlsig.io.Sha256;

/** Reads ONNX model files: parses the protobuf, hashes the file and validates external-data references. */
public final class ModelLoader {
    /** Protobuf messages cannot exceed 2 GiB; larger models keep their weights in external data files. */
    private static final long MAX_PROTOBUF_BYTES = Integer.MAX_VALUE - 8;

    private ModelLoader() {
    }

    public static OnnxModel load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such ONNX model file");
        }
        if (!Files.isRegularFile(file)) {
            throw new OnnxFormatException(file + ": not a regular file (an ONNX model is one .onnx file)");
        }
        long size = Files.size(file);
        if (size > MAX_PROTOBUF_BYTES) {
            throw new OnnxFormatException(file + ": " + size + " bytes is over protobuf's 2 GiB limit; save the "
                    + "model with its weights as external data (onnx.save_model(..., save_as_external_data=True))");
        }
        byte[] bytes = Files.readAllBytes(file);
        ModelProto proto = parse(bytes, file);
        ModelChecks.check(proto, file);
        ExternalData.Validated external = ExternalData.validate(proto, file);
        String weights = external.tensors() == 0 ? "" : externalDataSha256(external);
        return new OnnxModel(file, Sha256.of(bytes), weights, proto, external.tensors());
    }

    /**
     * One SHA-256 over the model's external data files in location order (each file's location, a zero byte, then
     * its bytes), streamed; every file ExternalData accepted, wherever in the model its tensor is: the weights of a large model are in these files, not in the .onnx file.
     */
    private static String externalDataSha256(ExternalData.Validated external) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        for (Map.Entry<String, Path> e : external.files().entrySet()) {
            digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            Sha256.update(digest, e.getValue());
        }
        return Sha256.hex(digest);
    }

    private static ModelProto parse(byte[] bytes, Path file) throws OnnxFormatException {
        ModelProto proto;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setSizeLimit(Integer.MAX_VALUE);
            in.setRecursionLimit(1000);
            proto = ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new OnnxFormatException(file + ": not an ONNX model (it does not parse as an ONNX protobuf: "
                    + e.getMessage() + ")", e);
        }
        if (!proto.hasGraph() || proto.getIrVersion() <= 0 || proto.getOpsetImportCount() == 0) {
            throw new OnnxFormatException(file + ": not an ONNX model (no graph, IR version or operator set)");
        }
        return proto;
    }

    static String sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }
}

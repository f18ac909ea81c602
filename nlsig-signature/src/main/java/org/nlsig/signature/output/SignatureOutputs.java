package org.nlsig.signature.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.nlsig.signature.result.Signature;

/**
 * The files of a signature run in its output folder: the writer after the run. {@link #publish} writes them as one
 * set ({@link OutputSet}: staged, moved into place, manifest last).
 */
public final class SignatureOutputs {
    public static final String JSON = "signature.json";
    public static final String CSV = "signature.csv";

    private SignatureOutputs() {
    }

    /** More files of the same set (the command line's --report), written into the staging folder. */
    @FunctionalInterface
    public interface Extra {
        Extra NONE = (signature, staging) -> {
        };

        void write(Signature signature, Path staging) throws IOException;
    }

    /** Writes {@value #JSON} and {@value #CSV} into dir, each atomically (not as a set: see {@link #publish}). */
    public static void write(Path dir, Signature signature) throws IOException {
        SignatureJson.write(dir.resolve(JSON), signature);
        SignatureCsv.write(dir.resolve(CSV), signature);
    }

    /** Publishes {@value #JSON}, {@value #CSV} and the extra files into dir as one set. */
    public static void publish(Path dir, Signature signature, Extra extra) throws IOException {
        OutputSet.publish(dir, List.of(
                staging -> SignatureJson.write(staging.resolve(JSON), signature),
                staging -> SignatureCsv.write(staging.resolve(CSV), signature),
                staging -> extra.write(signature, staging)));
    }
}

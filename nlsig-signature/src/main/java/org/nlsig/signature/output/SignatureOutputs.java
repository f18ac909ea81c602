package org.nlsig.signature.output;

import java.io.IOException;
import java.nio.file.Path;
import org.nlsig.signature.result.Signature;

/** The files of a signature run in its output folder, each written atomically: the writer after the run. */
public final class SignatureOutputs {
    public static final String JSON = "signature.json";
    public static final String CSV = "signature.csv";

    private SignatureOutputs() {
    }

    /** Writes {@value #JSON} and {@value #CSV} into dir. */
    public static void write(Path dir, Signature signature) throws IOException {
        SignatureJson.write(dir.resolve(JSON), signature);
        SignatureCsv.write(dir.resolve(CSV), signature);
    }
}

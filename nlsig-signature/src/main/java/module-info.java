/**
 * Non-linearity signatures: runs a model over data, scores every activation site and writes the
 * signature (and the geodesic scores of activation tracks) as JSON.
 *
 * <p>API packages (exported): {@code org.nlsig.signature.pipeline} (a run), {@code
 * org.nlsig.signature.result} (the signature records), {@code org.nlsig.signature.output} (their JSON
 * form) and {@code org.nlsig.signature.geodesic}. Not exported: {@code org.nlsig.signature.journal}
 * (the resumable run journal; {@code SiteScoring.of} takes its {@code BatchScoring} records, a factory
 * for the pipeline, not for users). Jackson reflects on the records it writes and reads, so the packages
 * holding them are opened to {@code com.fasterxml.jackson.databind}.
 */
module org.nlsig.signature {
    requires transitive org.nlsig.io;
    requires transitive org.nlsig.math;
    requires transitive org.nlsig.onnx;
    requires transitive org.nlsig.data;
    requires transitive com.fasterxml.jackson.databind;

    exports org.nlsig.signature.geodesic;
    exports org.nlsig.signature.output;
    exports org.nlsig.signature.pipeline;
    exports org.nlsig.signature.result;

    opens org.nlsig.signature.geodesic to com.fasterxml.jackson.databind;
    opens org.nlsig.signature.journal to com.fasterxml.jackson.databind;
    opens org.nlsig.signature.result to com.fasterxml.jackson.databind;
}

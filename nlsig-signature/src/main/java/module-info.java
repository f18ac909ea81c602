/**
 * Non-linearity signatures: runs a model over data, scores every activation site and writes the
 * signature (and the geodesic scores of activation tracks) as JSON.
 *
 * <p>API packages (exported): {@code org.nlsig.signature.pipeline} (a run), {@code
 * org.nlsig.signature.result} (the signature records), {@code org.nlsig.signature.output} (their JSON
 * form), {@code org.nlsig.signature.geodesic} and {@code org.nlsig.signature.study} (a study: STUDY.csv's rows
 * run one after the other, reused or resumed; {@code StudyExecutor} is the service a cluster executor provides). Not exported: {@code org.nlsig.signature.journal}
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
    requires com.fasterxml.jackson.dataformat.csv;

    exports org.nlsig.signature.geodesic;
    exports org.nlsig.signature.output;
    exports org.nlsig.signature.pipeline;
    exports org.nlsig.signature.result;
    exports org.nlsig.signature.study;

    uses org.nlsig.signature.study.StudyExecutor;

    opens org.nlsig.signature.geodesic to com.fasterxml.jackson.databind;
    opens org.nlsig.signature.journal to com.fasterxml.jackson.databind;
    opens org.nlsig.signature.result to com.fasterxml.jackson.databind;
}

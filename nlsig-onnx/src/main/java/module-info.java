/**
 * ONNX models for nlsig: loading and inspecting a model, finding its activation sites and tracks,
 * rewriting the graph so that ONNX Runtime returns (pooled) activations, and running it.
 *
 * <p>API packages (exported): {@code org.nlsig.onnx.inputs}, {@code org.nlsig.onnx.model},
 * {@code org.nlsig.onnx.pooling}, {@code org.nlsig.onnx.runtime}, {@code org.nlsig.onnx.sites} and
 * {@code org.nlsig.onnx.tracks}.
 * The API shows ONNX protobuf types ({@code ai.onnx.proto}, from tribuo-util-onnx) and ONNX Runtime
 * exceptions, so those modules are required transitively. ONNX Runtime, tribuo-util-onnx and protobuf
 * are automatic modules; each jar names itself with an {@code Automatic-Module-Name} manifest entry.
 */
module org.nlsig.onnx {
    requires transitive org.nlsig.io;
    requires transitive com.microsoft.onnxruntime;
    requires transitive org.tribuo.util.onnx;
    requires transitive com.google.protobuf;

    exports org.nlsig.onnx.inputs;
    exports org.nlsig.onnx.model;
    exports org.nlsig.onnx.pooling;
    exports org.nlsig.onnx.runtime;
    exports org.nlsig.onnx.sites;
    exports org.nlsig.onnx.tracks;
}

package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Optional;
import org.nlsig.onnx.model.Graph;

/** Recognises one decomposed activation around an anchor node (its characteristic nonlinear op). */
interface PatternMatcher {
    Optional<Match> match(NodeProto anchor, Graph graph);
}

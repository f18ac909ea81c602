package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;

/** A matched activation: its kind, the nodes it spans, and the tensors it reads and writes. */
record Match(ActivationKind kind, List<NodeProto> nodes, String input, String output) {
    Match {
        nodes = List.copyOf(nodes);
    }
}

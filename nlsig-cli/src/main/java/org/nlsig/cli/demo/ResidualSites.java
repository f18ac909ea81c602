package org.nlsig.cli.demo;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.nlsig.onnx.model.ModelLoader;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.signature.result.Signature;
import org.nlsig.signature.result.SiteResult;

/** Which activation sites read a residual sum (their input tensor is made by an Add node), by site name. */
final class ResidualSites {
    private ResidualSites() {
    }

    static Set<String> of(Path modelFile, Signature signature) throws IOException {
        OnnxModel model = ModelLoader.load(modelFile);
        Map<String, String> producerOp = new HashMap<>();
        for (NodeProto n : model.proto().getGraph().getNodeList()) {
            for (String out : n.getOutputList()) {
                producerOp.put(out, n.getOpType());
            }
        }
        Set<String> sites = new HashSet<>();
        for (SiteResult s : signature.sites()) {
            if ("Add".equals(producerOp.get(s.input()))) {
                sites.add(s.name());
            }
        }
        return sites;
    }
}

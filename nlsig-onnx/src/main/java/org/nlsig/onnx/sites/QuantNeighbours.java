package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Map;
import java.util.Optional;
import org.nlsig.onnx.model.Graph;

/**
 * Finds the scale and zero point of an integer tensor from the nodes around it: the QuantizeLinear or QLinear op
 * that wrote it (their output scale and zero point are inputs), or a DequantizeLinear or QLinear op that reads it
 * (their input scale and zero point). Quantised graphs carry these as tensors, so no value is decoded here.
 */
final class QuantNeighbours {
    /** Input positions of the scale and zero point that go with a quantised data input or with the output. */
    private record Port(int data, int scale, int zeroPoint) {
    }

    /** Quantised data inputs of QLinear ops: input position -> its scale and zero point. */
    private static final Map<String, Port[]> READS = Map.of(
            "DequantizeLinear", new Port[] {new Port(0, 1, 2)},
            "QLinearConv", new Port[] {new Port(0, 1, 2), new Port(3, 4, 5)},
            "QLinearMatMul", new Port[] {new Port(0, 1, 2), new Port(3, 4, 5)},
            "QLinearAdd", new Port[] {new Port(0, 1, 2), new Port(3, 4, 5)},
            "QLinearMul", new Port[] {new Port(0, 1, 2), new Port(3, 4, 5)},
            "QGemm", new Port[] {new Port(0, 1, 2), new Port(3, 4, 5)},
            "QLinearSigmoid", new Port[] {new Port(0, 1, 2)},
            "QLinearLeakyRelu", new Port[] {new Port(0, 1, 2)},
            "QLinearGlobalAveragePool", new Port[] {new Port(0, 1, 2)},
            "QLinearAveragePool", new Port[] {new Port(0, 1, 2)});
    /** The output's scale and zero point of ops that write a quantised tensor (data position unused: 0). */
    private static final Map<String, Port> WRITES = Map.of(
            "QuantizeLinear", new Port(0, 1, 2),
            "QLinearConv", new Port(0, 6, 7),
            "QLinearMatMul", new Port(0, 6, 7),
            "QLinearAdd", new Port(0, 6, 7),
            "QLinearMul", new Port(0, 6, 7),
            "QGemm", new Port(0, 7, 8),
            "QLinearSigmoid", new Port(0, 3, 4),
            "QLinearLeakyRelu", new Port(0, 3, 4),
            "QLinearGlobalAveragePool", new Port(0, 3, 4),
            "QLinearAveragePool", new Port(0, 3, 4));

    private QuantNeighbours() {
    }

    /** The parameters of {@code tensor} from its writer, else from its first reader that has them. */
    static Optional<QuantParams> of(Graph g, String tensor) {
        Optional<QuantParams> written = g.producer(tensor).filter(QuantNeighbours::isQuantOp)
                .flatMap(p -> Optional.ofNullable(WRITES.get(p.getOpType())).flatMap(w -> params(p, w)));
        if (written.isPresent()) {
            return written;
        }
        for (NodeProto c : g.consumers(tensor)) {
            Port[] ports = isQuantOp(c) ? READS.get(c.getOpType()) : null;
            if (ports == null) {
                continue;
            }
            for (Port p : ports) {
                if (c.getInputCount() > p.data() && c.getInput(p.data()).equals(tensor)) {
                    Optional<QuantParams> read = params(c, p);
                    if (read.isPresent()) {
                        return read;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The parameters a QLinear activation (QLinearSigmoid, QLinearLeakyRelu) takes for its input and output. */
    static Optional<Dequantisation> ofQLinearActivation(NodeProto n) {
        Optional<QuantParams> in = params(n, new Port(0, 1, 2));
        Optional<QuantParams> out = params(n, WRITES.get(n.getOpType()));
        return in.flatMap(i -> out.map(o -> new Dequantisation(i, o)));
    }

    private static Optional<QuantParams> params(NodeProto n, Port p) {
        if (n.getInputCount() <= p.scale() || n.getInput(p.scale()).isEmpty()) {
            return Optional.empty();
        }
        boolean hasZero = n.getInputCount() > p.zeroPoint() && !n.getInput(p.zeroPoint()).isEmpty();
        return Optional.of(new QuantParams(n.getInput(p.scale()),
                hasZero ? Optional.of(n.getInput(p.zeroPoint())) : Optional.empty()));
    }

    private static boolean isQuantOp(NodeProto n) {
        String d = n.getDomain();
        return d.isEmpty() || d.equals("ai.onnx") || d.equals("com.microsoft");
    }
}

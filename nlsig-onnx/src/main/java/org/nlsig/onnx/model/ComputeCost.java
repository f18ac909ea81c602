package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Multiply-accumulate operations per sample of the layers that dominate a network's cost (Conv, ConvTranspose,
 * Gemm, MatMul, and their quantised forms: ConvInteger, QLinearConv, MatMulInteger, QLinearMatMul, and ONNX
 * Runtime's QGemm, MatMulIntegerToFloat, DynamicQuantizeMatMul and QAttention), from inferred shapes. Other
 * operators are not counted; QLinearAdd and QLinearMul are element-wise, not multiply-accumulates.
 */
public final class ComputeCost {
    /** {@code macsPerSample} sums the counted nodes; {@code uncountedNodes} lacked the shapes to count. */
    public record MacEstimate(long macsPerSample, int countedNodes, int uncountedNodes) {
    }

    private ComputeCost() {
    }

    public static MacEstimate macsPerSample(OnnxModel model, TensorShapes shapes) {
        long total = 0;
        int counted = 0;
        int uncounted = 0;
        for (NodeProto n : model.graph().nodes()) {
            long macs;
            if (n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx")) {
                macs = switch (n.getOpType()) {
                    case "Conv", "ConvInteger" -> conv(n, 1, model, shapes);
                    case "QLinearConv" -> conv(n, 3, model, shapes);
                    case "ConvTranspose" -> convTranspose(n, model, shapes);
                    case "Gemm" -> gemm(n, shapes);
                    case "MatMul", "MatMulInteger", "QLinearMatMul" -> matMul(n, shapes);
                    default -> -2;
                };
            } else if (n.getDomain().equals("com.microsoft")) {
                macs = switch (n.getOpType()) {
                    case "QGemm" -> gemm(n, shapes);
                    case "MatMulIntegerToFloat", "DynamicQuantizeMatMul" -> matMul(n, shapes);
                    case "QAttention" -> attention(n, model, shapes);
                    default -> -2;
                };
            } else {
                continue;
            }
            if (macs == -2) {
                continue;
            }
            if (macs < 0) {
                uncounted++;
            } else {
                total += macs;
                counted++;
            }
        }
        return new MacEstimate(total / shapes.batchSize(), counted, uncounted);
    }

    /** A convolution whose weight is input {@code weightInput} (1; 3 for QLinearConv, after x's scale and zero). */
    private static long conv(NodeProto n, int weightInput, OnnxModel model, TensorShapes shapes) {
        long out = elements(shapes.get(n.getOutput(0)));
        long[] w = n.getInputCount() > weightInput ? weightShape(n.getInput(weightInput), model, shapes) : null;
        if (out < 0 || w == null || w.length < 2) {
            return -1;
        }
        long perOutput = 1;
        for (int i = 1; i < w.length; i++) {
            perOutput *= w[i];
        }
        return out * perOutput;
    }

    private static long convTranspose(NodeProto n, OnnxModel model, TensorShapes shapes) {
        long in = elements(shapes.get(n.getInput(0)));
        long[] w = weightShape(n.getInput(1), model, shapes);
        if (in < 0 || w == null || w.length < 2) {
            return -1;
        }
        long perInput = 1;
        for (int i = 1; i < w.length; i++) {
            perInput *= w[i];
        }
        return in * perInput;
    }

    private static long gemm(NodeProto n, TensorShapes shapes) {
        TensorInfo a = shapes.get(n.getInput(0));
        long out = elements(shapes.get(n.getOutput(0)));
        if (out < 0 || !a.rankKnown() || a.rank() != 2) {
            return -1;
        }
        boolean transA = n.getAttributeList().stream()
                .anyMatch(at -> at.getName().equals("transA") && at.getType() == AttributeProto.AttributeType.INT
                        && at.getI() != 0);
        long k = a.dims().get(transA ? 0 : 1);
        return k < 0 ? -1 : out * k;
    }

    private static long matMul(NodeProto n, TensorShapes shapes) {
        TensorInfo a = shapes.get(n.getInput(0));
        long out = elements(shapes.get(n.getOutput(0)));
        if (out < 0 || !a.rankKnown() || a.rank() == 0) {
            return -1;
        }
        long k = a.dims().get(a.rank() - 1);
        return k < 0 ? -1 : out * k;
    }

    /**
     * QAttention on input [B, S, H] with packed weights [H, 3 H']: the Q, K, V projections (B S H 3H') and the two
     * attention products, Q K^T and the weighted sum of V (B S S H' each, summed over the heads).
     */
    private static long attention(NodeProto n, OnnxModel model, TensorShapes shapes) {
        TensorInfo x = shapes.get(n.getInput(0));
        long[] w = weightShape(n.getInput(1), model, shapes);
        if (!x.isStatic() || x.rank() != 3 || w == null || w.length != 2) {
            return -1;
        }
        long b = x.dims().get(0);
        long seq = x.dims().get(1);
        long hidden = x.dims().get(2);
        long headsWidth = w[1] / 3;
        return b * seq * hidden * w[1] + 2 * b * seq * seq * headsWidth;
    }

    private static long[] weightShape(String name, OnnxModel model, TensorShapes shapes) {
        // a statically quantised weight is read through its DequantizeLinear: the shape is the integer tensor's
        String weight = model.graph().producer(name).filter(p -> p.getOpType().equals("DequantizeLinear"))
                .map(p -> p.getInput(0)).orElse(name);
        for (TensorProto t : model.proto().getGraph().getInitializerList()) {
            if (t.getName().equals(weight)) {
                return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        TensorInfo info = shapes.get(name);
        return info.isStatic() ? info.shape() : null;
    }

    private static long elements(TensorInfo t) {
        if (!t.isStatic()) {
            return -1;
        }
        long n = 1;
        for (long d : t.dims()) {
            n *= d;
        }
        return n;
    }
}

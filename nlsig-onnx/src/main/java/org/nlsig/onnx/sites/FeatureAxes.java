package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.Graph;

/**
 * Infers where a tensor keeps its features from the layer that made it: convolutions and pooling write channels
 * first (NCHW); MatMul, Gemm and LayerNormalization write features last (tokens N x T x C, and channels-last
 * N x H x W x C as in ConvNeXt and Swin). Element-wise ops and normalisations keep the layout, so the search walks
 * back through them. When no such layer made it, the layer that reads it decides: a site whose output feeds a
 * Conv or BatchNormalization (through Q/DQ, Identity, element-wise ops or an Unsqueeze of trailing axes) has its
 * channels on axis 1, as silero VAD's decoder ReLU {@code [N, 128, 1]} before its Conv1d, which the rank-3 default
 * (tokens, features last) pooled to one feature. A user's overrides ({@code --feature-axis SITE=AXIS}, a negative
 * axis counting from the end) are applied once, by {@link #resolve}: every later step (pooling, signature.json, a
 * run's identity) sees the resolved, non-negative axis that is really pooled on.
 */
public final class FeatureAxes {
    private static final Set<String> CHANNELS_FIRST = Set.of("Conv", "ConvTranspose", "ConvInteger", "QLinearConv",
            "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "LpPool", "GlobalLpPool",
            "BatchNormalization", "InstanceNormalization", "LRN", "Resize", "Upsample", "DepthToSpace",
            "SpaceToDepth", "QLinearGlobalAveragePool", "QLinearAveragePool");
    private static final Set<String> CHANNELS_LAST = Set.of("MatMul", "Gemm", "MatMulInteger", "QLinearMatMul",
            "LayerNormalization", "SimplifiedLayerNormalization", "Einsum", "QGemm", "MatMulIntegerToFloat",
            "DynamicQuantizeMatMul");
    /** Ops whose output keeps the layout of their (non-constant) inputs. */
    private static final Set<String> LAYOUT_PRESERVING = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Neg",
            "Abs", "Exp", "Log", "Erf", "Identity", "Cast", "Dropout", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu",
            "Celu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Softplus", "Softsign", "Mish", "Gelu",
            "ThresholdedRelu", "Clip", "Max", "Min", "Where", "QuantizeLinear", "DequantizeLinear", "Reciprocal");
    /** Readers that take their data input (input 0) channels first. */
    private static final Set<String> READS_CHANNELS_FIRST = Set.of("Conv", "ConvTranspose", "ConvInteger",
            "QLinearConv", "BatchNormalization", "InstanceNormalization", "MaxPool", "AveragePool",
            "GlobalAveragePool", "GlobalMaxPool", "LpPool", "GlobalLpPool", "LRN", "QLinearGlobalAveragePool");
    /** Readers that contract or normalise the last axis of their input 0. */
    private static final Set<String> READS_CHANNELS_LAST = Set.of("MatMul", "Gemm", "MatMulInteger",
            "LayerNormalization", "SimplifiedLayerNormalization");
    private static final int MAX_STEPS = 64;

    private FeatureAxes() {
    }

    /**
     * The layout of {@code tensor}; when no producing layer is found, rank 3 tensors (tokens) are channels-last
     * and others channels-first.
     */
    public static FeatureLayout infer(Graph g, String tensor, int rankOrMinusOne) {
        return search(g, tensor).orElse(rankOrMinusOne == 3 ? FeatureLayout.CHANNELS_LAST
                : FeatureLayout.CHANNELS_FIRST);
    }

    /**
     * The layout of a site's tensors from the layer that made its input or, failing that, the layer that reads its
     * output; empty when neither says (the caller then guesses from the rank).
     */
    static Optional<FeatureLayout> fromLayers(Graph g, String input, String output) {
        Optional<FeatureLayout> made = search(g, input);
        return made.isPresent() ? made : searchReaders(g, output);
    }

    private static Optional<FeatureLayout> searchReaders(Graph g, String tensor) {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(tensor);
        int steps = 0;
        while (!queue.isEmpty() && steps++ < MAX_STEPS) {
            String t = queue.poll();
            if (!seen.add(t)) {
                continue;
            }
            for (NodeProto c : g.consumers(t)) {
                String op = c.getOpType();
                boolean data = c.getInputCount() > 0 && c.getInput(0).equals(t);
                if (data && READS_CHANNELS_FIRST.contains(op)) {
                    return Optional.of(FeatureLayout.CHANNELS_FIRST);
                }
                if (data && READS_CHANNELS_LAST.contains(op)) {
                    return Optional.of(FeatureLayout.CHANNELS_LAST);
                }
                if (LAYOUT_PRESERVING.contains(op) || (op.equals("Unsqueeze") && data && trailingAxes(g, c))) {
                    c.getOutputList().stream().filter(o -> !o.isEmpty()).forEach(queue::add);
                }
            }
        }
        return Optional.empty();
    }

    /** An Unsqueeze that adds axes after the first two only, so axis 1 stays axis 1. */
    private static boolean trailingAxes(Graph g, NodeProto unsqueeze) {
        List<Long> axes = new ArrayList<>();
        if (unsqueeze.getInputCount() > 1) {
            Optional<double[]> v = g.constantValues(unsqueeze.getInput(1));
            if (v.isEmpty()) {
                return false;
            }
            for (double a : v.get()) {
                axes.add((long) a);
            }
        } else {
            unsqueeze.getAttributeList().stream().filter(a -> a.getName().equals("axes"))
                    .forEach(a -> axes.addAll(a.getIntsList()));
        }
        return !axes.isEmpty() && axes.stream().allMatch(a -> a >= 2);
    }

    private static Optional<FeatureLayout> search(Graph g, String tensor) {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(tensor);
        int steps = 0;
        while (!queue.isEmpty() && steps++ < MAX_STEPS) {
            String t = queue.poll();
            if (!seen.add(t)) {
                continue;
            }
            Optional<NodeProto> p = g.producer(t);
            if (p.isEmpty()) {
                continue;
            }
            String op = p.get().getOpType();
            if (CHANNELS_FIRST.contains(op)) {
                return Optional.of(FeatureLayout.CHANNELS_FIRST);
            }
            if (CHANNELS_LAST.contains(op)) {
                return Optional.of(FeatureLayout.CHANNELS_LAST);
            }
            if (LAYOUT_PRESERVING.contains(op)) {
                for (String in : p.get().getInputList()) {
                    if (!in.isEmpty() && !g.isConstant(in)) {
                        queue.add(in);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The sites with their overrides applied and checked.
     *
     * @param model     the model file, for messages
     * @param overrides site index to axis
     * @throws UserInputException naming the option when an override names no site, or no non-batch axis of its
     *                            site's tensor
     */
    public static List<ActivationSite> resolve(Path model, List<ActivationSite> sites, Map<Integer, Integer> overrides) {
        TreeSet<Integer> unknown = new TreeSet<>(overrides.keySet());
        List<ActivationSite> out = new ArrayList<>();
        for (ActivationSite s : sites) {
            unknown.remove(s.index());
            out.add(resolve(model, s, overrides.get(s.index())));
        }
        if (!unknown.isEmpty()) {
            throw new UserInputException("--feature-axis names site " + unknown.first() + ", but " + model
                    + " has sites " + (sites.isEmpty() ? "none" : "0 to " + sites.get(sites.size() - 1).index())
                    + " (see nlsig inspect " + model + ")");
        }
        return out;
    }

    /** One site with its override (null for none) applied and checked against its tensor's rank. */
    public static ActivationSite resolve(Path model, ActivationSite s, Integer override) {
        if (!s.outputInfo().rankKnown()) {
            throw new UserInputException(model + ": site " + s.index() + " '" + s.name()
                    + "': the rank of tensor '" + s.outputTensor() + "' is unknown, so it cannot be pooled");
        }
        int rank = s.outputInfo().rank();
        int axis = override == null ? s.featureAxis() : (override < 0 ? rank + override : override);
        if (axis < 1 || axis >= rank) {
            throw new UserInputException(model + ": site " + s.index() + " '" + s.name() + "': feature axis "
                    + (override != null ? "--feature-axis " + s.index() + "=" + override : String.valueOf(axis))
                    + " is not a non-batch axis of its rank " + rank + " tensor " + s.outputInfo().shapeText());
        }
        return axis == s.featureAxis() ? s : s.withFeatureAxis(axis);
    }
}

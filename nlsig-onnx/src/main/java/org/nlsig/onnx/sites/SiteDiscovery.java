package org.nlsig.onnx.sites;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.Graph;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.model.TensorShapes;

/**
 * Finds a model's activation sites in execution order. Decomposed forms are matched first (so that the Sigmoid of
 * a SiLU or the Softplus of a Mish is not also a site of its own), then single activation ops. Candidates that
 * cannot be measured are reported with a reason, never dropped silently.
 */
public final class SiteDiscovery {
    /** Single ONNX ops that are activations, with the kind each computes. */
    private static final Map<String, ActivationKind> NATIVE = Map.ofEntries(
            Map.entry("Relu", ActivationKind.RELU), Map.entry("LeakyRelu", ActivationKind.LEAKY_RELU),
            Map.entry("PRelu", ActivationKind.PRELU), Map.entry("Elu", ActivationKind.ELU),
            Map.entry("Selu", ActivationKind.SELU), Map.entry("Celu", ActivationKind.CELU),
            Map.entry("Sigmoid", ActivationKind.SIGMOID), Map.entry("HardSigmoid", ActivationKind.HARD_SIGMOID),
            Map.entry("HardSwish", ActivationKind.HARD_SWISH), Map.entry("Tanh", ActivationKind.TANH),
            Map.entry("Softplus", ActivationKind.SOFTPLUS), Map.entry("Softsign", ActivationKind.SOFTSIGN),
            Map.entry("Mish", ActivationKind.MISH), Map.entry("Gelu", ActivationKind.GELU),
            Map.entry("ThresholdedRelu", ActivationKind.THRESHOLDED_RELU), Map.entry("Clip", ActivationKind.CLIP));
    /** ONNX Runtime's contrib ops that are plain activations (as in models saved after ORT's optimiser). */
    private static final Map<String, ActivationKind> CONTRIB = Map.of("Gelu", ActivationKind.GELU,
            "QuickGelu", ActivationKind.QUICK_GELU);
    private static final Set<String> SOFTMAX = Set.of("Softmax", "LogSoftmax");
    /** Ops that only appear inside decomposed activations; reported when found where sites cannot be measured. */
    private static final Set<String> DECOMPOSED_ANCHORS = Set.of("Erf");

    private static final List<PatternMatcher> COMPOSITES = List.of(new GeluErfPattern(), new GeluTanhPattern(),
            new MishPattern(), new SoftplusBetaPattern(), new HardSwishPattern(), new SigmoidGatePattern());

    private SiteDiscovery() {
    }

    public static SiteReport discover(OnnxModel model, TensorShapes shapes) {
        return discover(model, shapes, DiscoveryOptions.defaults());
    }

    public static SiteReport discover(OnnxModel model, TensorShapes shapes, DiscoveryOptions options) {
        Graph g = model.graph();
        List<SkippedCandidate> skipped = new ArrayList<>();
        Set<NodeProto> claimed = new HashSet<>();
        List<Match> matches = new ArrayList<>();
        for (PatternMatcher matcher : COMPOSITES) {
            for (NodeProto n : g.nodes()) {
                if (claimed.contains(n)) {
                    continue;
                }
                Optional<Match> m = matcher.match(n, g);
                if (m.isPresent() && m.get().nodes().stream().noneMatch(claimed::contains)) {
                    matches.add(m.get());
                    claimed.addAll(m.get().nodes());
                }
            }
        }
        Set<String> localFunctions = new HashSet<>();
        for (FunctionProto f : model.proto().getFunctionsList()) {
            localFunctions.add(f.getDomain() + ":" + f.getName());
        }
        for (NodeProto n : g.nodes()) {
            if (claimed.contains(n)) {
                continue;
            }
            native_(n, options).ifPresent(kind -> {
                matches.add(new Match(kind == ActivationKind.CLIP ? clipKind(g, n) : kind, List.of(n),
                        n.getInput(0), n.getOutput(0)));
                claimed.add(n);
            });
            if (SOFTMAX.contains(n.getOpType()) && !options.includeSoftmax() && isDefaultDomain(n)) {
                skipped.add(new SkippedCandidate(nodeLabel(n), n.getOpType(), "main graph",
                        "softmax normalises attention or class scores; not an activation site by default"));
            }
            if (isContrib(n) && Set.of("FastGelu", "BiasGelu").contains(n.getOpType())) {
                skipped.add(new SkippedCandidate(nodeLabel(n), n.getOpType(), "main graph",
                        "fused bias + GELU: the activation's input is not a tensor of the graph"));
            }
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    skipInside(a.getG(), "subgraph '" + a.getName() + "' of " + n.getOpType() + " node "
                            + nodeLabel(n), skipped, options);
                }
                for (GraphProto sub : a.getGraphsList()) {
                    skipInside(sub, "subgraph '" + a.getName() + "' of " + n.getOpType() + " node " + nodeLabel(n),
                            skipped, options);
                }
            }
            if (localFunctions.contains(n.getDomain() + ":" + n.getOpType())) {
                for (FunctionProto f : model.proto().getFunctionsList()) {
                    if (f.getName().equals(n.getOpType()) && f.getDomain().equals(n.getDomain())) {
                        skipNodes(f.getNodeList(), "function '" + f.getName() + "' called by node " + nodeLabel(n),
                                "inside a model-local function", skipped, options);
                    }
                }
            }
        }
        matches.sort(Comparator.comparingInt(m -> lastPosition(g, m)));
        return new SiteReport(toSites(matches, g, shapes, skipped), skipped);
    }

    private static List<ActivationSite> toSites(List<Match> matches, Graph g, TensorShapes shapes,
                                                List<SkippedCandidate> skipped) {
        List<ActivationSite> sites = new ArrayList<>();
        Map<String, Integer> nameUses = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Match m : matches) {
            List<NodeProto> nodes = new ArrayList<>(m.nodes());
            nodes.sort(Comparator.comparingInt(g::position));
            NodeProto last = nodes.get(nodes.size() - 1);
            TensorInfo out = shapes.get(m.output());
            TensorInfo in = shapes.get(m.input());
            ElementType type = out.elementType() != ElementType.UNDEFINED ? out.elementType() : in.elementType();
            String label = nodeLabel(last);
            if (type != ElementType.UNDEFINED && !type.isFloatingPoint()) {
                skipped.add(new SkippedCandidate(label, last.getOpType(), "main graph",
                        "element type " + type + " is not floating point (quantised or integer activation)"));
                continue;
            }
            if (out.rankKnown() && out.rank() < 2) {
                skipped.add(new SkippedCandidate(label, last.getOpType(), "main graph",
                        "output of rank " + out.rank() + " has no per-sample features to pool"));
                continue;
            }
            int rank = out.rankKnown() ? out.rank() : -1;
            FeatureLayout layout = FeatureAxes.infer(g, m.input(), rank);
            String base = baseName(last, m.kind(), m.output());
            int uses = nameUses.merge(base, 1, Integer::sum);
            String name = uses == 1 ? base : base + "#" + uses;
            // a node may itself be named like a numbered repeat ("act#2"): number on until the name is free
            while (!names.add(name)) {
                uses = nameUses.merge(base, 1, Integer::sum);
                name = base + "#" + uses;
            }
            sites.add(new ActivationSite(sites.size(), name, m.kind(),
                    nodes.stream().map(NodeProto::getName).toList(), nodes.stream().map(NodeProto::getOpType).toList(),
                    m.input(), m.output(), out, layout, rank >= 2 ? layout.axis(rank) : -1));
        }
        return sites;
    }

    /**
     * A site's name comes from the graph alone, never from its index: comparisons align two exports of one network
     * by name, and an index shifts with every site an exporter adds or orders differently. An unnamed node is named
     * by the tensor it writes, which is unique in the graph (ONNX graphs assign each tensor once).
     */
    private static String baseName(NodeProto last, ActivationKind kind, String outputTensor) {
        if (last.getName().isEmpty()) {
            return kind.label() + "@" + outputTensor;
        }
        return ScopeNames.readable(last.getName());
    }

    private static Optional<ActivationKind> native_(NodeProto n, DiscoveryOptions options) {
        if (isDefaultDomain(n)) {
            if (options.includeSoftmax() && SOFTMAX.contains(n.getOpType())) {
                return Optional.of(ActivationKind.SOFTMAX);
            }
            return Optional.ofNullable(NATIVE.get(n.getOpType()));
        }
        return isContrib(n) ? Optional.ofNullable(CONTRIB.get(n.getOpType())) : Optional.empty();
    }

    private static ActivationKind clipKind(Graph g, NodeProto clip) {
        double[] b = Nodes.clipBounds(g, clip);
        if (Nodes.near(b[0], 0) && Nodes.near(b[1], 6)) {
            return ActivationKind.RELU6;
        }
        if (Nodes.near(b[0], -1) && Nodes.near(b[1], 1)) {
            return ActivationKind.HARD_TANH;
        }
        if (Nodes.near(b[0], 0) && b[1] == Double.POSITIVE_INFINITY) {
            return ActivationKind.RELU;
        }
        return ActivationKind.CLIP;
    }

    private static void skipInside(GraphProto sub, String where, List<SkippedCandidate> skipped,
                                   DiscoveryOptions options) {
        skipNodes(sub.getNodeList(), where, "inside a control-flow subgraph (If/Loop/Scan), which runs a data-"
                + "dependent number of times", skipped, options);
    }

    private static void skipNodes(List<NodeProto> nodes, String where, String reason,
                                  List<SkippedCandidate> skipped, DiscoveryOptions options) {
        for (NodeProto n : nodes) {
            if (native_(n, options).isPresent() || (DECOMPOSED_ANCHORS.contains(n.getOpType()) && isDefaultDomain(n))) {
                skipped.add(new SkippedCandidate(nodeLabel(n), n.getOpType(), where, reason));
            }
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    skipNodes(a.getG().getNodeList(), where + " > subgraph '" + a.getName() + "' of node "
                            + nodeLabel(n), reason, skipped, options);
                }
                for (GraphProto g : a.getGraphsList()) {
                    skipNodes(g.getNodeList(), where + " > subgraph '" + a.getName() + "' of node " + nodeLabel(n),
                            reason, skipped, options);
                }
            }
        }
    }

    private static int lastPosition(Graph g, Match m) {
        return m.nodes().stream().mapToInt(g::position).max().orElse(0);
    }

    private static boolean isDefaultDomain(NodeProto n) {
        return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
    }

    private static boolean isContrib(NodeProto n) {
        return n.getDomain().equals("com.microsoft");
    }

    static String nodeLabel(NodeProto n) {
        return n.getName().isEmpty() ? "(unnamed " + n.getOpType() + " writing '" + n.getOutput(0) + "')"
                : n.getName();
    }
}

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
import org.nlsig.onnx.model.IfChoice;
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
    /** com.microsoft activations computed on quantised tensors, measured through their own scales. */
    private static final Map<String, ActivationKind> QLINEAR = Map.of("QLinearSigmoid", ActivationKind.SIGMOID,
            "QLinearLeakyRelu", ActivationKind.LEAKY_RELU);
    private static final Set<String> SOFTMAX = Set.of("Softmax", "LogSoftmax");
    /** Recurrent cells: their gate activations run inside the op. */
    private static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "RNN");
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
        // patterns are matched with the Q/DQ pairs of a statically quantised model out of the way (see QdqView)
        QdqView view = QdqView.of(model.graph());
        Graph g = view.graph();
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
            if ((isDefaultDomain(n) && RECURRENT.contains(n.getOpType()))
                    || (isContrib(n) && n.getOpType().equals("DynamicQuantizeLSTM"))) {
                skipped.add(new SkippedCandidate(nodeLabel(n), n.getOpType(), "main graph",
                        "gates fused inside the cell: its sigmoid and tanh gates are not tensors of the graph"));
            }
            for (AttributeProto a : n.getAttributeList()) {
                String reason = controlFlowReason(model, n);
                if (a.hasG()) {
                    skipNodes(a.getG().getNodeList(), "subgraph '" + a.getName() + "' of " + n.getOpType() + " node "
                            + nodeLabel(n), reason, skipped, options);
                }
                for (GraphProto sub : a.getGraphsList()) {
                    skipNodes(sub.getNodeList(), "subgraph '" + a.getName() + "' of " + n.getOpType() + " node "
                            + nodeLabel(n), reason, skipped, options);
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
        // the branches If inlining left out do not run: their activations are listed, not measured
        for (IfChoice choice : model.ifChoices()) {
            if (choice instanceof IfChoice.Inlined in) {
                skipNodes(in.notTaken().getNodeList(), "subgraph '" + in.notTakenName() + "' of If node "
                        + in.node(), "in the branch of an If that this run does not take: " + in.condition()
                        + ", so the " + in.taken() + " runs (inlined into the main graph)", skipped, options);
            }
        }
        matches.sort(Comparator.comparingInt(m -> lastPosition(g, m)));
        List<SiteNote> notes = new ArrayList<>();
        return new SiteReport(toSites(matches, view, model.graph(), shapes, skipped, notes), skipped, notes);
    }

    private static List<ActivationSite> toSites(List<Match> matches, QdqView view, Graph model, TensorShapes shapes,
                                                List<SkippedCandidate> skipped, List<SiteNote> notes) {
        Graph g = view.graph();
        List<ActivationSite> sites = new ArrayList<>();
        Map<String, Integer> nameUses = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Match m : matches) {
            List<NodeProto> nodes = new ArrayList<>(m.nodes());
            nodes.sort(Comparator.comparingInt(g::position));
            NodeProto last = nodes.get(nodes.size() - 1);
            String inputTensor = view.floatInput(nodes, m.input());
            String outputTensor = view.floatOutput(m.output());
            TensorInfo out = shapes.get(outputTensor);
            TensorInfo in = shapes.get(inputTensor);
            ElementType type = out.elementType() != ElementType.UNDEFINED ? out.elementType() : in.elementType();
            String label = nodeLabel(last);
            Optional<Dequantisation> dequantisation = Optional.empty();
            boolean qlinear = isContrib(last) && QLINEAR.containsKey(last.getOpType());
            if (qlinear || (type != ElementType.UNDEFINED && !type.isFloatingPoint())) {
                IntegerMeasure integer = integerSite(model, m, last, inputTensor, outputTensor, type);
                if (integer instanceof IntegerMeasure.Unmeasured u) {
                    skipped.add(new SkippedCandidate(label, last.getOpType(), "main graph", u.reason()));
                    continue;
                }
                if (integer instanceof IntegerMeasure.Dequantised d) {
                    dequantisation = Optional.of(d.dequantisation());
                }
            }
            if (out.rankKnown() && out.rank() < 2) {
                skipped.add(new SkippedCandidate(label, last.getOpType(), "main graph",
                        "output of rank " + out.rank() + " has no per-sample features to pool"));
                continue;
            }
            int rank = out.rankKnown() ? out.rank() : -1;
            Optional<FeatureLayout> fromLayers = FeatureAxes.fromLayers(g, m.input(), m.output());
            FeatureLayout layout = fromLayers.orElse(rank == 3 ? FeatureLayout.CHANNELS_LAST
                    : FeatureLayout.CHANNELS_FIRST);
            String base = baseName(last, m.kind(), m.output());
            int uses = nameUses.merge(base, 1, Integer::sum);
            String name = uses == 1 ? base : base + "#" + uses;
            // a node may itself be named like a numbered repeat ("act#2"): number on until the name is free
            while (!names.add(name)) {
                uses = nameUses.merge(base, 1, Integer::sum);
                name = base + "#" + uses;
            }
            ActivationSite site = new ActivationSite(sites.size(), name, m.kind(),
                    nodes.stream().map(NodeProto::getName).toList(), nodes.stream().map(NodeProto::getOpType).toList(),
                    inputTensor, outputTensor, out, layout, rank >= 2 ? layout.axis(rank) : -1, dequantisation);
            if (fromLayers.isEmpty()) {
                singleFeatureNote(site).ifPresent(notes::add);
            }
            sites.add(site);
        }
        return sites;
    }

    /** How a site computed in integers is measured: dequantised, or not at all, and why. */
    private sealed interface IntegerMeasure {
        record Dequantised(Dequantisation dequantisation) implements IntegerMeasure {
        }

        record Unmeasured(String reason) implements IntegerMeasure {
        }
    }

    /**
     * How a site computed in integers is measured: a QLinear activation dequantises with its own scale and zero point
     * inputs; a plain activation on an integer tensor (a Relu between a QuantizeLinear and a DequantizeLinear) with
     * those of the nodes around its input and output.
     */
    private static IntegerMeasure integerSite(Graph model, Match m, NodeProto last, String input, String output,
                                              ElementType type) {
        if (isContrib(last) && QLINEAR.containsKey(last.getOpType())) {
            return QuantNeighbours.ofQLinearActivation(last).<IntegerMeasure>map(IntegerMeasure.Dequantised::new)
                    .orElseGet(() -> new IntegerMeasure.Unmeasured(last.getOpType()
                            + " lacks its scale inputs, so its values cannot be dequantised"));
        }
        String what = "element type " + type + " is not floating point";
        if (m.nodes().size() != 1) {
            return new IntegerMeasure.Unmeasured(what + " (quantised or integer activation)");
        }
        Optional<QuantParams> x = QuantNeighbours.of(model, input);
        Optional<QuantParams> y = QuantNeighbours.of(model, output);
        if (x.isPresent() && y.isPresent()) {
            return new IntegerMeasure.Dequantised(new Dequantisation(x.get(), y.get()));
        }
        String missing = x.isEmpty() && y.isEmpty() ? "input '" + input + "' and output '" + output + "'"
                : x.isEmpty() ? "input '" + input + "'" : "output '" + output + "'";
        return new IntegerMeasure.Unmeasured(what + ", and no QuantizeLinear, DequantizeLinear or QLinear node next"
                + " to its " + missing + " gives the scale and zero point to dequantise it with");
    }

    /**
     * A note for a site whose layout was guessed from its rank and that is pooled to a single feature although its
     * tensor has other axes with several entries: likely its features are there.
     */
    private static Optional<SiteNote> singleFeatureNote(ActivationSite s) {
        TensorInfo out = s.outputInfo();
        if (!out.rankKnown() || s.featureAxis() < 1 || out.dims().get(s.featureAxis()) != 1) {
            return Optional.empty();
        }
        int widest = -1;
        for (int a = 1; a < out.rank(); a++) {
            if (out.dims().get(a) > 1 && (widest < 0 || out.dims().get(a) > out.dims().get(widest))) {
                widest = a;
            }
        }
        if (widest < 0) {
            return Optional.empty();
        }
        return Optional.of(new SiteNote(s.index(), "site " + s.index() + " '" + s.name()
                + "' is pooled to d = 1 (axis " + s.featureAxis() + " of " + out.shapeText() + "): no convolution or"
                + " linear layer makes or reads it, so its feature axis was guessed from its rank; if its features are on axis " + widest + ", pass --feature-axis "
                + s.index() + "=" + widest));
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
        if (!isContrib(n)) {
            return Optional.empty();
        }
        return Optional.ofNullable(CONTRIB.get(n.getOpType()))
                .or(() -> Optional.ofNullable(QLINEAR.get(n.getOpType())));
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

    /** Why the activations in a subgraph of node {@code n} are not measured: true for each control-flow op. */
    private static String controlFlowReason(OnnxModel model, NodeProto n) {
        switch (n.getOpType()) {
            case "If": {
                for (IfChoice choice : model.ifChoices()) {
                    if (choice instanceof IfChoice.Kept kept && n.getOutputCount() > 0
                            && kept.output().equals(n.getOutput(0))) {
                        return "inside a branch of an If whose condition is only known at run time: " + kept.why();
                    }
                }
                return "inside a branch of an If; a branch is measured only when its condition is fixed for the "
                        + "run (a constant, or computed from inputs given with --input), which this model was not "
                        + "checked for";
            }
            case "Loop":
                return "inside a Loop body, which runs a number of times known only at run time; its activations "
                        + "are not tensors of the main graph";
            case "Scan":
                return "inside a Scan body, which runs once per step of its sequence; its activations are not "
                        + "tensors of the main graph";
            default:
                return "inside a subgraph of " + n.getOpType() + " node " + nodeLabel(n) + "; its activations are "
                        + "not tensors of the main graph";
        }
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

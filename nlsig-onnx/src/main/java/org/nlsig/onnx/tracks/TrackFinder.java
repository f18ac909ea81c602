package org.nlsig.onnx.tracks;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.Graph;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.sites.FeatureAxes;

/**
 * Finds a model's data track: the residual stream ({@code auto}), tensors given by name, or the tensors whose names
 * match a regular expression. Tensors are the graph's inputs and the outputs of its main-graph nodes; shapes come
 * from {@link TensorShapes} (ONNX Runtime's inference at batch 1).
 */
public final class TrackFinder {
    public static final String AUTO = "auto";

    private TrackFinder() {
    }

    /**
     * The track a {@code --track} argument names: {@code auto}; comma-separated tensor names (when every item is a
     * tensor of the graph); otherwise a regular expression searched in each tensor name (Java syntax, unanchored:
     * {@code relu_1/Relu_output_0$}), the matches in execution order.
     *
     * @throws IllegalArgumentException when nothing matches, naming what was looked for and some tensor names
     */
    public static Track find(OnnxModel model, TensorShapes shapes, String spec) {
        String text = spec.trim();
        if (text.isEmpty() || text.toLowerCase(Locale.ROOT).equals(AUTO)) {
            return residualStream(model, shapes);
        }
        List<String> tensors = tensorsInOrder(model);
        Set<String> known = new HashSet<>(tensors);
        List<String> items = List.of(text.split(","));
        List<String> trimmed = items.stream().map(String::trim).toList();
        if (known.containsAll(trimmed)) {
            return named(model, shapes, trimmed);
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw unknown(model, trimmed, known, tensors, "and it is not a valid regular expression ("
                    + e.getDescription() + ")");
        }
        if (tensors.stream().noneMatch(t -> pattern.matcher(t).find())) {
            throw unknown(model, trimmed, known, tensors, "and, read as a regular expression, it matches no tensor "
                    + "name");
        }
        return matching(model, shapes, pattern);
    }

    /**
     * The residual stream: the outputs of the residual Add nodes (two non-constant inputs, both of the output's
     * shape), in execution order, preceded by the first one's stream input (the input computed first, the skip
     * connection).
     */
    public static Track residualStream(OnnxModel model, TensorShapes shapes) {
        Graph g = model.graph();
        List<NodeProto> adds = new ArrayList<>();
        for (NodeProto n : g.nodes()) {
            if (isResidualAdd(g, shapes, n)) {
                adds.add(n);
            }
        }
        if (adds.isEmpty()) {
            throw new UserInputException(model.path() + ": no residual Add node (two non-constant inputs of "
                    + "the output's shape) in the graph, so there is no residual stream to follow"
                    + (shapes.note().isEmpty() ? "" : " (" + shapes.note() + ")")
                    + ". A plain network has none: name the track's tensors with --track NAME,NAME,... or a regex "
                    + "over tensor names");
        }
        NodeProto first = adds.get(0);
        String stream = first.getInputList().stream()
                .min(Comparator.comparingInt(in -> g.producer(in).map(g::position).orElse(-1))).orElseThrow();
        List<String> names = new ArrayList<>();
        names.add(stream);
        adds.forEach(a -> names.add(a.getOutput(0)));
        return build(model, shapes, names, "auto (residual stream)");
    }

    /** The tensors named, in the order given. */
    public static Track named(OnnxModel model, TensorShapes shapes, List<String> names) {
        Set<String> known = new HashSet<>(tensorsInOrder(model));
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!known.contains(n)) {
                throw new UserInputException(model.path() + ": no tensor '" + n + "' in the graph"
                        + similar(n, tensorsInOrder(model)));
            }
            if (!seen.add(n)) {
                throw new UserInputException(model.path() + ": tensor '" + n + "' is named twice in the track;"
                        + " a track passes through each tensor once");
            }
        }
        return build(model, shapes, names, "names");
    }

    /** The tensors whose names contain a match of {@code pattern}, in execution order. */
    public static Track matching(OnnxModel model, TensorShapes shapes, Pattern pattern) {
        List<String> names = tensorsInOrder(model).stream().filter(t -> pattern.matcher(t).find()).toList();
        if (names.isEmpty()) {
            throw new UserInputException(model.path() + ": no tensor name matches the regex '"
                    + pattern.pattern() + "'" + similar(pattern.pattern(), tensorsInOrder(model)));
        }
        return build(model, shapes, names, "regex '" + pattern.pattern() + "'");
    }

    /** Graph inputs (not initializers), then node outputs in execution order; Constant outputs excluded. */
    public static List<String> tensorsInOrder(OnnxModel model) {
        Set<String> out = new LinkedHashSet<>();
        model.inputs().forEach(i -> out.add(i.name()));
        Graph g = model.graph();
        for (NodeProto n : g.nodes()) {
            if (n.getOpType().equals("Constant")) {
                continue;
            }
            for (String t : n.getOutputList()) {
                if (!t.isEmpty() && !g.isConstant(t)) {
                    out.add(t);
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean isResidualAdd(Graph g, TensorShapes shapes, NodeProto n) {
        if (!n.getOpType().equals("Add") || !n.getDomain().isEmpty() || n.getInputCount() != 2
                || n.getOutputCount() != 1) {
            return false;
        }
        TensorInfo out = shapes.get(n.getOutput(0));
        if (!out.rankKnown() || out.rank() < 2) {
            return false;
        }
        for (String in : n.getInputList()) {
            if (in.isEmpty() || g.isConstant(in)) {
                return false;
            }
            TensorInfo i = shapes.get(in);
            if (!i.rankKnown() || !i.dims().equals(out.dims())) {
                return false;
            }
        }
        return true;
    }

    private static Track build(OnnxModel model, TensorShapes shapes, List<String> names, String source) {
        if (names.size() < 2) {
            throw new UserInputException(model.path() + ": the track " + names + " (" + source + ") has "
                    + names.size() + " tensor; a track needs at least 2 (one step)");
        }
        List<TrackTensor> tensors = new ArrayList<>();
        for (String name : names) {
            TensorInfo info = shapes.get(name);
            if (!info.rankKnown()) {
                throw new UserInputException(model.path() + ": the shape of track tensor '" + name
                        + "' is unknown, so it cannot be pooled" + (shapes.note().isEmpty() ? "" : " ("
                        + shapes.note() + ")"));
            }
            if (info.rank() < 2) {
                throw new UserInputException(model.path() + ": track tensor '" + name + "' has shape "
                        + info.shapeText() + "; a track tensor needs a batch axis and at least one more");
            }
            if (!info.elementType().isFloatingPoint()) {
                throw new UserInputException(model.path() + ": track tensor '" + name + "' holds "
                        + info.elementType() + " values; a track follows floating-point representations");
            }
            int axis = FeatureAxes.infer(model.graph(), name, info.rank()).axis(info.rank());
            tensors.add(new TrackTensor(name, info, axis));
        }
        return new Track(tensors, source);
    }

    private static UserInputException unknown(OnnxModel model, List<String> items, Set<String> known,
            List<String> tensors, String why) {
        List<String> missing = items.stream().filter(i -> !known.contains(i)).toList();
        return new UserInputException(model.path() + ": --track " + String.join(",", items) + ": no tensor "
                + (missing.size() == 1 ? "named '" + missing.get(0) + "'" : "named " + missing) + ", " + why
                + similar(missing.get(0), tensors));
    }

    /** A hint listing a few tensor names close to {@code wanted} (sharing its longest word), or the first few. */
    private static String similar(String wanted, List<String> tensors) {
        Optional<String> word = List.of(wanted.split("[^A-Za-z0-9_]+")).stream()
                .max(Comparator.comparingInt(String::length)).filter(w -> w.length() >= 2);
        List<String> hits = word.map(w -> tensors.stream().filter(t -> t.contains(w)).limit(5).toList())
                .orElse(List.of());
        List<String> shown = hits.isEmpty() ? tensors.stream().limit(5).toList() : hits;
        return "; " + (hits.isEmpty() ? "the graph's tensors begin " : "similar tensors: ") + shown
                + (tensors.size() > shown.size() ? " (of " + tensors.size() + ")" : "");
    }
}

package org.nlsig.onnx.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates the small tensors an If condition is computed from, before the run: initializers, Constant nodes and
 * inputs given a fixed value, through Equal, Greater, Less, GreaterOrEqual, LessOrEqual, Not, And, Or, Xor, Cast,
 * Identity and Squeeze/Unsqueeze/Reshape. Anything else (Shape of an activation, a data input) is computed at run
 * time, and the answer says which tensor it depends on.
 */
final class ConditionEvaluator {
    /** Tensors larger than this are not conditions. */
    private static final int MAX_ELEMENTS = 1 << 16;

    /** What a tensor is before the run. */
    sealed interface Result {
    }

    /** Known: its value, and the fed inputs it was computed from (for messages). */
    record Known(ConstantTensor value, Set<String> inputs) implements Result {
    }

    /** Not known before the run, and why (the first tensor on the way that is computed at run time). */
    record Unknown(String why) implements Result {
    }

    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Set<String> graphInputs = new HashSet<>();
    private final Map<String, ConstantTensor> fed;
    private final int opset;
    private final Map<String, Result> memo = new HashMap<>();

    ConditionEvaluator(GraphProto g, Map<String, ConstantTensor> fed, int opset) {
        for (NodeProto n : g.getNodeList()) {
            n.getOutputList().forEach(o -> producers.put(o, n));
        }
        g.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        g.getInputList().forEach(vi -> graphInputs.add(vi.getName()));
        this.fed = Map.copyOf(fed);
        this.opset = opset;
    }

    Result evaluate(String tensor) {
        Result r = memo.get(tensor);
        if (r == null) {
            r = compute(tensor);
            memo.put(tensor, r);
        }
        return r;
    }

    private Result compute(String tensor) {
        if (fed.containsKey(tensor)) {
            return new Known(fed.get(tensor), Set.of(tensor));
        }
        if (graphInputs.contains(tensor)) {
            // an input that shares an initializer's name can be overridden at run time: not a constant
            return new Unknown("model input '" + tensor + "', which has no fixed value (give it one with --input "
                    + tensor + "=VALUE)");
        }
        if (initializers.containsKey(tensor)) {
            return fromProto(initializers.get(tensor), "initializer '" + tensor + "'");
        }
        NodeProto n = producers.get(tensor);
        if (n == null) {
            return new Unknown("tensor '" + tensor + "', which the main graph does not compute");
        }
        String label = n.getOpType() + " node '" + (n.getName().isEmpty() ? tensor : n.getName()) + "'";
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            return new Unknown("the output of " + label + ", computed at run time");
        }
        switch (n.getOpType()) {
            case "Constant":
                return constant(n, label);
            case "Identity":
                return evaluate(n.getInput(0));
            case "Cast":
                return map(evaluate(n.getInput(0)), t -> cast(t, attrInt(n, "to", 1)));
            case "Not":
                return map(evaluate(n.getInput(0)), t -> elementwise(ElementType.BOOL, t, t, (a, b) -> a == 0 ? 1 : 0));
            case "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or", "Xor":
                return binary(n, label);
            case "Squeeze", "Unsqueeze", "Reshape":
                return reshape(n, label);
            default:
                return new Unknown("the output of " + label + ", computed at run time");
        }
    }

    private Result binary(NodeProto n, String label) {
        Result a = evaluate(n.getInput(0));
        Result b = evaluate(n.getInput(1));
        if (a instanceof Unknown) {
            return a;
        }
        if (b instanceof Unknown) {
            return b;
        }
        ConstantTensor x = ((Known) a).value();
        ConstantTensor y = ((Known) b).value();
        Op op = switch (n.getOpType()) {
            case "Equal" -> (p, q) -> p == q ? 1 : 0;
            case "Greater" -> (p, q) -> p > q ? 1 : 0;
            case "Less" -> (p, q) -> p < q ? 1 : 0;
            case "GreaterOrEqual" -> (p, q) -> p >= q ? 1 : 0;
            case "LessOrEqual" -> (p, q) -> p <= q ? 1 : 0;
            case "And" -> (p, q) -> p != 0 && q != 0 ? 1 : 0;
            case "Or" -> (p, q) -> p != 0 || q != 0 ? 1 : 0;
            default -> (p, q) -> (p != 0) != (q != 0) ? 1 : 0;
        };
        Optional<ConstantTensor> out = broadcastable(x.shape(), y.shape())
                ? Optional.of(elementwise(ElementType.BOOL, x, y, op)) : Optional.empty();
        if (out.isEmpty()) {
            return new Unknown("the output of " + label + ", whose operands do not broadcast");
        }
        Set<String> inputs = new TreeSet<>(((Known) a).inputs());
        inputs.addAll(((Known) b).inputs());
        return new Known(out.get(), inputs);
    }

    private Result reshape(NodeProto n, String label) {
        Result in = evaluate(n.getInput(0));
        if (!(in instanceof Known k)) {
            return in;
        }
        ConstantTensor t = k.value();
        List<Long> axes = new ArrayList<>();
        String op = n.getOpType();
        boolean axesAsInput = op.equals("Reshape") || opset >= 13;
        if (axesAsInput && n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            Result r = evaluate(n.getInput(1));
            if (!(r instanceof Known s)) {
                return r;
            }
            for (double v : s.value().values()) {
                axes.add((long) v);
            }
        } else {
            for (AttributeProto a : n.getAttributeList()) {
                if (a.getName().equals("axes")) {
                    axes.addAll(a.getIntsList());
                }
            }
        }
        List<Long> shape = new ArrayList<>();
        for (long d : t.shape()) {
            shape.add(d);
        }
        switch (op) {
            case "Squeeze" -> {
                if (axes.isEmpty()) {
                    shape.removeIf(d -> d == 1);
                } else {
                    List<Integer> drop = axes.stream().map(a -> (int) (a < 0 ? a + shape.size() : a)).sorted(
                            (p, q) -> q - p).toList();
                    for (int a : drop) {
                        if (a < 0 || a >= shape.size() || shape.get(a) != 1) {
                            return new Unknown("the output of " + label + ", which squeezes an axis not of size 1");
                        }
                        shape.remove(a);
                    }
                }
            }
            case "Unsqueeze" -> {
                int rank = shape.size() + axes.size();
                List<Integer> add = axes.stream().map(a -> (int) (a < 0 ? a + rank : a)).sorted().toList();
                for (int a : add) {
                    if (a < 0 || a > shape.size()) {
                        return new Unknown("the output of " + label + ", with an axis out of range");
                    }
                    shape.add(a, 1L);
                }
            }
            default -> {
                long known = 1;
                int infer = -1;
                shape.clear();
                for (int i = 0; i < axes.size(); i++) {
                    long d = axes.get(i);
                    if (d == 0 && i < t.shape().length) {
                        d = t.shape()[i];
                    }
                    if (d == -1) {
                        infer = i;
                    } else {
                        known *= d;
                    }
                    shape.add(d);
                }
                if (infer >= 0 && known > 0) {
                    shape.set(infer, t.values().length / known);
                }
            }
        }
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != t.values().length) {
            return new Unknown("the output of " + label + ", whose shape does not hold its values");
        }
        return new Known(new ConstantTensor(t.type(), dims, t.values()), k.inputs());
    }

    private Result constant(NodeProto n, String label) {
        for (AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value":
                    return fromProto(a.getT(), label);
                case "value_float":
                    return known(new ConstantTensor(ElementType.FLOAT, new long[0], new double[] {a.getF()}));
                case "value_int":
                    return known(new ConstantTensor(ElementType.INT64, new long[0], new double[] {a.getI()}));
                case "value_floats":
                    return known(new ConstantTensor(ElementType.FLOAT, new long[] {a.getFloatsCount()},
                            a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray()));
                case "value_ints":
                    return known(new ConstantTensor(ElementType.INT64, new long[] {a.getIntsCount()},
                            a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray()));
                default:
                    break;
            }
        }
        return new Unknown("the output of " + label + ", whose value nlsig cannot read");
    }

    private static Result known(ConstantTensor t) {
        return new Known(t, Set.of());
    }

    private static Result fromProto(TensorProto t, String label) {
        if (TensorValues.elementCount(t) > MAX_ELEMENTS) {
            return new Unknown(label + ", too large to be a condition");
        }
        Optional<double[]> values = TensorValues.decode(t);
        if (values.isEmpty()) {
            return new Unknown(label + ", whose values nlsig cannot read (external data or a non-numeric type)");
        }
        return known(new ConstantTensor(ElementType.of(t.getDataType()),
                t.getDimsList().stream().mapToLong(Long::longValue).toArray(), values.get()));
    }

    private interface Op {
        double apply(double a, double b);
    }

    private static Result map(Result r, java.util.function.Function<ConstantTensor, ConstantTensor> f) {
        return r instanceof Known k ? new Known(f.apply(k.value()), k.inputs()) : r;
    }

    private static ConstantTensor cast(ConstantTensor t, int to) {
        ElementType type = ElementType.of(to);
        double[] v = t.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (type) {
                case BOOL -> v[i] != 0 ? 1 : 0;
                case FLOAT, FLOAT16, BFLOAT16 -> (float) v[i];
                case DOUBLE -> v[i];
                default -> (long) v[i]; // integers: truncated toward zero, as ONNX casts
            };
        }
        return new ConstantTensor(type, t.shape(), v);
    }

    private static boolean broadcastable(long[] a, long[] b) {
        for (int i = 1; i <= Math.min(a.length, b.length); i++) {
            long p = a[a.length - i];
            long q = b[b.length - i];
            if (p != q && p != 1 && q != 1) {
                return false;
            }
        }
        return true;
    }

    /** {@code op} element by element, with NumPy broadcasting. */
    private static ConstantTensor elementwise(ElementType type, ConstantTensor x, ConstantTensor y, Op op) {
        long[] a = x.shape();
        long[] b = y.shape();
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long p = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long q = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            out[i] = Math.max(p, q);
        }
        int n = 1;
        for (long d : out) {
            n *= (int) d;
        }
        double[] xv = x.values();
        double[] yv = y.values();
        double[] v = new double[n];
        for (int flat = 0; flat < n; flat++) {
            v[flat] = op.apply(xv[index(flat, out, a)], yv[index(flat, out, b)]);
        }
        return new ConstantTensor(type, out, v);
    }

    /** The element of a tensor of shape {@code in} that broadcasts to element {@code flat} of shape {@code out}. */
    private static int index(int flat, long[] out, long[] in) {
        int index = 0;
        int stride = 1;
        int rest = flat;
        for (int i = out.length - 1; i >= 0; i--) {
            int coordinate = (int) (rest % out[i]);
            rest /= (int) out[i];
            int j = i - (out.length - in.length);
            if (j >= 0) {
                index += (in[j] == 1 ? 0 : coordinate) * stride;
                stride *= (int) in[j];
            }
        }
        return index;
    }

    private static int attrInt(NodeProto n, String name, int fallback) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return (int) a.getI();
            }
        }
        return fallback;
    }
}

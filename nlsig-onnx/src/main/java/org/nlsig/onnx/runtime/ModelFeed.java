package org.nlsig.onnx.runtime;

import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nlsig.io.UserInputException;
import org.nlsig.io.npy.NpyArray;
import org.nlsig.io.npy.NpyFile;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.inputs.InputShape;
import org.nlsig.onnx.inputs.InputValue;
import org.nlsig.onnx.model.ConstantTensor;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;

/**
 * Every input a model takes, for each batch: the data's tensors, the values given with {@code --input NAME=VALUE},
 * and the standard inputs of token models filled when neither gives them. Built once per run; the {@code --input}
 * values are checked against the model's declared inputs here, so a mistake is reported before any batch runs.
 *
 * <p>For the signature pipeline: build it with {@link #of}, inline the Ifs whose condition it fixes
 * ({@code IfInlining.inline(model, feed.constants(feed.dataInputs()))}), pass it to
 * {@link CaptureSession#open(OnnxModel, List, CaptureOptions, ModelFeed)}, and run batches with
 * {@link CaptureSession#run(float[], long[])} (consecutive batches) or with {@link #complete} and
 * {@link CaptureSession#run(Map)}. {@link #fills} lists what is filled, for a notice each.
 *
 * <p>Standard names, filled when absent (T: axis 1 of the data's {@code input_ids}, B: the batch size):
 * {@code attention_mask} ones [B, T], {@code token_type_ids} zeros [B, T], {@code position_ids} 0..T-1 per row,
 * {@code past_key_values.*} empty (past length 0), {@code use_cache_branch} false. Immutable and thread-safe.
 */
public final class ModelFeed {
    /** How one input is fed. */
    public enum Source {
        /** the data's tensor */
        DATA,
        /** a {@code --input} value */
        OPTION,
        /** a standard name, filled */
        STANDARD,
        /** nothing gives it: a run is refused */
        MISSING
    }

    /** How one model input is fed: {@code how} says it in words ("ones [B, T]", "--input sr=16000"). */
    public record InputPlan(TensorInfo input, Source source, String how) {
        /** The notice for a filled standard input. */
        public String notice() {
            return "model input '" + input.name() + "' is not in the data: fed " + how + " (a standard input; set "
                    + "it with --input " + input.name() + "=VALUE)";
        }
    }

    /** One batch's complete feed, and the standard inputs that were filled for it. */
    public record Feed(Map<String, InputTensor> tensors, List<InputPlan> fills) {
        public Feed {
            tensors = Map.copyOf(tensors);
            fills = List.copyOf(fills);
        }
    }

    /** A checked {@code --input}: its value and, for a per-sample file, the file read once. */
    private record Given(TensorInfo input, InputAssignment assignment, int batchAxis, NpyArray npy) {
    }

    private final String model;
    private final List<TensorInfo> inputs;
    private final Map<String, Integer> batchAxes;
    private final Map<String, Given> given;

    private ModelFeed(String model, List<TensorInfo> inputs, Map<String, Integer> batchAxes,
                      Map<String, Given> given) {
        this.model = model;
        this.inputs = List.copyOf(inputs);
        this.batchAxes = Map.copyOf(batchAxes);
        this.given = Map.copyOf(given);
    }

    /** The feed of a run without {@code --input} values. */
    public static ModelFeed of(OnnxModel model) {
        return of(model, List.of());
    }

    /**
     * Checks {@code assignments} against the model's inputs (name, element type, shape; {@code npy:} files are read
     * here) and builds the feed. Errors name the option and say what to change.
     */
    public static ModelFeed of(OnnxModel model, List<InputAssignment> assignments) {
        List<TensorInfo> inputs = model.inputs();
        if (inputs.isEmpty()) {
            throw new UserInputException(model.path() + ": the model has no inputs");
        }
        Map<String, Integer> axes = batchAxes(model, inputs);
        Map<String, Given> given = new LinkedHashMap<>();
        for (InputAssignment a : assignments) {
            TensorInfo in = inputs.stream().filter(i -> i.name().equals(a.name())).findFirst().orElseThrow(() ->
                    new UserInputException("--input " + a + ": " + model.path() + " has no input '" + a.name()
                            + "'; its inputs are " + inputs.stream().map(TensorInfo::name).toList()));
            if (in == inputs.get(0)) {
                throw new UserInputException("--input " + a + ": input '" + a.name() + "' is the model's first "
                        + "input, which the data feeds; --input gives the others " + inputs.stream().skip(1)
                        .map(TensorInfo::name).toList());
            }
            if (given.containsKey(a.name())) {
                throw new UserInputException("--input " + a + ": input '" + a.name() + "' is given twice ("
                        + given.get(a.name()).assignment() + " before); give it once");
            }
            given.put(a.name(), check(model.path().toString(), in, a, axes.get(in.name())));
        }
        return new ModelFeed(model.path().toString(), inputs, axes, given);
    }

    /** The model's first input, which a data source giving one unnamed tensor feeds. */
    public String primaryInput() {
        return inputs.get(0).name();
    }

    /** The inputs a data source giving one tensor feeds: the first input only. */
    public Set<String> dataInputs() {
        return Set.of(primaryInput());
    }

    /** The model's inputs, in declaration order. */
    public List<TensorInfo> inputs() {
        return inputs;
    }

    /** How each input is fed when the data gives {@code dataNames}, in the model's order. */
    public List<InputPlan> plan(Set<String> dataNames) {
        List<InputPlan> out = new ArrayList<>();
        for (TensorInfo in : inputs) {
            if (dataNames.contains(in.name())) {
                out.add(new InputPlan(in, Source.DATA, "the data"));
            } else if (given.containsKey(in.name())) {
                out.add(new InputPlan(in, Source.OPTION, "--input " + given.get(in.name()).assignment()));
            } else {
                Optional<StandardInput> s = StandardInput.of(in.name());
                out.add(s.isPresent() ? new InputPlan(in, Source.STANDARD, s.get().description())
                        : new InputPlan(in, Source.MISSING, "nothing (give it with --input " + in.name() + "=...)"));
            }
        }
        return out;
    }

    /** The standard inputs filled when the data gives {@code dataNames}: one notice each for the user. */
    public List<InputPlan> fills(Set<String> dataNames) {
        return plan(dataNames).stream().filter(p -> p.source() == Source.STANDARD).toList();
    }

    /**
     * The inputs whose whole value is fixed before the run (a number or zeros/ones of a shape without B or T, given
     * with --input or a standard fill such as {@code use_cache_branch}), when the data gives {@code dataNames}: what
     * If conditions may be evaluated from.
     */
    public Map<String, ConstantTensor> constants(Set<String> dataNames) {
        Map<String, ConstantTensor> out = new LinkedHashMap<>();
        for (InputPlan p : plan(dataNames)) {
            TensorInfo in = p.input();
            Given g = given.get(in.name());
            if (p.source() == Source.OPTION && g.assignment().value() instanceof InputValue.Filled f
                    && g.batchAxis() == InputTensor.WHOLE) {
                out.put(in.name(), ConstantTensor.filled(in.elementType(), shapeOf(g, 1), f.value()));
            }
            if (p.source() == Source.STANDARD && StandardInput.of(in.name()).orElseThrow() == StandardInput.USE_CACHE
                    && in.isStatic()) {
                out.put(in.name(), ConstantTensor.filled(in.elementType(), in.shape(), 0));
            }
        }
        return out;
    }

    /** The complete feed for a batch whose data's tensor for the first input is {@code primary}. */
    public Feed complete(InputTensor primary, long firstSample) {
        return complete(Map.of(primaryInput(), primary), firstSample);
    }

    /**
     * The complete feed for one batch: the data's tensors by input name, and every other input from --input or a
     * standard fill. {@code firstSample} is the run's index of the batch's first sample: per-sample values
     * ({@code npy:}) are taken from the rows from there on.
     */
    public Feed complete(Map<String, InputTensor> data, long firstSample) {
        for (String name : data.keySet()) {
            if (inputs.stream().noneMatch(i -> i.name().equals(name))) {
                throw new UserInputException(model + ": the data gives '" + name + "', which is not an input of "
                        + "the model; it takes " + inputs.stream().map(TensorInfo::name).toList());
            }
            if (given.containsKey(name)) {
                throw new UserInputException("--input " + given.get(name).assignment() + ": the data already gives "
                        + "input '" + name + "'; drop the option or the data's tensor");
            }
        }
        int batch = data.values().stream().filter(t -> t.batchAxis() != InputTensor.WHOLE)
                .mapToInt(InputTensor::samples).findFirst().orElse(1);
        Map<String, InputTensor> out = new HashMap<>(data);
        List<InputPlan> filled = new ArrayList<>();
        for (InputPlan p : plan(data.keySet())) {
            TensorInfo in = p.input();
            switch (p.source()) {
                case DATA -> {
                }
                case OPTION -> out.put(in.name(), tensor(given.get(in.name()), batch, firstSample));
                case STANDARD -> {
                    out.put(in.name(), standard(in, StandardInput.of(in.name()).orElseThrow(), data, batch));
                    filled.add(p);
                }
                case MISSING -> throw missing(in, null);
                default -> throw new IllegalStateException(p.source().toString());
            }
        }
        return new Feed(out, filled);
    }

    /**
     * Checks, before anything runs, that every input the data does not give ({@code dataNames}) has a value: an
     * --input value or a standard fill. {@link #complete} refuses the same inputs, batch by batch.
     *
     * @param data what the data is, for the message (a spec); null to say only "the data"
     */
    public void requireComplete(Set<String> dataNames, String data) {
        for (InputPlan p : plan(dataNames)) {
            if (p.source() == Source.MISSING) {
                throw missing(p.input(), data);
            }
        }
    }

    private UserInputException missing(TensorInfo in, String data) {
        return new UserInputException(model + ": model input '" + in.name() + "' (" + in.elementType() + " "
                + in.shapeText() + ") is not in the data" + (data == null ? "" : " (" + data + ")") + " and has no "
                + "value; give it with --input " + in.name() + "=VALUE (a number, zeros, ones, zeros:SHAPE with B "
                + "the batch size, or npy:FILE)");
    }

    /**
     * The same as {@link #complete} for the shape probe (one sample): inputs nothing gives are fed zeros of their
     * declared shape, symbolic sizes 1, and listed in the returned feed's fills as MISSING.
     */
    Feed probe(InputTensor primary) {
        Map<String, InputTensor> out = new HashMap<>();
        List<InputPlan> zeros = new ArrayList<>();
        List<InputPlan> fills = new ArrayList<>();
        for (InputPlan p : plan(Set.of(primaryInput()))) {
            TensorInfo in = p.input();
            switch (p.source()) {
                case DATA -> out.put(in.name(), primary);
                case OPTION -> out.put(in.name(), tensor(given.get(in.name()), 1, 0));
                case STANDARD -> {
                    try {
                        out.put(in.name(), standard(in, StandardInput.of(in.name()).orElseThrow(),
                                Map.of(primaryInput(), primary), 1));
                        fills.add(p);
                    } catch (UserInputException e) {
                        out.put(in.name(), zeros(in));
                        zeros.add(p);
                    }
                }
                default -> {
                    out.put(in.name(), zeros(in));
                    zeros.add(p);
                }
            }
        }
        List<InputPlan> reported = new ArrayList<>(fills);
        zeros.forEach(p -> reported.add(new InputPlan(p.input(), Source.MISSING, "zeros")));
        return new Feed(out, reported);
    }

    private InputTensor zeros(TensorInfo in) {
        long[] shape = in.rankKnown() ? in.shape() : new long[0];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shape[i] < 0 ? 1 : shape[i];
        }
        int axis = batchAxes.get(in.name());
        return filled(in, shape, axis, 0);
    }

    /** The batch axis of every input: which axis the run's batch size B goes on, or WHOLE. */
    private static Map<String, Integer> batchAxes(OnnxModel model, List<TensorInfo> inputs) {
        Map<String, ValueInfoProto> declared = new HashMap<>();
        model.proto().getGraph().getInputList().forEach(vi -> declared.put(vi.getName(), vi));
        TensorInfo first = inputs.get(0);
        String batchParam = param(declared.get(first.name()), 0);
        long fixedBatch = first.rankKnown() && first.rank() > 0 ? first.dims().get(0) : -1;
        Map<String, Integer> axes = new HashMap<>();
        for (TensorInfo in : inputs) {
            axes.put(in.name(), batchAxis(in, declared.get(in.name()), batchParam, fixedBatch));
        }
        axes.put(first.name(), first.rankKnown() && first.rank() == 0 ? InputTensor.WHOLE : 0);
        return axes;
    }

    /**
     * The axis named like the first input's batch axis (exporters name symbolic sizes: {@code batch_size}); else the
     * first symbolic axis; else axis 0 when it has the fixed batch size of a model exported with one; else none.
     */
    private static int batchAxis(TensorInfo in, ValueInfoProto vi, String batchParam, long fixedBatch) {
        if (!in.rankKnown() || in.rank() == 0) {
            return InputTensor.WHOLE;
        }
        for (int i = 0; batchParam != null && i < in.rank(); i++) {
            if (batchParam.equals(param(vi, i))) {
                return i;
            }
        }
        for (int i = 0; i < in.rank(); i++) {
            if (in.dims().get(i) < 0) {
                return i;
            }
        }
        return fixedBatch > 0 && in.dims().get(0) == fixedBatch ? 0 : InputTensor.WHOLE;
    }

    private static String param(ValueInfoProto vi, int axis) {
        if (vi == null || !vi.getType().hasTensorType() || !vi.getType().getTensorType().hasShape()) {
            return null;
        }
        TensorShapeProto shape = vi.getType().getTensorType().getShape();
        if (axis >= shape.getDimCount() || !shape.getDim(axis).hasDimParam()
                || shape.getDim(axis).getDimParam().isEmpty()) {
            return null;
        }
        return shape.getDim(axis).getDimParam();
    }

    /** Checks one --input against its input's declaration; reads an npy: file. */
    private static Given check(String model, TensorInfo in, InputAssignment a, int declaredBatchAxis) {
        String option = "--input " + a;
        ElementType type = in.elementType();
        if (!Set.of(ElementType.FLOAT, ElementType.FLOAT16, ElementType.BFLOAT16, ElementType.DOUBLE,
                ElementType.INT64, ElementType.INT32, ElementType.BOOL).contains(type)) {
            throw new UserInputException(option + ": input '" + in.name() + "' takes " + type + " values, which "
                    + "--input cannot give (float, float16, double, int64, int32 and bool can be given)");
        }
        if (a.value() instanceof InputValue.Filled f) {
            checkValue(option, in, f.value(), f.text());
            if (f.shape().isPresent()) {
                InputShape s = f.shape().get();
                if (in.rankKnown() && in.rank() != s.rank()) {
                    throw new UserInputException(option + ": shape " + s + " has rank " + s.rank() + ", but input '"
                            + in.name() + "' is declared " + in.shapeText() + " (rank " + in.rank() + ")");
                }
                for (int i = 0; in.rankKnown() && i < s.rank(); i++) {
                    long want = in.dims().get(i);
                    long got = s.dims().get(i);
                    if (want >= 0 && got >= 0 && want != got) {
                        throw new UserInputException(option + ": shape " + s + " does not fit input '" + in.name()
                                + "', declared " + in.shapeText() + ": axis " + i + " must be " + want);
                    }
                }
                return new Given(in, a, s.batchAxis().orElse(InputTensor.WHOLE), null);
            }
            if (!in.rankKnown()) {
                throw new UserInputException(option + ": input '" + in.name() + "' declares no shape; give one, "
                        + "e.g. --input " + in.name() + "=" + (f.value() == 1 ? "ones" : "zeros") + ":Bx16");
            }
            for (int i = 0; i < in.rank(); i++) {
                if (in.dims().get(i) < 0 && i != declaredBatchAxis) {
                    throw new UserInputException(option + ": input '" + in.name() + "' is declared "
                            + in.shapeText() + ", with sizes other than the batch size open; give the shape, "
                            + "e.g. --input " + in.name() + "=zeros:" + example(in, declaredBatchAxis));
                }
            }
            return new Given(in, a, declaredBatchAxis, null);
        }
        InputValue.Npy npy = (InputValue.Npy) a.value();
        if (declaredBatchAxis == InputTensor.WHOLE) {
            throw new UserInputException(option + ": input '" + in.name() + "' (" + in.shapeText() + ") has no "
                    + "batch axis, so it cannot take per-sample values from a file; give one value, e.g. --input "
                    + in.name() + "=0");
        }
        NpyArray array;
        try {
            array = NpyFile.read(npy.file());
        } catch (IOException e) {
            throw new UserInputException(option + ": cannot read " + npy.file() + " (" + e.getMessage() + ")", e);
        }
        long[] fileShape = array.shape();
        if (in.rankKnown() && fileShape.length != in.rank()) {
            throw new UserInputException(option + ": " + npy.file() + " has shape " + Arrays.toString(fileShape)
                    + " (samples first), which does not fit input '" + in.name() + "' declared " + in.shapeText());
        }
        for (int i = 0, f = 1; in.rankKnown() && i < in.rank(); i++) {
            if (i == declaredBatchAxis) {
                continue;
            }
            long want = in.dims().get(i);
            if (want >= 0 && want != fileShape[f]) {
                throw new UserInputException(option + ": " + npy.file() + " has shape " + Arrays.toString(fileShape)
                        + " (samples first), which does not fit input '" + in.name() + "' declared "
                        + in.shapeText() + " (batch axis " + declaredBatchAxis + ")");
            }
            f++;
        }
        if (array.dtype().isFloatingPoint() && !in.elementType().isFloatingPoint()) {
            throw new UserInputException(option + ": " + npy.file() + " holds " + array.dtype().displayName()
                    + " values, but input '" + in.name() + "' takes " + in.elementType());
        }
        return new Given(in, a, declaredBatchAxis, array);
    }

    private static String example(TensorInfo in, int batchAxis) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < in.rank(); i++) {
            long d = in.dims().get(i);
            parts.add(i == batchAxis ? "B" : d >= 0 ? Long.toString(d) : "16");
        }
        return parts.isEmpty() ? "" : String.join("x", parts);
    }

    private static void checkValue(String option, TensorInfo in, double v, String text) {
        ElementType type = in.elementType();
        if (type == ElementType.BOOL && v != 0 && v != 1) {
            throw new UserInputException(option + ": input '" + in.name() + "' takes bool values; give true, "
                    + "false, 1 or 0, not " + text);
        }
        if ((type == ElementType.INT64 || type == ElementType.INT32) && v != Math.rint(v)) {
            throw new UserInputException(option + ": input '" + in.name() + "' takes " + type + " values; give "
                    + "an integer, not " + text);
        }
        if (type == ElementType.INT32 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
            throw new UserInputException(option + ": " + text + " is out of the INT32 range of input '"
                    + in.name() + "'");
        }
    }

    private long[] shapeOf(Given g, int batch) {
        if (g.assignment().value() instanceof InputValue.Filled f && f.shape().isPresent()) {
            return f.shape().get().resolve(batch);
        }
        long[] shape = g.input().shape();
        if (g.batchAxis() != InputTensor.WHOLE) {
            shape[g.batchAxis()] = batch;
        }
        return shape;
    }

    private InputTensor tensor(Given g, int batch, long firstSample) {
        if (g.assignment().value() instanceof InputValue.Filled f) {
            return filled(g.input(), shapeOf(g, batch), g.batchAxis(), f.value());
        }
        NpyArray a = g.npy();
        long rows = a.shape()[0];
        if (firstSample + batch > rows) {
            throw new UserInputException("--input " + g.assignment() + ": " + a.source() + " has " + rows
                    + " rows (samples), but the run needs rows " + firstSample + ".." + (firstSample + batch - 1));
        }
        long[] fileShape = a.shape();
        int perSample = 1;
        for (int i = 1; i < fileShape.length; i++) {
            perSample = Math.multiplyExact(perSample, (int) fileShape[i]);
        }
        // the file's samples are along its axis 0; the input's may be on another axis: move them there
        int axis = g.batchAxis();
        long[] shape = new long[fileShape.length];
        for (int i = 0, f = 1; i < shape.length; i++) {
            shape[i] = i == axis ? batch : fileShape[f++];
        }
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= (int) shape[i];
        }
        int inner = perSample / Math.max(1, outer);
        int n = batch * perSample;
        int[] source = new int[n];
        for (int o = 0; o < outer; o++) {
            for (int s = 0; s < batch; s++) {
                for (int j = 0; j < inner; j++) {
                    source[(o * batch + s) * inner + j] = (int) ((firstSample + s) * perSample) + o * inner + j;
                }
            }
        }
        ElementType type = g.input().elementType();
        if (type.isFloatingPoint()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) a.getDouble(source[i]);
            }
            return new InputTensor.Floats(v, shape, axis);
        }
        if (type == ElementType.BOOL) {
            boolean[] v = new boolean[n];
            for (int i = 0; i < n; i++) {
                v[i] = a.getLong(source[i]) != 0;
            }
            return new InputTensor.Bools(v, shape, axis);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = a.getLong(source[i]);
        }
        return new InputTensor.Longs(v, shape, axis);
    }

    /** A tensor of the input's element type, every element {@code value}. */
    static InputTensor filled(TensorInfo in, long[] shape, int batchAxis, double value) {
        int n = Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        ElementType type = in.elementType();
        if (type == ElementType.BOOL) {
            boolean[] v = new boolean[n];
            Arrays.fill(v, value != 0);
            return new InputTensor.Bools(v, shape, batchAxis);
        }
        if (type == ElementType.INT64 || type == ElementType.INT32) {
            long[] v = new long[n];
            Arrays.fill(v, (long) value);
            return new InputTensor.Longs(v, shape, batchAxis);
        }
        float[] v = new float[n];
        Arrays.fill(v, (float) value);
        return new InputTensor.Floats(v, shape, batchAxis);
    }

    /** A standard input's tensor for this batch. */
    private InputTensor standard(TensorInfo in, StandardInput kind, Map<String, InputTensor> data, int batch) {
        if (kind == StandardInput.USE_CACHE) {
            long[] shape = in.rankKnown() ? in.shape() : new long[] {1};
            int axis = batchAxes.get(in.name());
            for (int i = 0; i < shape.length; i++) {
                shape[i] = i == axis ? batch : Math.max(shape[i], 1);
            }
            return filled(in, shape, axis, 0);
        }
        if (kind == StandardInput.PAST) {
            return emptyPast(in, batch);
        }
        InputTensor tokens = data.containsKey("input_ids") ? data.get("input_ids") : data.get(primaryInput());
        if (tokens == null || tokens.shape().length != 2 || tokens.batchAxis() != 0) {
            throw new UserInputException(model + ": cannot fill model input '" + in.name() + "' (" + kind
                    .description() + "): the data has no token tensor 'input_ids' [B, T] to take T from; give it "
                    + "with --input " + in.name() + "=...");
        }
        long tokensPerRow = tokens.shape()[1];
        long[] shape = {batch, tokensPerRow};
        if (kind != StandardInput.POSITION_IDS) {
            return filled(in, shape, 0, kind == StandardInput.ATTENTION_MASK ? 1 : 0);
        }
        int n = Math.toIntExact(batch * tokensPerRow);
        if (in.elementType().isFloatingPoint()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = i % tokensPerRow;
            }
            return new InputTensor.Floats(v, shape, 0);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i % tokensPerRow;
        }
        return new InputTensor.Longs(v, shape, 0);
    }

    /** A past key/value cache of length 0: batch axis B, its one other symbolic axis (the past length) 0. */
    private InputTensor emptyPast(TensorInfo in, int batch) {
        if (!in.rankKnown()) {
            throw new UserInputException(model + ": cannot fill model input '" + in.name() + "' with an empty past: "
                    + "it declares no shape; give it with --input " + in.name() + "=zeros:SHAPE");
        }
        int axis = batchAxes.get(in.name());
        long[] shape = in.shape();
        Set<Integer> open = new HashSet<>();
        for (int i = 0; i < shape.length; i++) {
            if (i == axis) {
                shape[i] = batch;
            } else if (shape[i] < 0) {
                open.add(i);
                shape[i] = 0;
            }
        }
        if (open.size() != 1) {
            throw new UserInputException(model + ": cannot fill model input '" + in.name() + "' (declared "
                    + in.shapeText() + ") with an empty past: " + (open.isEmpty() ? "no axis" : open.size()
                    + " axes") + " could be the past length; give it with --input " + in.name() + "=zeros:SHAPE "
                    + "(B the batch size, 0 the past length)");
        }
        return filled(in, shape, axis, 0);
    }

    /** The inputs of token models that nlsig fills when the data does not give them. */
    private enum StandardInput {
        ATTENTION_MASK("ones [B, T]"), TOKEN_TYPE_IDS("zeros [B, T]"), POSITION_IDS("0..T-1 per row [B, T]"),
        PAST("an empty past (past length 0)"), USE_CACHE("false");

        private final String description;

        StandardInput(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }

        static Optional<StandardInput> of(String name) {
            return Optional.ofNullable(switch (name) {
                case "attention_mask" -> ATTENTION_MASK;
                case "token_type_ids" -> TOKEN_TYPE_IDS;
                case "position_ids" -> POSITION_IDS;
                case "use_cache_branch" -> USE_CACHE;
                default -> name.startsWith("past_key_values.") ? PAST : null;
            });
        }
    }
}

package org.nlsig.onnx.runtime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.model.TensorShapes;

/**
 * Shapes of every tensor of the main graph, as ONNX Runtime infers them for a concrete input shape. Exporters
 * rarely store intermediate shapes, so the model is opened once, unoptimised, with every tensor declared as an
 * output, and the runtime's inferred output types are read back.
 */
public final class ShapeInference {
    /** How long the shape probe's forward pass on zeros may run; batch 1 of a large model takes about a second. */
    public static final Duration PROBE_LIMIT = Duration.ofSeconds(10);

    /** Cancels probes that run over their limit, through ONNX Runtime's run options. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nlsig-shape-probe-timer");
        t.setDaemon(true);
        return t;
    });

    private ShapeInference() {
    }

    /**
     * What the probe feeds: the other inputs from {@code feed} (--input values, standard fills; zeros for the rest),
     * the first input zeros of {@code inputShape} (batch included; null: the declared shape, a symbolic batch 1).
     *
     * @param limit   how long the forward pass on zeros that measures run-time shapes may run
     * @param logging how much of ONNX Runtime's log reaches standard error
     */
    public record Probe(ModelFeed feed, long[] inputShape, Duration limit, RuntimeLogging logging) {
        public Probe {
            inputShape = inputShape == null ? null : inputShape.clone();
        }

        /** The feed's --input values, the first input at {@code inputShape}, the default limit, quiet. */
        public static Probe of(ModelFeed feed, long[] inputShape) {
            return new Probe(feed, inputShape, PROBE_LIMIT, RuntimeLogging.QUIET);
        }

        @Override
        public long[] inputShape() {
            return inputShape == null ? null : inputShape.clone();
        }
    }

    /** Shapes with the primary input's symbolic batch dimension set to 1 (other symbolic dimensions stay unknown). */
    public static TensorShapes infer(OnnxModel model) {
        return infer(model, (long[]) null);
    }

    /**
     * Shapes for the primary input of shape {@code inputShape} (batch included); null keeps the declared shape with
     * a symbolic batch dimension set to 1.
     */
    public static TensorShapes infer(OnnxModel model, long[] inputShape) {
        return infer(model, inputShape, PROBE_LIMIT);
    }

    /**
     * As {@link #infer(OnnxModel, long[])}, with the forward pass on zeros that measures run-time shapes stopped
     * after {@code probeLimit} (a hostile or data-dependent Loop could otherwise run it for ever); when stopped, the
     * statically inferred shapes are kept and the note says so.
     */
    public static TensorShapes infer(OnnxModel model, long[] inputShape, Duration probeLimit) {
        return infer(model, new Probe(ModelFeed.of(model), inputShape, probeLimit, RuntimeLogging.QUIET));
    }

    /**
     * Shapes for the inputs of {@code probe}. When the probe's forward pass fails or is stopped, the statically
     * inferred shapes are kept (a shape static inference could not find is unknown, never a guessed scalar) and the
     * note says why and which shape to pass.
     */
    public static TensorShapes infer(OnnxModel model, Probe probe) {
        GraphProto.Builder g = model.proto().getGraph().toBuilder();
        TensorInfo primaryInfo = model.primaryInput();
        String primary = primaryInfo.name();
        long[] inputShape = probe.inputShape();
        long[] used = null;
        for (ValueInfoProto.Builder in : g.getInputBuilderList()) {
            if (!in.getType().hasTensorType() || !in.getName().equals(primary)) {
                continue;
            }
            TensorShapeProto.Builder shape = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
            if (inputShape != null) {
                if (shape.getDimCount() != inputShape.length) {
                    throw new UserInputException(model.path() + ": input '" + primary + "' has rank "
                            + shape.getDimCount() + ", but the given shape " + Arrays.toString(inputShape)
                            + " has rank " + inputShape.length);
                }
                for (int i = 0; i < inputShape.length; i++) {
                    shape.getDimBuilder(i).clearDimParam().setDimValue(inputShape[i]);
                }
            } else if (shape.getDimCount() > 0 && !shape.getDim(0).hasDimValue()) {
                shape.getDimBuilder(0).clearDimParam().setDimValue(1);
            }
            used = shape.getDimList().stream().mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
        }
        long[] inputUsed = used == null ? new long[0] : used;
        // the probe's batch: one sample, the first input's open sizes 1; the others as the feed makes them
        long[] probeShape = Arrays.stream(inputUsed).map(d -> d > 0 ? d : 1).toArray();
        ModelFeed.Feed feed = probe.feed().probe(ModelFeed.filled(primaryInfo, probeShape, 0, 0));
        for (ValueInfoProto.Builder in : g.getInputBuilderList()) {
            InputTensor t = feed.tensors().get(in.getName());
            if (in.getName().equals(primary) || t == null || !in.getType().hasTensorType()) {
                continue;
            }
            TensorShapeProto.Builder shape = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().clear();
            for (long d : t.shape()) {
                shape.addDimBuilder().setDimValue(d);
            }
        }
        Set<String> declared = new HashSet<>();
        g.getOutputList().forEach(o -> declared.add(o.getName()));
        for (NodeProto n : g.getNodeList()) {
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && declared.add(out)) {
                    g.addOutput(ValueInfoProto.newBuilder().setName(out));
                }
            }
        }
        Map<String, TensorInfo> shapes = new HashMap<>();
        for (ValueInfoProto vi : model.proto().getGraph().getValueInfoList()) {
            shapes.put(vi.getName(), OnnxModel.valueInfo(vi));
        }
        for (TensorInfo out : model.outputs()) {
            shapes.put(out.name(), out);
        }
        for (TensorInfo in : model.inputs()) {
            shapes.put(in.name(), in);
        }
        shapes.put(primary, new TensorInfo(primary, primaryInfo.elementType(),
                Arrays.stream(inputUsed).boxed().toList(), used != null));
        try {
            GraphProto.Builder weightless = g.clone();
            declareWeightsAsInputs(weightless);
            boolean complete;
            try (OpenedSession opened = SessionFactory.open(model,
                    model.proto().toBuilder().setGraph(weightless).build(), Device.CPU, 1,
                    OrtSession.SessionOptions.OptLevel.NO_OPT, probe.logging())) {
                OrtSession session = opened.session();
                for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                    // ONNX Runtime answers rank 0 when it could not infer a shape: unknown, unless measured below
                    if (e.getValue().getInfo() instanceof ai.onnxruntime.TensorInfo t && t.getShape().length > 0) {
                        long[] dims = t.getShape();
                        shapes.put(e.getKey(), new TensorInfo(e.getKey(), elementType(t.onnxType),
                                Arrays.stream(dims).boxed().toList(), true));
                    }
                }
                complete = staticShapesComplete(session);
            }
            // Static inference stops at shapes computed at run time (Shape -> Concat -> Reshape, as exporters
            // write flatten and token reshapes); one forward pass on zeros, weights included, measures every tensor.
            String note = "";
            if (!complete) {
                try (OpenedSession full = SessionFactory.open(model, model.proto().toBuilder().setGraph(g).build(),
                        Device.CPU, 1, OrtSession.SessionOptions.OptLevel.NO_OPT, probe.logging())) {
                    ProbeRun run = measure(full.session(), shapes, feed, model, probe.limit());
                    if (!run.finished()) {
                        note = probeNote(model, primary, inputUsed, probeShape, feed, run, probe.limit());
                    }
                }
            }
            return new TensorShapes(shapes, inputUsed, note);
        } catch (OrtException e) {
            return new TensorShapes(shapes, inputUsed, "ONNX Runtime could not infer the tensor shapes of "
                    + model.path() + ": " + firstLine(e.getMessage()));
        }
    }

    /** Why the probe gave no shapes, and what to pass so that it does. */
    private static String probeNote(OnnxModel model, String primary, long[] inputUsed, long[] probeShape,
                                    ModelFeed.Feed feed, ProbeRun run, Duration limit) {
        String what = "its forward pass on zeros (input '" + primary + "' at " + Arrays.toString(probeShape) + ") ";
        String why = run.error() == null
                ? what + "did not finish within " + seconds(limit) + " and was stopped (a Loop with a data-dependent "
                        + "trip count, or a very large model)"
                : what + "failed: " + run.error();
        List<String> zeros = feed.fills().stream().filter(p -> p.source() == ModelFeed.Source.MISSING)
                .map(p -> p.input().name()).toList();
        String hint = Arrays.stream(inputUsed).anyMatch(d -> d < 1)
                ? ". Pass the real shape of input '" + primary + "' with --input-shape "
                        + String.join(",", Arrays.stream(inputUsed).mapToObj(d -> d > 0 ? Long.toString(d) : "?")
                                .toList()) + " (every dimension given, '?' replaced)" + (run.error() == null
                                ? ", so that static inference may find them without running the model"
                                : ", the size the model is run at")
                : run.error() == null ? " (the input shape is fully given, so static inference alone cannot find them)"
                : "";
        return "the shapes of " + model.path() + " could not be probed: " + why + "; shapes computed at run time are "
                + "unknown" + hint + (zeros.isEmpty() ? "" : "; inputs " + zeros + " were probed with zeros: give "
                + "their values with --input NAME=VALUE");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 400 ? line.substring(0, 400) + "..." : line;
    }

    /**
     * Turns the floating-point weights into graph inputs of the same type and shape. Shapes never depend on a
     * weight's values, and without them ONNX Runtime need not copy the weights in (ResNet-18, 46 MB of weights: shape
     * inference 195 ms instead of 275 ms, ONNX Runtime's own start included). Integer tensors and small ones stay, as
     * shape computations may read them.
     */
    private static void declareWeightsAsInputs(GraphProto.Builder g) {
        Set<String> inputs = new HashSet<>();
        g.getInputList().forEach(in -> inputs.add(in.getName()));
        List<TensorProto> kept = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            long count = t.getDimsList().stream().reduce(1L, Math::multiplyExact);
            boolean floating = t.getDataType() == TensorProto.DataType.FLOAT_VALUE
                    || t.getDataType() == TensorProto.DataType.DOUBLE_VALUE
                    || t.getDataType() == TensorProto.DataType.FLOAT16_VALUE
                    || t.getDataType() == TensorProto.DataType.BFLOAT16_VALUE;
            if (!floating || count < 64 || inputs.contains(t.getName())) {
                kept.add(t);
                continue;
            }
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            t.getDimsList().forEach(d -> shape.addDimBuilder().setDimValue(d));
            g.addInput(ValueInfoProto.newBuilder().setName(t.getName()).setType(TypeProto
                    .newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                            .setElemType(t.getDataType()).setShape(shape))));
        }
        g.clearInitializer().addAllInitializer(kept);
    }

    /** Whether static inference gave every tensor a rank and positive dimensions (a rank-0 answer means unknown). */
    private static boolean staticShapesComplete(OrtSession session) throws OrtException {
        for (NodeInfo info : session.getOutputInfo().values()) {
            if (!(info.getInfo() instanceof ai.onnxruntime.TensorInfo t) || t.getShape().length == 0) {
                return false;
            }
            for (long dim : t.getShape()) {
                if (dim < 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** How the probe's forward pass ended: finished, stopped at its time limit (error null), or failed. */
    private record ProbeRun(boolean finished, String error) {
    }

    /**
     * Runs the model once on the probe's feed (zeros for the first input, other symbolic dimensions set to 1) and
     * records the actual shape of every tensor. Leaves the static shapes in place if the run fails.
     */
    private static ProbeRun measure(OrtSession session, Map<String, TensorInfo> shapes, ModelFeed.Feed feed,
                                    OnnxModel model, Duration limit) {
        Map<String, ai.onnxruntime.OnnxTensor> inputs = new HashMap<>();
        try {
            Map<String, TensorInfo> declared = new HashMap<>();
            model.inputs().forEach(i -> declared.put(i.name(), i));
            for (Map.Entry<String, NodeInfo> in : session.getInputInfo().entrySet()) {
                InputTensor t = feed.tensors().get(in.getKey());
                TensorInfo info = declared.get(in.getKey());
                if (t == null || info == null) {
                    return new ProbeRun(false, "input '" + in.getKey() + "' cannot be fed zeros");
                }
                inputs.put(in.getKey(), OrtTensors.of(model.path().toString(), info, t));
            }
            try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
                // A stopped or failed run is reported in the note; ONNX Runtime's own error line would only repeat it.
                options.setLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
                Object lock = new Object();
                boolean[] state = new boolean[2]; // [0]: run over, options about to close; [1]: terminated
                ScheduledFuture<?> alarm = TIMER.schedule(() -> {
                    synchronized (lock) {
                        if (!state[0]) {
                            try {
                                options.setTerminate(true);
                                state[1] = true;
                            } catch (OrtException e) {
                                // the run cannot be cancelled; it ends on its own
                            }
                        }
                    }
                }, Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
                try (OrtSession.Result result = session.run(inputs, options)) {
                    for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                        if (e.getValue().getInfo() instanceof ai.onnxruntime.TensorInfo t) {
                            shapes.put(e.getKey(), new TensorInfo(e.getKey(), elementType(t.onnxType),
                                    Arrays.stream(t.getShape()).boxed().toList(), true));
                        }
                    }
                } catch (OrtException | RuntimeException e) {
                    synchronized (lock) {
                        if (state[1]) {
                            return new ProbeRun(false, null);
                        }
                    }
                    return new ProbeRun(false, firstLine(e.getMessage()));
                } finally {
                    alarm.cancel(false);
                    synchronized (lock) {
                        state[0] = true;
                    }
                }
            }
        } catch (OrtException | RuntimeException e) {
            return new ProbeRun(false, firstLine(e.getMessage()));
        } finally {
            inputs.values().forEach(ai.onnxruntime.OnnxTensor::close);
        }
        return new ProbeRun(true, null);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** ONNX Runtime's Java enum is not numbered like ONNX's DataType: map by name. */
    private static ElementType elementType(ai.onnxruntime.TensorInfo.OnnxTensorType type) {
        String name = type.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "");
        for (ElementType e : ElementType.values()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return ElementType.OTHER;
    }
}

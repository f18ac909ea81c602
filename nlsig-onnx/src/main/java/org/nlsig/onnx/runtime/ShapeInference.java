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

    /** Shapes with the primary input's symbolic batch dimension set to 1 (other symbolic dimensions stay unknown). */
    public static TensorShapes infer(OnnxModel model) {
        return infer(model, null);
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
        GraphProto.Builder g = model.proto().getGraph().toBuilder();
        String primary = model.primaryInput().name();
        long[] used = null;
        for (ValueInfoProto.Builder in : g.getInputBuilderList()) {
            if (!in.getType().hasTensorType()) {
                continue;
            }
            TensorShapeProto.Builder shape = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
            if (in.getName().equals(primary) && inputShape != null) {
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
            if (in.getName().equals(primary)) {
                used = shape.getDimList().stream().mapToLong(d -> d.hasDimValue() ? d.getDimValue() : -1).toArray();
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
        long[] inputUsed = used == null ? new long[0] : used;
        shapes.put(primary, new TensorInfo(primary, model.primaryInput().elementType(),
                Arrays.stream(inputUsed).boxed().toList(), used != null));
        try {
            GraphProto.Builder weightless = g.clone();
            declareWeightsAsInputs(weightless);
            boolean complete;
            try (OpenedSession opened = SessionFactory.open(model,
                    model.proto().toBuilder().setGraph(weightless).build(), Device.CPU, 1,
                    OrtSession.SessionOptions.OptLevel.NO_OPT)) {
                OrtSession session = opened.session();
                for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                    if (e.getValue().getInfo() instanceof ai.onnxruntime.TensorInfo t) {
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
                        Device.CPU, 1, OrtSession.SessionOptions.OptLevel.NO_OPT)) {
                    if (!measure(full.session(), shapes, probeLimit)) {
                        note = "the shapes of " + model.path() + " could not be probed: its forward pass on zeros "
                                + "(input '" + primary + "' at " + Arrays.toString(inputUsed) + ") did not finish "
                                + "within " + seconds(probeLimit) + " and was stopped (a Loop with a data-dependent "
                                + "trip count, or a very large model); shapes computed at run time are unknown"
                                + (Arrays.stream(inputUsed).anyMatch(d -> d < 1)
                                        ? ". Pass the real shape of input '" + primary + "' with --input-shape "
                                        + String.join(",", Arrays.stream(inputUsed).mapToObj(d -> d > 0
                                                ? Long.toString(d) : "?").toList()) + " (every dimension given, "
                                        + "'?' replaced), so that static inference may find them without running "
                                        + "the model"
                                        : " (the input shape is fully given, so static inference alone cannot "
                                        + "find them)");
                    }
                }
            }
            return new TensorShapes(shapes, inputUsed, note);
        } catch (OrtException e) {
            return new TensorShapes(shapes, inputUsed, "ONNX Runtime could not infer the tensor shapes of "
                    + model.path() + ": " + e.getMessage());
        }
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

    /**
     * Runs the model once on zeros (inputs at the shapes chosen above, other symbolic dimensions set to 1) and records
     * the actual shape of every tensor. Leaves the static shapes in place if the run fails (e.g. an input type zeros
     * cannot stand for).
     */
    private static boolean measure(OrtSession session, Map<String, TensorInfo> shapes, Duration limit) {
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        Map<String, ai.onnxruntime.OnnxTensor> inputs = new HashMap<>();
        try {
            for (Map.Entry<String, NodeInfo> in : session.getInputInfo().entrySet()) {
                if (!(in.getValue().getInfo() instanceof ai.onnxruntime.TensorInfo t)) {
                    return true;
                }
                long[] dims = t.getShape().clone();
                TensorInfo declared = shapes.get(in.getKey());
                if (declared != null && declared.rankKnown() && declared.dims().size() == dims.length
                        && declared.dims().stream().allMatch(d -> d > 0)) {
                    dims = declared.dims().stream().mapToLong(Long::longValue).toArray();
                }
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = dims[i] > 0 ? dims[i] : 1;
                }
                ai.onnxruntime.OnnxTensor zeros = zeros(env, t.onnxType, dims);
                if (zeros == null) {
                    return true;
                }
                inputs.put(in.getKey(), zeros);
            }
            try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
                // A stopped run is reported in the note; ONNX Runtime's own error line would only repeat it.
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
                            return false;
                        }
                    }
                    // keep the static shapes
                } finally {
                    alarm.cancel(false);
                    synchronized (lock) {
                        state[0] = true;
                    }
                }
            }
        } catch (OrtException | RuntimeException e) {
            // keep the static shapes
        } finally {
            inputs.values().forEach(ai.onnxruntime.OnnxTensor::close);
        }
        return true;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static ai.onnxruntime.OnnxTensor zeros(ai.onnxruntime.OrtEnvironment env,
            ai.onnxruntime.TensorInfo.OnnxTensorType type, long[] dims) throws OrtException {
        int n = Math.toIntExact(Arrays.stream(dims).reduce(1, Math::multiplyExact));
        return switch (elementType(type)) {
            case FLOAT -> ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.FloatBuffer.allocate(n), dims);
            case DOUBLE -> ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.DoubleBuffer.allocate(n), dims);
            case INT64 -> ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.LongBuffer.allocate(n), dims);
            case INT32 -> ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.IntBuffer.allocate(n), dims);
            case FLOAT16 -> ai.onnxruntime.OnnxTensor.createTensor(env,
                    java.nio.ByteBuffer.allocateDirect(2 * n).order(java.nio.ByteOrder.nativeOrder()), dims,
                    ai.onnxruntime.OnnxJavaType.FLOAT16);
            default -> null;
        };
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

package org.nlsig.onnx.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.pooling.CaptureGraph;
import org.nlsig.onnx.pooling.CaptureOutputs;
import org.nlsig.onnx.pooling.SitePooling;
import org.nlsig.onnx.sites.ActivationSite;

/**
 * Runs batches through a model rewritten to pool its activation sites inside ONNX Runtime, and returns per site
 * the pooled input and output matrices.
 *
 * <p>Thread safety: {@link #run} may be called from any thread; calls are serialised (one batch at a time). Its
 * results are plain arrays owned by the caller, so one thread can score batch k while another runs batch k+1.
 *
 * <p>Models exported with a fixed batch size are fed in chunks of that size (the last one padded with zeros, the
 * padding's rows dropped from the results).
 */
public final class CaptureSession implements AutoCloseable {
    private final OnnxModel model;
    private final List<SitePooling> plan;
    private final CaptureGraph graph;
    private final OrtSession session;
    private final Device device;
    private final List<TensorInfo> inputs;
    private final long fixedBatch;
    private final String firstOutput;
    private final Set<String> requested;
    private boolean closed;

    private CaptureSession(OnnxModel model, List<SitePooling> plan, CaptureGraph graph, OpenedSession opened) {
        this.model = model;
        this.plan = plan;
        this.graph = graph;
        this.session = opened.session();
        this.device = opened.device();
        this.inputs = model.inputs();
        List<Long> dims = model.primaryInput().dims();
        this.fixedBatch = !dims.isEmpty() && dims.get(0) > 0 ? dims.get(0) : -1;
        this.firstOutput = model.outputs().get(0).name();
        Set<String> names = new LinkedHashSet<>();
        names.add(firstOutput);
        for (CaptureOutputs o : graph.outputs()) {
            names.add(o.pooledX());
            names.add(o.pooledY());
            o.nearZeroX().ifPresent(names::add);
            o.nearZeroY().ifPresent(names::add);
            o.sizeX().ifPresent(names::add);
            o.sizeY().ifPresent(names::add);
        }
        this.requested = names;
    }

    /** Rewrites the model to pool {@code sites} and opens it in ONNX Runtime. */
    public static CaptureSession open(OnnxModel model, List<ActivationSite> sites, CaptureOptions options) {
        if (model.outputs().isEmpty()) {
            throw new IllegalArgumentException(model.path() + ": the model declares no outputs");
        }
        List<SitePooling> plan = new ArrayList<>();
        for (ActivationSite s : sites) {
            plan.add(pooling(model, s, options));
        }
        CaptureGraph graph = CaptureGraph.build(model, plan, options.sparsity());
        try {
            OpenedSession opened = SessionFactory.open(model, graph.model(), options.device(),
                    options.intraOpThreads(), OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opened.notice().ifPresent(options.notices());
            return new CaptureSession(model, List.copyOf(plan), graph, opened);
        } catch (OrtException e) {
            throw new IllegalStateException(model.path() + ": ONNX Runtime cannot open the model with its "
                    + sites.size() + " pooled sites: " + e.getMessage(), e);
        }
    }

    private static SitePooling pooling(OnnxModel model, ActivationSite s, CaptureOptions options) {
        if (!s.outputInfo().rankKnown()) {
            throw new IllegalArgumentException(model.path() + ": site " + s.index() + " '" + s.name()
                    + "': the rank of tensor '" + s.outputTensor() + "' is unknown, so it cannot be pooled");
        }
        int rank = s.outputInfo().rank();
        Integer override = options.featureAxisOverrides().get(s.index());
        int axis = override == null ? s.featureAxis() : (override < 0 ? rank + override : override);
        if (axis < 1 || axis >= rank) {
            throw new IllegalArgumentException(model.path() + ": site " + s.index() + " '" + s.name()
                    + "': feature axis " + (override != null ? override : axis) + " is not a non-batch axis of its"
                    + " rank " + rank + " tensor " + s.outputInfo().shapeText());
        }
        return new SitePooling(s.withFeatureAxis(axis), rank, axis, options.pooling());
    }

    /** The device the session really runs on (cpu when cuda was asked for but is not available). */
    public Device device() {
        return device;
    }

    /** The sites in capture order, with the feature axis actually used. */
    public List<ActivationSite> sites() {
        return plan.stream().map(SitePooling::site).toList();
    }

    /** The rewritten model (for inspection or saving). */
    public CaptureGraph graph() {
        return graph;
    }

    /** Runs one batch through a single-input model, given floats (images: N x C x H x W). */
    public BatchCapture run(float[] input, long[] shape) {
        return run(Map.of(singleInput(), new InputTensor.Floats(input, shape)));
    }

    /** Runs one batch through a single-input model, given integers (token ids). */
    public BatchCapture run(long[] input, long[] shape) {
        return run(Map.of(singleInput(), new InputTensor.Longs(input, shape)));
    }

    /** Runs one batch; {@code batch} maps every model input name to its data, all with the same sample count. */
    public synchronized BatchCapture run(Map<String, InputTensor> batch) {
        if (closed) {
            throw new IllegalStateException(model.path() + ": the capture session is closed");
        }
        int n = checkInputs(batch);
        int chunk = fixedBatch > 0 ? (int) fixedBatch : Math.max(n, 1);
        Accumulator acc = new Accumulator(n);
        for (int start = 0; start < n; start += chunk) {
            int rows = Math.min(chunk, n - start);
            int fed = fixedBatch > 0 ? chunk : rows;
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                for (TensorInfo in : inputs) {
                    feed.put(in.name(), tensor(in, batch.get(in.name()), start, rows, fed));
                }
                try (OrtSession.Result result = session.run(feed, requested)) {
                    acc.add(result, rows, fed);
                }
            } catch (OrtException e) {
                throw new IllegalStateException(model.path() + ": ONNX Runtime failed on samples " + start + ".."
                        + (start + rows - 1) + " of the batch: " + e.getMessage(), e);
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
        return acc.build();
    }

    private String singleInput() {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(model.path() + ": the model has " + inputs.size() + " inputs "
                    + inputs.stream().map(TensorInfo::name).toList() + "; pass them by name with run(Map)");
        }
        return inputs.get(0).name();
    }

    private int checkInputs(Map<String, InputTensor> batch) {
        int n = -1;
        for (TensorInfo in : inputs) {
            InputTensor t = batch.get(in.name());
            if (t == null) {
                throw new IllegalArgumentException(model.path() + ": no data for model input '" + in.name()
                        + "'; the model takes " + inputs.stream().map(TensorInfo::name).toList());
            }
            if (in.rankKnown() && in.rank() != t.shape().length) {
                throw new IllegalArgumentException(model.path() + ": input '" + in.name() + "' has shape "
                        + in.shapeText() + ", but the batch has shape " + Arrays.toString(t.shape()));
            }
            for (int i = 1; in.rankKnown() && i < in.rank(); i++) {
                long want = in.dims().get(i);
                if (want >= 0 && want != t.shape()[i]) {
                    throw new IllegalArgumentException(model.path() + ": input '" + in.name() + "' has shape "
                            + in.shapeText() + ", but the batch has shape " + Arrays.toString(t.shape()));
                }
            }
            if (n >= 0 && t.samples() != n) {
                throw new IllegalArgumentException(model.path() + ": inputs disagree on the number of samples ("
                        + n + " vs " + t.samples() + " for '" + in.name() + "')");
            }
            n = t.samples();
        }
        for (String name : batch.keySet()) {
            if (inputs.stream().noneMatch(i -> i.name().equals(name))) {
                throw new IllegalArgumentException(model.path() + ": the model has no input '" + name + "'; it takes "
                        + inputs.stream().map(TensorInfo::name).toList());
            }
        }
        return n;
    }

    /** Rows {@code start .. start+rows} of {@code data} as the model's input type, zero-padded to {@code fed} rows. */
    private OnnxTensor tensor(TensorInfo in, InputTensor data, int start, int rows, int fed) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = data.shape().clone();
        shape[0] = fed;
        int row = (int) (Arrays.stream(data.shape()).skip(1).reduce(1, (a, b) -> a * b));
        int from = start * row;
        int count = rows * row;
        int total = fed * row;
        ElementType type = in.elementType();
        if (data instanceof InputTensor.Floats f) {
            switch (type) {
                case FLOAT -> {
                    float[] v = Arrays.copyOf(Arrays.copyOfRange(f.data(), from, from + count), total);
                    return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
                }
                case DOUBLE -> {
                    double[] v = new double[total];
                    for (int i = 0; i < count; i++) {
                        v[i] = f.data()[from + i];
                    }
                    return OnnxTensor.createTensor(env, DoubleBuffer.wrap(v), shape);
                }
                case FLOAT16, BFLOAT16 -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(total * 2).order(ByteOrder.nativeOrder());
                    for (int i = 0; i < total; i++) {
                        float v = i < count ? f.data()[from + i] : 0f;
                        b.putShort(type == ElementType.FLOAT16 ? HalfFloats.fromFloat(v)
                                : HalfFloats.bfloat16FromFloat(v));
                    }
                    b.rewind();
                    return OnnxTensor.createTensor(env, b, shape,
                            type == ElementType.FLOAT16 ? OnnxJavaType.FLOAT16 : OnnxJavaType.BFLOAT16);
                }
                default -> throw new IllegalArgumentException(model.path() + ": input '" + in.name()
                        + "' takes " + type + " values; give it integer data, not floats");
            }
        }
        InputTensor.Longs l = (InputTensor.Longs) data;
        switch (type) {
            case INT64 -> {
                long[] v = Arrays.copyOf(Arrays.copyOfRange(l.data(), from, from + count), total);
                return OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape);
            }
            case INT32 -> {
                int[] v = new int[total];
                for (int i = 0; i < count; i++) {
                    v[i] = Math.toIntExact(l.data()[from + i]);
                }
                return OnnxTensor.createTensor(env, IntBuffer.wrap(v), shape);
            }
            default -> throw new IllegalArgumentException(model.path() + ": input '" + in.name() + "' takes "
                    + type + " values; give it floating-point data, not integers");
        }
    }

    /** Gathers the chunks of one batch into per-site matrices. */
    private final class Accumulator {
        private final int n;
        private final Map<String, float[]> pooled = new LinkedHashMap<>();
        private final Map<String, Integer> widths = new HashMap<>();
        private final Map<String, long[]> counts = new HashMap<>();
        private final Map<String, Long> perSample = new HashMap<>();
        private float[] output;
        private long[] outputShape;
        private int filled;

        Accumulator(int n) {
            this.n = n;
        }

        void add(OrtSession.Result result, int rows, int fed) throws OrtException {
            for (CaptureOutputs o : graph.outputs()) {
                for (String name : List.of(o.pooledX(), o.pooledY())) {
                    OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
                    long[] shape = t.getInfo().getShape();
                    int d = shape.length > 1 ? (int) shape[1] : 1;
                    widths.put(name, d);
                    float[] dst = pooled.computeIfAbsent(name, k -> new float[n * d]);
                    t.getFloatBuffer().get(dst, filled * d, rows * d);
                }
                for (Optional<String> name : List.of(o.nearZeroX(), o.nearZeroY())) {
                    if (name.isPresent()) {
                        long[] dst = counts.computeIfAbsent(name.get(), k -> new long[n]);
                        ((OnnxTensor) result.get(name.get()).orElseThrow()).getLongBuffer().get(dst, filled, rows);
                    }
                }
                for (Optional<String> name : List.of(o.sizeX(), o.sizeY())) {
                    if (name.isPresent()) {
                        long size = ((OnnxTensor) result.get(name.get()).orElseThrow()).getLongBuffer().get(0);
                        perSample.put(name.get(), size / fed);
                    }
                }
            }
            OnnxTensor out = (OnnxTensor) result.get(firstOutput).orElseThrow();
            long[] shape = out.getInfo().getShape();
            float[] values = floats(out);
            int row = shape.length == 0 || shape[0] == 0 ? values.length : (int) (values.length / shape[0]);
            if (output == null) {
                outputShape = shape.clone();
                if (outputShape.length > 0) {
                    outputShape[0] = n;
                }
                output = new float[shape.length == 0 ? values.length : n * row];
            }
            System.arraycopy(values, 0, output, filled * row, shape.length == 0 ? values.length : rows * row);
            filled += rows;
        }

        BatchCapture build() {
            List<SiteActivations> sites = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                CaptureOutputs o = graph.outputs().get(i);
                PooledMatrix x = matrix(o.pooledX());
                PooledMatrix y = matrix(o.pooledY());
                Optional<SparsityCounts> s = o.nearZeroX().map(zx -> new SparsityCounts(counts.get(zx),
                        counts.get(o.nearZeroY().orElseThrow()), perSample.get(o.sizeX().orElseThrow()),
                        perSample.get(o.sizeY().orElseThrow())));
                sites.add(new SiteActivations(plan.get(i).site(), x, y, s));
            }
            return new BatchCapture(n, sites, new ModelOutput(firstOutput,
                    output == null ? new float[0] : output, outputShape == null ? new long[0] : outputShape));
        }

        private PooledMatrix matrix(String name) {
            int d = widths.getOrDefault(name, 0);
            return new PooledMatrix(n, d, pooled.getOrDefault(name, new float[0]));
        }
    }

    private static float[] floats(OnnxTensor t) {
        int size = (int) t.getInfo().getNumElements();
        float[] v = new float[size];
        switch (t.getInfo().type) {
            case FLOAT -> t.getFloatBuffer().get(v);
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                for (int i = 0; i < size; i++) {
                    v[i] = (float) b.get(i);
                }
            }
            case FLOAT16, BFLOAT16 -> {
                java.nio.ShortBuffer b = t.getShortBuffer();
                for (int i = 0; i < size; i++) {
                    v[i] = t.getInfo().type == OnnxJavaType.FLOAT16 ? HalfFloats.toFloat(b.get(i))
                            : HalfFloats.bfloat16ToFloat(b.get(i));
                }
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                for (int i = 0; i < size; i++) {
                    v[i] = b.get(i);
                }
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                for (int i = 0; i < size; i++) {
                    v[i] = b.get(i);
                }
            }
            default -> throw new IllegalStateException("the model's first output '" + t.getInfo()
                    + "' is not numeric");
        }
        return v;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(model.path() + ": closing the ONNX Runtime session failed", e);
        }
    }
}

package org.nlsig.onnx.runtime;

import org.nlsig.io.HalfFloats;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.pooling.CaptureGraph;
import org.nlsig.onnx.pooling.CaptureOutputs;
import org.nlsig.onnx.pooling.SitePooling;
import org.nlsig.onnx.sites.ActivationSite;
import org.nlsig.onnx.sites.FeatureAxes;

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
    private final BatchRunner runner;
    private final Device device;
    private final String firstOutput;

    private CaptureSession(OnnxModel model, List<SitePooling> plan, CaptureGraph graph, OpenedSession opened,
                           ModelFeed feed, CaptureOptions options) {
        this.model = model;
        this.plan = plan;
        this.graph = graph;
        this.device = opened.device();
        this.firstOutput = model.outputs().get(0).name();
        Set<String> names = new LinkedHashSet<>();
        names.add(firstOutput);
        for (CaptureOutputs o : graph.outputs()) {
            names.addAll(o.names());
        }
        this.runner = new BatchRunner(model, opened, names, feed, options.notices());
    }

    /**
     * Rewrites the model to pool {@code sites} and opens it in ONNX Runtime; inputs other than the first are fed by
     * their standard names only (see {@link ModelFeed}).
     */
    public static CaptureSession open(OnnxModel model, List<ActivationSite> sites, CaptureOptions options) {
        return open(model, sites, options, ModelFeed.of(model));
    }

    /**
     * Rewrites the model to pool {@code sites} and opens it in ONNX Runtime; {@link #run(float[], long[])} feeds the
     * inputs other than the first from {@code feed}. {@code model} is the model the sites were found in (after If
     * inlining); {@code feed} may be built from the model before inlining, which has the same inputs.
     */
    public static CaptureSession open(OnnxModel model, List<ActivationSite> sites, CaptureOptions options,
                                      ModelFeed feed) {
        if (model.outputs().isEmpty()) {
            throw new UserInputException(model.path() + ": the model declares no outputs");
        }
        List<SitePooling> plan = new ArrayList<>();
        for (ActivationSite s : sites) {
            plan.add(pooling(model, s, options));
        }
        CaptureGraph graph = CaptureGraph.build(model, plan, options.sparsity(), options.tokenMask());
        try {
            OpenedSession opened = SessionFactory.open(model, graph.model(), options.device(),
                    options.intraOpThreads(), OrtSession.SessionOptions.OptLevel.ALL_OPT, options.logging());
            opened.notice().ifPresent(options.notices());
            return new CaptureSession(model, List.copyOf(plan), graph, opened, feed, options);
        } catch (OrtException e) {
            throw new UserInputException(model.path() + ": ONNX Runtime cannot open the model with its "
                    + sites.size() + " pooled sites: " + e.getMessage(), e);
        }
    }

    private static SitePooling pooling(OnnxModel model, ActivationSite s, CaptureOptions options) {
        // the site's axis as discovered or resolved by the caller; checked against its rank here
        ActivationSite checked = FeatureAxes.resolve(model.path(), s, null);
        return SitePooling.of(checked, checked.outputInfo().rank(), checked.featureAxis(), options.pooling(),
                options.tokenMask());
    }

    /**
     * Cancels the batch in flight (from another thread: a stop request) and every later one; they throw
     * {@link ForwardCancelledException}. Not synchronized: it must not wait for the run it cancels.
     */
    public void cancel() {
        runner.cancel();
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

    /**
     * Runs one batch of floats (images: N x C x H x W) for the model's first input, the others fed by the session's
     * {@link ModelFeed} (--input values, standard fills, told once to the notices). Batches are consecutive samples.
     */
    public synchronized BatchCapture run(float[] input, long[] shape) {
        return runner.runData(new InputTensor.Floats(input, shape), Accumulator::new);
    }

    /** As {@link #run(float[], long[])}, given integers (token ids). */
    public synchronized BatchCapture run(long[] input, long[] shape) {
        return runner.runData(new InputTensor.Longs(input, shape), Accumulator::new);
    }

    /**
     * Runs one batch of the data's tensor for the first input, completed by the session's {@link ModelFeed}, the
     * batch's first sample being the run's sample {@code firstSample}: where per-sample {@code npy:} values start
     * (a resumed run passes batch index x batch size).
     */
    public synchronized BatchCapture run(InputTensor primary, long firstSample) {
        return runner.runData(primary, firstSample, Accumulator::new);
    }

    /**
     * Runs one batch; {@code batch} maps every model input name to its data ({@link ModelFeed#complete} builds it).
     * Inputs with a batch axis agree on the sample count; the others are fed whole.
     */
    public synchronized BatchCapture run(Map<String, InputTensor> batch) {
        return runner.run(batch, Accumulator::new);
    }

    /** Gathers the chunks of one batch into per-site matrices. */
    private final class Accumulator implements BatchRunner.ChunkSink<BatchCapture> {
        private final int n;
        private final Map<String, float[]> pooled = new LinkedHashMap<>();
        private final Map<String, Integer> widths = new HashMap<>();
        private final Map<String, Integer> heights = new HashMap<>();
        private final Map<String, long[]> counts = new HashMap<>();
        private final Map<String, Long> perSample = new HashMap<>();
        private float[] output;
        private long[] outputShape;
        private int filled;

        Accumulator(int n) {
            this.n = n;
        }

        @Override
        public void add(OrtSession.Result result, int rows, int fed) throws OrtException {
            for (CaptureOutputs o : graph.outputs()) {
                for (String name : List.of(o.pooledX(), o.pooledY())) {
                    OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
                    long[] shape = t.getInfo().getShape();
                    int d = shape.length > 1 ? (int) shape[1] : 1;
                    widths.put(name, d);
                    if (shape[0] != fed) {
                        // drawn tokens (--tokens N): as many rows as tokens drawn, in one unchunked run
                        int drawn = (int) shape[0];
                        heights.put(name, drawn);
                        float[] dst = new float[drawn * d];
                        t.getFloatBuffer().get(dst);
                        pooled.put(name, dst);
                        continue;
                    }
                    float[] dst = pooled.computeIfAbsent(name, k -> new float[n * d]);
                    t.getFloatBuffer().get(dst, filled * d, rows * d);
                }
                if (o.sparsity().isPresent()) {
                    CaptureOutputs.SparsityOutputs z = o.sparsity().get();
                    for (String name : List.of(z.nearZeroX(), z.nearZeroY())) {
                        long[] dst = counts.computeIfAbsent(name, k -> new long[n]);
                        ((OnnxTensor) result.get(name).orElseThrow()).getLongBuffer().get(dst, filled, rows);
                    }
                    for (String name : List.of(z.sizeX(), z.sizeY())) {
                        long size = ((OnnxTensor) result.get(name).orElseThrow()).getLongBuffer().get(0);
                        perSample.put(name, size / fed);
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

        @Override
        public BatchCapture build() {
            List<SiteActivations> sites = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                CaptureOutputs o = graph.outputs().get(i);
                PooledMatrix x = matrix(o.pooledX());
                PooledMatrix y = matrix(o.pooledY());
                Optional<SparsityCounts> s = o.sparsity().map(z -> new SparsityCounts(counts.get(z.nearZeroX()),
                        counts.get(z.nearZeroY()), perSample.get(z.sizeX()), perSample.get(z.sizeY())));
                sites.add(new SiteActivations(plan.get(i).site(), x, y, s));
            }
            return new BatchCapture(n, sites, new ModelOutput(firstOutput,
                    output == null ? new float[0] : output, outputShape == null ? new long[0] : outputShape));
        }

        private PooledMatrix matrix(String name) {
            int d = widths.getOrDefault(name, 0);
            return new PooledMatrix(heights.getOrDefault(name, n), d, pooled.getOrDefault(name, new float[0]));
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
                    v[i] = t.getInfo().type == OnnxJavaType.FLOAT16 ? HalfFloats.float16ToFloat(b.get(i))
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
            default -> throw new UserInputException("the model's first output '" + t.getInfo()
                    + "' is not numeric");
        }
        return v;
    }

    @Override
    public synchronized void close() {
        runner.close();
    }
}

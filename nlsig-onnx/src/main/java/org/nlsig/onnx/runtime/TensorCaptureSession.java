package org.nlsig.onnx.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.pooling.TensorCaptureGraph;
import org.nlsig.onnx.pooling.TensorPooling;

/**
 * Runs batches through a model rewritten to pool (or flatten) a list of tensors inside ONNX Runtime, such as the
 * positions of a data track, and returns one samples x width matrix per tensor. The tensor-list counterpart of
 * {@link CaptureSession}: the same rewrite, input handling (a {@link ModelFeed}) and fixed-batch chunking.
 *
 * <p>Thread safety: {@link #run} may be called from any thread; calls are serialised.
 */
public final class TensorCaptureSession implements AutoCloseable {
    private final OnnxModel model;
    private final List<TensorPooling> plan;
    private final TensorCaptureGraph graph;
    private final BatchRunner runner;
    private final Device device;

    private TensorCaptureSession(OnnxModel model, List<TensorPooling> plan, TensorCaptureGraph graph,
                                 OpenedSession opened, CaptureOptions options, ModelFeed feed) {
        this.model = model;
        this.plan = List.copyOf(plan);
        this.graph = graph;
        this.device = opened.device();
        this.runner = new BatchRunner(model, opened, new LinkedHashSet<>(graph.outputs()), feed, options.notices());
    }

    /**
     * Rewrites the model to capture the tensors of {@code plan} and opens it in ONNX Runtime. Of the options, the
     * device, thread count, notice sink and token mask apply (pooling is decided per tensor by the plan).
     */
    public static TensorCaptureSession open(OnnxModel model, List<TensorPooling> plan, CaptureOptions options) {
        return open(model, plan, options, ModelFeed.of(model));
    }

    /** As {@link #open(OnnxModel, List, CaptureOptions)}, the inputs other than the first fed from {@code feed}. */
    public static TensorCaptureSession open(OnnxModel model, List<TensorPooling> plan, CaptureOptions options,
                                            ModelFeed feed) {
        if (plan.isEmpty()) {
            throw new IllegalArgumentException(model.path() + ": no tensors to capture");
        }
        // masked tensors (token data) are averaged over the tokens the options' mask marks
        TensorCaptureGraph graph = TensorCaptureGraph.build(model, plan, options.tokenMask());
        try {
            OpenedSession opened = SessionFactory.open(model, graph.model(), options.device(),
                    options.intraOpThreads(), OrtSession.SessionOptions.OptLevel.ALL_OPT, options.logging());
            opened.notice().ifPresent(options.notices());
            return new TensorCaptureSession(model, plan, graph, opened, options, feed);
        } catch (OrtException e) {
            throw new UserInputException(model.path() + ": ONNX Runtime cannot open the model with its "
                    + plan.size() + " captured tensors " + plan.stream().map(TensorPooling::tensor).toList() + ": "
                    + e.getMessage(), e);
        }
    }

    public Device device() {
        return device;
    }

    public List<TensorPooling> plan() {
        return plan;
    }

    /** The rewritten model (for inspection or saving). */
    public TensorCaptureGraph graph() {
        return graph;
    }

    /**
     * Runs one batch of floats (images: N x C x H x W) for the model's first input; the others are fed by their
     * standard names (see {@link ModelFeed}). Batches are consecutive samples.
     */
    public synchronized TensorBatch run(float[] input, long[] shape) {
        return runner.runData(new InputTensor.Floats(input, shape), Gatherer::new);
    }

    /** As {@link #run(float[], long[])}, given integers (token ids). */
    public synchronized TensorBatch run(long[] input, long[] shape) {
        return runner.runData(new InputTensor.Longs(input, shape), Gatherer::new);
    }

    /** Runs one batch; {@code batch} maps every model input name to its data, all with the same sample count. */
    public synchronized TensorBatch run(Map<String, InputTensor> batch) {
        return runner.run(batch, Gatherer::new);
    }

    /** Copies each chunk's real rows into per-tensor matrices. */
    private final class Gatherer implements BatchRunner.ChunkSink<TensorBatch> {
        private final int n;
        private final float[][] values = new float[graph.outputs().size()][];
        private final int[] widths = new int[graph.outputs().size()];
        private int filled;

        Gatherer(int n) {
            this.n = n;
        }

        @Override
        public void add(OrtSession.Result result, int rows, int fed) throws OrtException {
            for (int k = 0; k < values.length; k++) {
                String name = graph.outputs().get(k);
                OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
                long[] shape = t.getInfo().getShape();
                long width = 1;
                for (int a = 1; a < shape.length; a++) {
                    width *= shape[a];
                }
                if ((long) n * width > Integer.MAX_VALUE - 8) {
                    throw new UserInputException(model.path() + ": tensor '" + plan.get(k).tensor()
                            + "' gives " + width + " values per sample, too many for " + n + " samples at once; "
                            + "pool it instead of flattening, or use smaller batches");
                }
                if (values[k] == null) {
                    widths[k] = (int) width;
                    values[k] = new float[n * widths[k]];
                }
                t.getFloatBuffer().get(values[k], filled * widths[k], rows * widths[k]);
            }
            filled += rows;
        }

        @Override
        public TensorBatch build() {
            List<PooledMatrix> out = new ArrayList<>();
            for (int k = 0; k < values.length; k++) {
                out.add(new PooledMatrix(n, widths[k], values[k] == null ? new float[0] : values[k]));
            }
            return new TensorBatch(n, out);
        }
    }

    @Override
    public synchronized void close() {
        runner.close();
    }
}

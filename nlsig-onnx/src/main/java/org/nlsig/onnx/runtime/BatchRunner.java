package org.nlsig.onnx.runtime;

import org.nlsig.io.HalfFloats;

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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.ElementType;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.pooling.TokenMask;

/**
 * Feeds batches to an ONNX Runtime session of a rewritten model and hands each run's requested outputs to a sink:
 * checks the inputs, converts them to the model's input types, and feeds models exported with a fixed batch size in
 * chunks of that size (the last one padded with zeros; sinks copy only the real rows). Shared by the site capture
 * and the track capture. Not thread-safe: its owners serialise calls.
 */
final class BatchRunner implements AutoCloseable {
    /** Collects one batch from the chunks it was run in. */
    interface ChunkSink<T> {
        /** One chunk's results: {@code rows} real samples, {@code fed} rows fed (more when padded). */
        void add(OrtSession.Result result, int rows, int fed) throws OrtException;

        T build();
    }

    private final OnnxModel model;
    private final OpenedSession opened;
    private final OrtSession session;
    private final List<TensorInfo> inputs;
    private final long fixedBatch;
    private final Set<String> requested;
    private boolean closed;
    private final Object cancelLock = new Object();
    private boolean cancelled;
    private OrtSession.RunOptions inFlight;

    /** Takes ownership of the opened session: {@link #close} closes it and its options. */
    BatchRunner(OnnxModel model, OpenedSession opened, Set<String> requested) {
        this.model = model;
        this.opened = opened;
        this.session = opened.session();
        this.inputs = model.inputs();
        List<Long> dims = model.primaryInput().dims();
        this.fixedBatch = !dims.isEmpty() && dims.get(0) > 0 ? dims.get(0) : -1;
        this.requested = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(requested));
    }

    /** Runs one batch; {@code batch} maps every model input name to its data, all with the same sample count. */
    <T> T run(Map<String, InputTensor> batch, IntFunction<ChunkSink<T>> sinkForSamples) {
        if (closed) {
            throw new IllegalStateException(model.path() + ": the capture session is closed");
        }
        int n = checkInputs(batch);
        int chunk = fixedBatch > 0 ? (int) fixedBatch : Math.max(n, 1);
        ChunkSink<T> sink = sinkForSamples.apply(n);
        for (int start = 0; start < n; start += chunk) {
            int rows = Math.min(chunk, n - start);
            int fed = fixedBatch > 0 ? chunk : rows;
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                for (TensorInfo in : inputs) {
                    feed.put(in.name(), tensor(in, batch.get(in.name()), start, rows, fed));
                }
                InputTensor drawn = batch.get(TokenMask.SAMPLED_ROWS);
                if (drawn != null) {
                    if (chunk < n) {
                        throw new UserInputException(model.path() + ": --tokens needs a model whose batch size is"
                                + " not fixed at export (this one takes batches of " + fixedBatch + ")");
                    }
                    long[] rowsDrawn = ((InputTensor.Longs) drawn).data();
                    feed.put(TokenMask.SAMPLED_ROWS, OnnxTensor.createTensor(OrtEnvironment.getEnvironment(),
                            LongBuffer.wrap(rowsDrawn), new long[] {rowsDrawn.length}));
                }
                try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
                    synchronized (cancelLock) {
                        if (cancelled) {
                            throw new ForwardCancelledException(model.path() + ": the forward pass was cancelled");
                        }
                        inFlight = options;
                    }
                    try (OrtSession.Result result = session.run(feed, requested, options)) {
                        sink.add(result, rows, fed);
                    } finally {
                        synchronized (cancelLock) {
                            inFlight = null;
                        }
                    }
                }
            } catch (OrtException e) {
                synchronized (cancelLock) {
                    if (cancelled) {
                        throw new ForwardCancelledException(model.path() + ": the forward pass was cancelled");
                    }
                }
                throw new UserInputException(model.path() + ": ONNX Runtime failed on samples " + start + ".."
                        + (start + rows - 1) + " of the batch: " + e.getMessage(), e);
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }
        return sink.build();
    }

    /**
     * Cancels the forward pass in flight through ONNX Runtime's terminate flag (checked between nodes), and every
     * later one: they throw {@link ForwardCancelledException}. Safe from any thread.
     */
    void cancel() {
        synchronized (cancelLock) {
            cancelled = true;
            if (inFlight != null) {
                try {
                    inFlight.setTerminate(true);
                } catch (OrtException e) {
                    // the run ends by itself; the flag stops the next one
                }
            }
        }
    }

    /** The name of the model's only input; an error naming them all when it has several. */
    String singleInput() {
        if (inputs.size() != 1) {
            throw new UserInputException(model.path() + ": the model has " + inputs.size() + " inputs "
                    + inputs.stream().map(TensorInfo::name).toList() + "; pass them by name with run(Map)");
        }
        return inputs.get(0).name();
    }

    private int checkInputs(Map<String, InputTensor> batch) {
        int n = -1;
        for (TensorInfo in : inputs) {
            InputTensor t = batch.get(in.name());
            if (t == null) {
                throw new UserInputException(model.path() + ": no data for model input '" + in.name()
                        + "'; the model takes " + inputs.stream().map(TensorInfo::name).toList());
            }
            if (in.rankKnown() && in.rank() != t.shape().length) {
                throw new UserInputException(model.path() + ": input '" + in.name() + "' has shape "
                        + in.shapeText() + ", but the batch has shape " + Arrays.toString(t.shape()));
            }
            for (int i = 1; in.rankKnown() && i < in.rank(); i++) {
                long want = in.dims().get(i);
                if (want >= 0 && want != t.shape()[i]) {
                    throw new UserInputException(model.path() + ": input '" + in.name() + "' has shape "
                            + in.shapeText() + ", but the batch has shape " + Arrays.toString(t.shape()));
                }
            }
            if (n >= 0 && t.samples() != n) {
                throw new UserInputException(model.path() + ": inputs disagree on the number of samples ("
                        + n + " vs " + t.samples() + " for '" + in.name() + "')");
            }
            n = t.samples();
        }
        for (String name : batch.keySet()) {
            if (!name.equals(TokenMask.SAMPLED_ROWS) && inputs.stream().noneMatch(i -> i.name().equals(name))) {
                throw new UserInputException(model.path() + ": the model has no input '" + name + "'; it takes "
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
                        b.putShort(type == ElementType.FLOAT16 ? HalfFloats.floatToFloat16(v)
                                : HalfFloats.floatToBfloat16(v));
                    }
                    b.rewind();
                    return OnnxTensor.createTensor(env, b, shape,
                            type == ElementType.FLOAT16 ? OnnxJavaType.FLOAT16 : OnnxJavaType.BFLOAT16);
                }
                default -> throw new UserInputException(model.path() + ": input '" + in.name()
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
            default -> throw new UserInputException(model.path() + ": input '" + in.name() + "' takes "
                    + type + " values; give it floating-point data, not integers");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            opened.close();
        } catch (OrtException e) {
            throw new IllegalStateException(model.path() + ": closing the ONNX Runtime session failed", e);
        }
    }
}

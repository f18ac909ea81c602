package org.nlsig.onnx.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.pooling.TokenMask;

/**
 * Feeds batches to an ONNX Runtime session of a rewritten model and hands each run's requested outputs to a sink:
 * checks the inputs, converts them to the model's input types, and feeds models exported with a fixed batch size in
 * chunks of that size (the last one padded with zeros; sinks copy only the real rows; inputs without a batch axis
 * go whole to every chunk). Shared by the site capture
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
    private final ModelFeed feed;
    private final Consumer<String> notices;
    private boolean closed;
    private final Object cancelLock = new Object();
    private boolean cancelled;
    private OrtSession.RunOptions inFlight;
    /** Samples fed so far through {@link #runData}: where the next batch's per-sample --input rows start. */
    private long samplesFed;
    private boolean fillsReported;

    /**
     * Takes ownership of the opened session: {@link #close} closes it and its options. {@code feed} completes the
     * data of {@link #runData}; the fills it makes are told to {@code notices}, once.
     */
    BatchRunner(OnnxModel model, OpenedSession opened, Set<String> requested, ModelFeed feed,
                Consumer<String> notices) {
        this.model = model;
        this.opened = opened;
        this.session = opened.session();
        this.inputs = model.inputs();
        List<Long> dims = model.primaryInput().dims();
        this.fixedBatch = !dims.isEmpty() && dims.get(0) > 0 ? dims.get(0) : -1;
        this.requested = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(requested));
        this.feed = feed;
        this.notices = notices;
    }

    /**
     * Runs one batch of the data's tensor for the model's first input, completed by the feed (the other inputs given
     * with --input or filled by their standard names). Batches are taken as consecutive samples: per-sample --input
     * values ({@code npy:}) of this call start after the samples of the previous calls.
     */
    <T> T runData(InputTensor primary, IntFunction<ChunkSink<T>> sinkForSamples) {
        return runData(primary, samplesFed, sinkForSamples);
    }

    /**
     * As {@link #runData(InputTensor, IntFunction)}, for a batch whose first sample is the run's sample
     * {@code firstSample} (a resumed run starts past the finished batches); the next consecutive batch follows it.
     */
    <T> T runData(InputTensor primary, long firstSample, IntFunction<ChunkSink<T>> sinkForSamples) {
        ModelFeed.Feed complete = feed.complete(Map.of(feed.primaryInput(), primary), firstSample);
        if (!fillsReported) {
            fillsReported = true;
            complete.fills().forEach(f -> notices.accept(f.notice()));
        }
        T result = run(complete.tensors(), sinkForSamples);
        samplesFed = firstSample + primary.samples();
        return result;
    }

    /**
     * Runs one batch; {@code batch} maps every model input name to its data. Inputs with a batch axis agree on the
     * sample count; those fed whole (scalars, fixed flags) are given to every chunk as they are.
     */
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
            Map<String, OnnxTensor> tensors = new HashMap<>();
            try {
                for (TensorInfo in : inputs) {
                    InputTensor data = batch.get(in.name());
                    // a model of fixed batch size takes chunks of its batch; without one, the batch goes whole
                    InputTensor part = fixedBatch > 0 ? data.slice(start, rows, fed) : data;
                    tensors.put(in.name(), OrtTensors.of(model.path().toString(), in, part));
                }
                InputTensor drawn = batch.get(TokenMask.SAMPLED_ROWS);
                if (drawn != null) {
                    if (chunk < n) {
                        throw new UserInputException(model.path() + ": --tokens needs a model whose batch size is"
                                + " not fixed at export (this one takes batches of " + fixedBatch + ")");
                    }
                    long[] rowsDrawn = ((InputTensor.Longs) drawn).data();
                    tensors.put(TokenMask.SAMPLED_ROWS, OnnxTensor.createTensor(
                            ai.onnxruntime.OrtEnvironment.getEnvironment(), java.nio.LongBuffer.wrap(rowsDrawn), new long[] {rowsDrawn.length}));
                }
                try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
                    synchronized (cancelLock) {
                        if (cancelled) {
                            throw new ForwardCancelledException(model.path() + ": the forward pass was cancelled");
                        }
                        inFlight = options;
                    }
                    try (OrtSession.Result result = session.run(tensors, requested, options)) {
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
                tensors.values().forEach(OnnxTensor::close);
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

    /** The number of samples of the batch; every input present, of its declared rank and fixed dimensions. */
    private int checkInputs(Map<String, InputTensor> batch) {
        int n = -1;
        for (TensorInfo in : inputs) {
            InputTensor t = batch.get(in.name());
            if (t == null) {
                throw new UserInputException(model.path() + ": no data for model input '" + in.name()
                        + "'; the model takes " + inputs.stream().map(TensorInfo::name).toList()
                        + " (give it with --input " + in.name() + "=...)");
            }
            if (in.rankKnown() && in.rank() != t.shape().length) {
                throw new UserInputException(model.path() + ": input '" + in.name() + "' has shape "
                        + in.shapeText() + ", but the batch has shape " + Arrays.toString(t.shape()));
            }
            for (int i = 0; in.rankKnown() && i < in.rank(); i++) {
                long want = in.dims().get(i);
                // the batch axis may differ from a fixed declared batch size: such models are fed in chunks
                boolean chunked = i == t.batchAxis() && fixedBatch > 0;
                if (want >= 0 && want != t.shape()[i] && !chunked) {
                    throw new UserInputException(model.path() + ": input '" + in.name() + "' has shape "
                            + in.shapeText() + ", but the batch has shape " + Arrays.toString(t.shape()));
                }
            }
            if (t.batchAxis() == InputTensor.WHOLE) {
                continue;
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
        // a model whose every input is fed whole runs once, as one sample
        return n < 0 ? 1 : n;
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

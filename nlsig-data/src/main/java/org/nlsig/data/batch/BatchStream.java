package org.nlsig.data.batch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nlsig.data.source.BadSampleException;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.ElementType;
import org.nlsig.data.source.Sample;
import org.nlsig.data.source.TensorField;
import org.nlsig.io.UserInputException;

/**
 * Batches from a source, in a deterministic order, decoded ahead on a worker pool. An assembler thread submits
 * sample reads in order (at most a window of them in flight), collects them in the same order, and puts whole
 * batches into a bounded queue; so memory holds at most {@code queueCapacity + 3} batches plus the window, whatever
 * the dataset's size (the assembler holds one finished batch back, see {@link Batch#skipped()}). Results do not depend on the number of workers. Close the stream to stop the threads.
 *
 * <pre>{@code
 * try (BatchStream batches = BatchStream.open(source, StreamOptions.of(64))) {
 *     while (batches.hasNext()) { Batch b = batches.next(); ... }
 *     List<SkippedSample> skipped = batches.skipped();
 * }
 * }</pre>
 */
public final class BatchStream implements AutoCloseable {
    private static final Object END = new Object();

    private final DataSource source;
    private final StreamOptions options;
    private final long[] order;
    private final long firstIndex;
    private final long planned;
    private final BlockingQueue<Object> queue;
    private final ExecutorService workers;
    private final Thread assembler;
    private final List<SkippedSample> skipped = Collections.synchronizedList(new ArrayList<>());
    private Object head;
    private volatile boolean closed;

    private BatchStream(DataSource source, StreamOptions options) {
        this.source = source;
        this.options = options;
        long size = source.size();
        long start = Math.min(options.offset(), size);
        long available = size - start;
        this.planned = options.limit() > 0 ? Math.min(options.limit(), available) : available;
        this.firstIndex = start;
        this.order = options.shuffleSeed() != null ? permutation(size, options.shuffleSeed()) : null;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity() + 1);
        String id = Integer.toHexString(System.identityHashCode(this));
        AtomicInteger thread = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "nlsig-decode-" + id + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.assembler = new Thread(this::assemble, "nlsig-batches-" + id);
        this.assembler.setDaemon(true);
    }

    /** Starts streaming {@code source}; the stream does not close the source. */
    public static BatchStream open(DataSource source, StreamOptions options) {
        BatchStream s = new BatchStream(source, options);
        s.assembler.start();
        return s;
    }

    /** Samples this stream will attempt (after offset and limit); skipped ones and a dropped last batch included. */
    public long plannedSamples() {
        return planned;
    }

    /** Batches this stream yields if no sample is skipped. */
    public long plannedBatches() {
        return options.dropLast() ? planned / options.batchSize() : (planned + options.batchSize() - 1) / options.batchSize();
    }

    /** Samples skipped so far (all of them once {@link #hasNext()} returned false), in stream order. */
    public List<SkippedSample> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /**
     * Whether another batch follows; waits for it to be decoded.
     *
     * @throws BadSampleException a sample could not be read and the policy is FAIL (names the file)
     * @throws IOException        reading the data failed
     */
    public boolean hasNext() throws IOException {
        if (closed) {
            return false;
        }
        if (head == null) {
            try {
                head = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a batch");
            }
        }
        if (head instanceof Failure f) {
            throw f.rethrowable();
        }
        return head != END;
    }

    public Batch next() throws IOException {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches");
        }
        Batch b = (Batch) head;
        head = null;
        return b;
    }

    @Override
    public void close() {
        closed = true;
        assembler.interrupt();
        workers.shutdownNow();
        queue.clear();
    }

    private long sourceIndex(long position) {
        long i = firstIndex + position;
        return order != null ? order[(int) i] : i;
    }

    private void assemble() {
        try {
            int window = Math.max(2 * options.workers(), 4);
            ArrayDeque<Future<Sample>> inFlight = new ArrayDeque<>();
            long submitted = 0;
            BatchBuilder builder = new BatchBuilder(source, options.batchSize());
            long batchIndex = 0;
            // Each batch carries the samples skipped while it was assembled; it is held back until the next one is
            // complete, so that samples skipped after the last batch (in a dropped partial one) are still recorded
            // once, under the last batch, whatever the timing.
            Batch held = null;
            while (submitted < planned || !inFlight.isEmpty()) {
                while (submitted < planned && inFlight.size() < window) {
                    long index = sourceIndex(submitted++);
                    inFlight.add(workers.submit(() -> source.read(index)));
                }
                Sample sample = take(inFlight.poll(), builder);
                if (sample == null) {
                    continue;
                }
                builder.add(sample);
                if (builder.isFull()) {
                    if (held != null) {
                        queue.put(held);
                    }
                    held = builder.build(batchIndex++);
                    builder = new BatchBuilder(source, options.batchSize());
                }
            }
            if (!builder.isEmpty() && !options.dropLast()) {
                if (held != null) {
                    queue.put(held);
                }
                held = builder.build(batchIndex);
            } else if (held != null) {
                held = held.withMoreSkipped(builder.skipped);
            }
            if (held != null) {
                queue.put(held);
            }
            queue.put(END);
        } catch (InterruptedException e) {
            // closed by the consumer
        } catch (IOException | RuntimeException e) {
            failWith(e);
        }
    }

    /** The sample, or null if it was bad and is skipped. */
    private Sample take(Future<Sample> future, BatchBuilder builder) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BadSampleException bad && options.onBadFile() == BadFilePolicy.SKIP) {
                SkippedSample s = new SkippedSample(bad.sampleId(), bad.reason());
                skipped.add(s);
                builder.skipped.add(s);
                return null;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("reading a sample failed: " + cause, cause);
        }
    }

    private void failWith(Exception e) {
        try {
            queue.put(new Failure(e));
        } catch (InterruptedException closedMeanwhile) {
            // the consumer closed the stream; nobody is waiting for the failure
        }
    }

    /** A failure carried to the consumer thread, rethrown there with the consumer's stack on top. */
    private record Failure(Exception error) {
        IOException rethrowable() {
            if (error instanceof BadSampleException bad) {
                return new BadSampleException(bad.sampleId(), bad.reason()
                        + " (use --on-bad-file skip to leave such files out)", bad);
            }
            if (error instanceof IOException io) {
                return new IOException(io.getMessage(), io);
            }
            throw error instanceof RuntimeException re ? re : new IllegalStateException(error);
        }
    }

    private static long[] permutation(long size, long seed) {
        if (size > Integer.MAX_VALUE - 8) {
            throw new UserInputException("cannot shuffle more than 2^31 samples");
        }
        long[] p = new long[(int) size];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = p.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Collects samples into one batch's arrays, one pair of arrays per field. */
    private static final class BatchBuilder {
        private final List<TensorField> fields;
        private final int[] lengths;
        private final float[][] floats;
        private final long[][] longs;
        private final long[] labels;
        private final int batchSize;
        private final List<String> ids;
        private final List<SkippedSample> skipped = new ArrayList<>();
        private int count;

        BatchBuilder(DataSource source, int batchSize) {
            this.fields = source.fields();
            this.batchSize = batchSize;
            this.lengths = new int[fields.size()];
            this.floats = new float[fields.size()][];
            this.longs = new long[fields.size()][];
            for (int f = 0; f < fields.size(); f++) {
                TensorField field = fields.get(f);
                lengths[f] = Math.toIntExact(field.sampleLength());
                long total = (long) lengths[f] * batchSize;
                if (total > Integer.MAX_VALUE - 8) {
                    throw new UserInputException("a batch of " + batchSize + " samples of " + lengths[f]
                            + " values is too large for one array; use a smaller batch size");
                }
                if (field.type() == ElementType.INT64) {
                    longs[f] = new long[(int) total];
                } else {
                    floats[f] = new float[(int) total];
                }
            }
            this.labels = source.hasLabels() ? new long[batchSize] : null;
            this.ids = new ArrayList<>(batchSize);
        }

        void add(Sample s) {
            if (s.values().size() != fields.size()) {
                throw new IllegalStateException(s.id() + ": sample has " + s.values().size() + " tensors, expected "
                        + fields.size());
            }
            for (int f = 0; f < fields.size(); f++) {
                Sample.Values v = s.values().get(f);
                int length = lengths[f];
                if (v.length() != length) {
                    throw new IllegalStateException(s.id() + ": " + fields.get(f).describe() + " has " + v.length()
                            + " values, expected " + length);
                }
                if (floats[f] != null) {
                    System.arraycopy(((Sample.Floats) v).data(), 0, floats[f], count * length, length);
                } else {
                    System.arraycopy(((Sample.Longs) v).data(), 0, longs[f], count * length, length);
                }
            }
            if (labels != null) {
                labels[count] = s.label();
            }
            ids.add(s.id());
            count++;
        }

        boolean isFull() {
            return count == batchSize;
        }

        boolean isEmpty() {
            return count == 0;
        }

        Batch build(long index) {
            List<BatchTensor> tensors = new ArrayList<>(fields.size());
            for (int f = 0; f < fields.size(); f++) {
                long[] sampleShape = fields.get(f).sampleShape();
                long[] shape = new long[sampleShape.length + 1];
                shape[0] = count;
                System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
                int n = count * lengths[f];
                float[] fl = floats[f] == null ? null : floats[f].length == n ? floats[f] : Arrays.copyOf(floats[f], n);
                long[] lo = longs[f] == null ? null : longs[f].length == n ? longs[f] : Arrays.copyOf(longs[f], n);
                tensors.add(new BatchTensor(fields.get(f), shape, fl, lo));
            }
            long[] lab = labels == null ? null : labels.length == count ? labels : Arrays.copyOf(labels, count);
            return new Batch(index, tensors, lab, ids, skipped);
        }
    }
}

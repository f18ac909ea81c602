package org.nlsig.data.batch;

/**
 * How to cut a source into batches.
 *
 * @param batchSize     samples per batch
 * @param offset        samples to pass over first (after shuffling, if any)
 * @param limit         at most this many samples after the offset; 0 = all
 * @param shuffleSeed   null = the source's own order; otherwise a seeded permutation of all samples
 * @param dropLast      drop a final batch smaller than batchSize (signatures compare equal-size batches)
 * @param workers       decoding threads
 * @param queueCapacity batches decoded ahead of the consumer (memory is bounded by this, not by the dataset)
 * @param onBadFile     skip unreadable samples or stop at the first one
 */
public record StreamOptions(int batchSize, long offset, long limit, Long shuffleSeed, boolean dropLast, int workers,
                            int queueCapacity, BadFilePolicy onBadFile) {
    public StreamOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must be >= 0, got " + offset + ", " + limit);
        }
        if (workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("workers and queue capacity must be at least 1");
        }
        if (onBadFile == null) {
            onBadFile = BadFilePolicy.FAIL;
        }
    }

    /** Batches of {@code batchSize}, all samples in order, last partial batch dropped, one worker per core, 2 ahead. */
    public static StreamOptions of(int batchSize) {
        return new StreamOptions(batchSize, 0, 0, null, true, Runtime.getRuntime().availableProcessors(), 2,
                BadFilePolicy.FAIL);
    }

    public StreamOptions withOffset(long o) {
        return new StreamOptions(batchSize, o, limit, shuffleSeed, dropLast, workers, queueCapacity, onBadFile);
    }

    public StreamOptions withLimit(long l) {
        return new StreamOptions(batchSize, offset, l, shuffleSeed, dropLast, workers, queueCapacity, onBadFile);
    }

    public StreamOptions withShuffleSeed(Long seed) {
        return new StreamOptions(batchSize, offset, limit, seed, dropLast, workers, queueCapacity, onBadFile);
    }

    public StreamOptions withDropLast(boolean d) {
        return new StreamOptions(batchSize, offset, limit, shuffleSeed, d, workers, queueCapacity, onBadFile);
    }

    public StreamOptions withWorkers(int w) {
        return new StreamOptions(batchSize, offset, limit, shuffleSeed, dropLast, w, queueCapacity, onBadFile);
    }

    public StreamOptions withQueueCapacity(int q) {
        return new StreamOptions(batchSize, offset, limit, shuffleSeed, dropLast, workers, q, onBadFile);
    }

    public StreamOptions withOnBadFile(BadFilePolicy p) {
        return new StreamOptions(batchSize, offset, limit, shuffleSeed, dropLast, workers, queueCapacity, p);
    }
}

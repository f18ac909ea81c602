package org.nlsig.signature.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nlsig.data.batch.BadFilePolicy;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.source.DataOptions;
import org.nlsig.io.UserInputException;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.Device;

/**
 * What to compute: a model's signature over a dataset, and where to put it.
 *
 * @param model                the ONNX file
 * @param dataSpec             the data spec ({@code imagefolder:DIR}, {@code random:3x224x224,n=512}, ...)
 * @param dataOptions          preprocessing and data options
 * @param batchSize            samples per batch (the last incomplete batch is dropped)
 * @param maxBatches           the most batches to use; 0 or less for all
 * @param pooling              channel pooling (the paper's definition) or the official code's
 * @param covariance           Ledoit-Wolf (default) or the sample covariance
 * @param metrics              comparison metrics to compute besides the affinity score
 * @param featureAxisOverrides per site index, the feature axis to keep when pooling
 * @param threads              thread budget for the model runtime and the scoring
 * @param device               where the model runs
 * @param onBadFile            what to do with an unreadable image
 * @param strict               stop at the first non-finite activation
 * @param out                  the output folder (signature.json, signature.csv and the run journal)
 * @param resume               continue an interrupted run with the same arguments from its journal
 */
public record SignatureRequest(Path model, String dataSpec, DataOptions dataOptions, int batchSize, int maxBatches,
        PoolingMode pooling, CovarianceEstimator covariance, List<MetricName> metrics,
        Map<Integer, Integer> featureAxisOverrides, int threads, Device device, BadFilePolicy onBadFile,
        boolean strict, Path out, boolean resume) {

    public SignatureRequest {
        metrics = List.copyOf(metrics);
        featureAxisOverrides = Map.copyOf(featureAxisOverrides);
        if (batchSize < 2) {
            throw new UserInputException("--batch-size must be at least 2 (the score needs 2 samples), got "
                    + batchSize);
        }
        if (threads < 1) {
            throw new UserInputException("--threads must be at least 1, got " + threads);
        }
    }

    /** The paper's defaults: batches of 512, all of them, channel pooling, Ledoit-Wolf, affinity only, CPU. */
    public static SignatureRequest defaults(Path model, String dataSpec, Path out) {
        return new SignatureRequest(model, dataSpec, DataOptions.defaults(), 512, 0, PoolingMode.CHANNELS,
                CovarianceEstimator.ledoitWolf(), List.of(), Map.of(), Runtime.getRuntime().availableProcessors(),
                Device.CPU, BadFilePolicy.FAIL, false, out, false);
    }

    /** The batches a run over {@code samples} samples uses: all complete ones, at most {@code maxBatches}. */
    public int plannedBatches(long samples) {
        long available = samples / batchSize;
        return (int) (maxBatches > 0 ? Math.min(maxBatches, available) : available);
    }

    /**
     * How to stream {@code count} batches starting at batch {@code firstBatch}: this request's batch size and
     * bad-file policy, decoding on as many workers as the thread budget allows on this machine.
     */
    public StreamOptions streamOptions(long firstBatch, long count) {
        return StreamOptions.of(batchSize).withOffset(firstBatch * batchSize).withLimit(count * batchSize)
                .withOnBadFile(onBadFile)
                .withWorkers(Math.max(1, Math.min(threads, Runtime.getRuntime().availableProcessors())));
    }

    public SignatureRequest withBatches(int batchSizeValue, int maxBatchesValue) {
        return new SignatureRequest(model, dataSpec, dataOptions, batchSizeValue, maxBatchesValue, pooling,
                covariance, metrics, featureAxisOverrides, threads, device, onBadFile, strict, out, resume);
    }

    public SignatureRequest withPooling(PoolingMode mode) {
        return new SignatureRequest(model, dataSpec, dataOptions, batchSize, maxBatches, mode, covariance, metrics,
                featureAxisOverrides, threads, device, onBadFile, strict, out, resume);
    }

    public SignatureRequest withCovariance(CovarianceEstimator estimator) {
        return new SignatureRequest(model, dataSpec, dataOptions, batchSize, maxBatches, pooling, estimator, metrics,
                featureAxisOverrides, threads, device, onBadFile, strict, out, resume);
    }

    public SignatureRequest withMetrics(List<MetricName> names) {
        return new SignatureRequest(model, dataSpec, dataOptions, batchSize, maxBatches, pooling, covariance, names,
                featureAxisOverrides, threads, device, onBadFile, strict, out, resume);
    }

    public SignatureRequest withThreads(int count) {
        return new SignatureRequest(model, dataSpec, dataOptions, batchSize, maxBatches, pooling, covariance, metrics,
                featureAxisOverrides, count, device, onBadFile, strict, out, resume);
    }

    public SignatureRequest withResume(boolean value) {
        return new SignatureRequest(model, dataSpec, dataOptions, batchSize, maxBatches, pooling, covariance, metrics,
                featureAxisOverrides, threads, device, onBadFile, strict, out, value);
    }

    public SignatureRequest withStrict(boolean value) {
        return new SignatureRequest(model, dataSpec, dataOptions, batchSize, maxBatches, pooling, covariance, metrics,
                featureAxisOverrides, threads, device, onBadFile, value, out, resume);
    }

    public SignatureRequest withOut(Path dir) {
        return new SignatureRequest(model, dataSpec, dataOptions, batchSize, maxBatches, pooling, covariance, metrics,
                featureAxisOverrides, threads, device, onBadFile, strict, dir, resume);
    }
}

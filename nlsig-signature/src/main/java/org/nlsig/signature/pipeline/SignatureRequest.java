package org.nlsig.signature.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nlsig.data.batch.BadFilePolicy;
import org.nlsig.data.batch.StreamOptions;
import org.nlsig.data.source.DataOptions;
import org.nlsig.io.UserInputException;
import org.nlsig.math.covariance.CovarianceEstimator;
import org.nlsig.onnx.inputs.InputAssignment;
import org.nlsig.onnx.pooling.PoolingMode;
import org.nlsig.onnx.runtime.Device;
import org.nlsig.onnx.runtime.RuntimeLogging;
import org.nlsig.signature.result.MetricName;
import org.nlsig.signature.result.RunConfig;

/**
 * What to compute: a model's signature over a dataset, and where to put it; built once by the command line or by
 * the {@code with...} methods from {@link #defaults}. Four small parts, by what they decide: which samples
 * ({@link DataSelection}) and how they are scored ({@link Scoring}) decide the result; how the run executes
 * ({@link Execution}) and where it writes ({@link Output}) do not. signature.json's {@code config} and the resume
 * identity are derived from these records ({@link #runConfig}, {@link RunIdentity}), never written by hand.
 *
 * @param model     the ONNX file
 * @param data      the samples and how they are batched
 * @param scoring   how activations are pooled and scored
 * @param execution threads and device
 * @param output    the output folder and whether to resume there
 */
public record SignatureRequest(Path model, DataSelection data, Scoring scoring, Execution execution, Output output) {

    /**
     * Which samples a run uses.
     *
     * @param spec       the data spec ({@code imagefolder:DIR}, {@code random:3x224x224,n=512}, ...)
     * @param options    preprocessing and data options
     * @param onBadFile  what to do with an unreadable image
     * @param batchSize  samples per batch (the last incomplete batch is dropped)
     * @param maxBatches the most batches to use; 0 for all
     * @param shuffleSeed null for the source's order; otherwise samples are taken in a seeded random order (a
     *                    study's runs over seeds)
     * @param inputs     values of the model inputs the data does not give ({@code --input NAME=VALUE})
     */
    public record DataSelection(String spec, DataOptions options, BadFilePolicy onBadFile, int batchSize,
            int maxBatches, Long shuffleSeed, List<InputAssignment> inputs) {

        /** The source's own order. */
        public DataSelection(String spec, DataOptions options, BadFilePolicy onBadFile, int batchSize,
                int maxBatches) {
            this(spec, options, onBadFile, batchSize, maxBatches, null, List.of());
        }

        public DataSelection(String spec, DataOptions options, BadFilePolicy onBadFile, int batchSize,
                int maxBatches, Long shuffleSeed) {
            this(spec, options, onBadFile, batchSize, maxBatches, shuffleSeed, List.of());
        }

        public DataSelection {
            inputs = List.copyOf(inputs);
            if (batchSize < 2) {
                throw new UserInputException("--batch-size must be at least 2 (the score needs 2 samples), got "
                        + batchSize);
            }
            if (maxBatches < 0) {
                throw new UserInputException("--batches must be at least 1, got " + maxBatches);
            }
        }

        /**
         * The batches a run over {@code samples} samples uses: all complete ones, or exactly {@code maxBatches}.
         *
         * @throws UserInputException when {@code --batches} asks for more complete batches than the data has
         */
        public int plannedBatches(long samples) {
            long available = samples / batchSize;
            if (maxBatches > available) {
                throw new UserInputException("--batches " + maxBatches + " asks for more than the data has: " + samples
                        + " samples make " + available + " complete batch" + (available == 1 ? "" : "es") + " of "
                        + batchSize + " (use --batches all, or a smaller --batch-size)");
            }
            return (int) (maxBatches > 0 ? maxBatches : available);
        }
    }

    /**
     * How each site is pooled and scored.
     *
     * @param pooling     channel pooling (the paper's definition) or the official code's
     * @param featureAxes per site index, the feature axis to keep when pooling (negative counts from the end); resolved
     *                    against the model's sites once, before anything runs
     * @param covariance  Ledoit-Wolf (default) or the sample covariance
     * @param metrics     comparison metrics to compute besides the affinity score
     * @param strict      stop at the first non-finite activation
     * @param mask        the model input whose 1s mark the real tokens of token data ({@code --mask}); null for
     *                    {@code attention_mask} when the data gives it
     * @param tokens      real tokens drawn per batch, each a sample of the token sites ({@code --tokens}); 0 pools
     *                    each sequence to one sample by its mask
     * @param includeSoftmax Softmax nodes are sites too ({@code --include-softmax}; skipped by default)
     */
    public record Scoring(PoolingMode pooling, Map<Integer, Integer> featureAxes, CovarianceEstimator covariance,
            List<MetricName> metrics, boolean strict, String mask, int tokens, boolean includeSoftmax) {

        public Scoring(PoolingMode pooling, Map<Integer, Integer> featureAxes, CovarianceEstimator covariance,
                List<MetricName> metrics, boolean strict, String mask, int tokens) {
            this(pooling, featureAxes, covariance, metrics, strict, mask, tokens, false);
        }

        public Scoring {
            featureAxes = java.util.Collections.unmodifiableMap(new TreeMap<>(featureAxes));
            metrics = List.copyOf(metrics);
            if (tokens < 0 || tokens == 1) {
                throw new UserInputException("--tokens must be at least 2 (the score needs 2 samples), got " + tokens);
            }
        }

        public Scoring(PoolingMode pooling, Map<Integer, Integer> featureAxes, CovarianceEstimator covariance,
                List<MetricName> metrics, boolean strict) {
            this(pooling, featureAxes, covariance, metrics, strict, null, 0, false);
        }
    }

    /**
     * How the run executes; results do not depend on it.
     *
     * @param threads thread budget for the model runtime and the scoring
     * @param device  where the model runs
     * @param logging how much of ONNX Runtime's own log is printed ({@code --verbose})
     */
    public record Execution(int threads, Device device, RuntimeLogging logging) {

        public Execution(int threads, Device device) {
            this(threads, device, RuntimeLogging.QUIET);
        }

        public Execution {
            if (threads < 1) {
                throw new UserInputException("--threads must be at least 1, got " + threads);
            }
        }
    }

    /**
     * Where the results go.
     *
     * @param dir       the output folder (signature.json, signature.csv and the run journal)
     * @param resume    continue an interrupted run with the same arguments from its journal
     * @param overwrite a fresh run may replace the results or the unfinished run found in dir (otherwise refused)
     */
    public record Output(Path dir, boolean resume, boolean overwrite) {

        public Output(Path dir, boolean resume) {
            this(dir, resume, false);
        }
    }

    /** The paper's defaults: batches of 512, all of them, channel pooling, Ledoit-Wolf, affinity only, CPU. */
    public static SignatureRequest defaults(Path model, String dataSpec, Path out) {
        return new SignatureRequest(model,
                new DataSelection(dataSpec, DataOptions.defaults(), BadFilePolicy.FAIL, 512, 0),
                new Scoring(PoolingMode.CHANNELS, Map.of(), CovarianceEstimator.ledoitWolf(), List.of(), false),
                new Execution(Runtime.getRuntime().availableProcessors(), Device.CPU), new Output(out, false));
    }

    /**
     * How to stream {@code count} batches starting at batch {@code firstBatch}: this request's batch size and
     * bad-file policy, decoding on as many workers as the thread budget allows on this machine.
     */
    public StreamOptions streamOptions(long firstBatch, long count) {
        int batchSize = data.batchSize();
        return StreamOptions.of(batchSize).withOffset(firstBatch * batchSize).withLimit(count * batchSize)
                .withShuffleSeed(data.shuffleSeed()).withOnBadFile(data.onBadFile())
                .withWorkers(Math.max(1, Math.min(execution.threads(), Runtime.getRuntime().availableProcessors())));
    }

    /**
     * signature.json's {@code config}, derived from this request.
     *
     * @param preset the preprocessing the data source applies, or null when the data is used as given
     */
    public RunConfig runConfig(String preset) {
        List<String> metrics = new ArrayList<>();
        metrics.add(MetricName.AFFINITY.id());
        scoring.metrics().forEach(m -> metrics.add(m.id()));
        return new RunConfig(data.batchSize(), data.maxBatches() > 0 ? data.maxBatches() : -1,
                scoring.pooling().id(), scoring.covariance().id(), metrics, preset, execution.threads(),
                execution.device().toString(), scoring.strict());
    }

    public SignatureRequest withData(DataSelection value) {
        return new SignatureRequest(model, value, scoring, execution, output);
    }

    public SignatureRequest withScoring(Scoring value) {
        return new SignatureRequest(model, data, value, execution, output);
    }

    public SignatureRequest withExecution(Execution value) {
        return new SignatureRequest(model, data, scoring, value, output);
    }

    public SignatureRequest withOutput(Output value) {
        return new SignatureRequest(model, data, scoring, execution, value);
    }

    public SignatureRequest withBatches(int batchSize, int maxBatches) {
        return withData(new DataSelection(data.spec(), data.options(), data.onBadFile(), batchSize, maxBatches,
                data.shuffleSeed(), data.inputs()));
    }

    public SignatureRequest withDataOptions(DataOptions options, BadFilePolicy onBadFile) {
        return withData(new DataSelection(data.spec(), options, onBadFile, data.batchSize(), data.maxBatches(),
                data.shuffleSeed(), data.inputs()));
    }

    public SignatureRequest withPooling(PoolingMode mode) {
        return withScoring(new Scoring(mode, scoring.featureAxes(), scoring.covariance(), scoring.metrics(),
                scoring.strict(), scoring.mask(), scoring.tokens(),
                scoring.includeSoftmax()));
    }

    public SignatureRequest withFeatureAxes(Map<Integer, Integer> axes) {
        return withScoring(new Scoring(scoring.pooling(), axes, scoring.covariance(), scoring.metrics(),
                scoring.strict(), scoring.mask(), scoring.tokens(),
                scoring.includeSoftmax()));
    }

    public SignatureRequest withCovariance(CovarianceEstimator estimator) {
        return withScoring(new Scoring(scoring.pooling(), scoring.featureAxes(), estimator, scoring.metrics(),
                scoring.strict(), scoring.mask(), scoring.tokens(),
                scoring.includeSoftmax()));
    }

    public SignatureRequest withMetrics(List<MetricName> names) {
        return withScoring(new Scoring(scoring.pooling(), scoring.featureAxes(), scoring.covariance(), names,
                scoring.strict(), scoring.mask(), scoring.tokens(),
                scoring.includeSoftmax()));
    }

    public SignatureRequest withStrict(boolean value) {
        return withScoring(new Scoring(scoring.pooling(), scoring.featureAxes(), scoring.covariance(),
                scoring.metrics(), value, scoring.mask(), scoring.tokens(),
                scoring.includeSoftmax()));
    }

    /** Pools token tensors by the mask in model input {@code name} ({@code --mask}); null for attention_mask. */
    public SignatureRequest withMask(String name) {
        return withScoring(new Scoring(scoring.pooling(), scoring.featureAxes(), scoring.covariance(),
                scoring.metrics(), scoring.strict(), name, scoring.tokens(),
                scoring.includeSoftmax()));
    }

    /** Draws {@code count} real tokens per batch as samples of the token sites ({@code --tokens}); 0: off. */
    public SignatureRequest withTokens(int count) {
        return withScoring(new Scoring(scoring.pooling(), scoring.featureAxes(), scoring.covariance(),
                scoring.metrics(), scoring.strict(), scoring.mask(), count,
                scoring.includeSoftmax()));
    }

    /** Makes Softmax nodes sites too ({@code --include-softmax}). */
    public SignatureRequest withIncludeSoftmax(boolean value) {
        return withScoring(new Scoring(scoring.pooling(), scoring.featureAxes(), scoring.covariance(),
                scoring.metrics(), scoring.strict(), scoring.mask(), scoring.tokens(), value));
    }

    /** Feeds the model inputs the data does not give with these values ({@code --input NAME=VALUE}). */
    public SignatureRequest withInputs(List<InputAssignment> values) {
        return withData(new DataSelection(data.spec(), data.options(), data.onBadFile(), data.batchSize(),
                data.maxBatches(), data.shuffleSeed(), values));
    }

    public SignatureRequest withThreads(int count) {
        return withExecution(new Execution(count, execution.device(), execution.logging()));
    }

    public SignatureRequest withDevice(Device device) {
        return withExecution(new Execution(execution.threads(), device, execution.logging()));
    }

    public SignatureRequest withResume(boolean value) {
        return withOutput(new Output(output.dir(), value, output.overwrite()));
    }

    public SignatureRequest withOverwrite(boolean value) {
        return withOutput(new Output(output.dir(), output.resume(), value));
    }

    public SignatureRequest withOut(Path dir) {
        return withOutput(new Output(dir, output.resume(), output.overwrite()));
    }
}

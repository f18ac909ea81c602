package org.nlsig.signature.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.nlsig.data.batch.Batch;
import org.nlsig.data.batch.BatchTensor;
import org.nlsig.data.source.DataSource;
import org.nlsig.data.source.DataSources;
import org.nlsig.data.source.ElementType;
import org.nlsig.data.source.ModelInputShape;
import org.nlsig.data.source.TensorField;
import org.nlsig.io.UserInputException;
import org.nlsig.onnx.model.IfInlining;
import org.nlsig.onnx.model.OnnxModel;
import org.nlsig.onnx.model.TensorInfo;
import org.nlsig.onnx.model.TensorShapes;
import org.nlsig.onnx.model.Vocabulary;
import org.nlsig.onnx.pooling.TokenMask;
import org.nlsig.onnx.runtime.InputTensor;
import org.nlsig.onnx.runtime.ModelFeed;
import org.nlsig.onnx.runtime.RuntimeLogging;
import org.nlsig.onnx.runtime.ShapeInference;

/**
 * Which data field feeds which model input, decided once per run from the source's fields and the model's inputs
 * (checked before anything runs), and each batch's tensors by input name. An unnamed field feeds the model's first
 * input; a named one the input of its name. A field the model does not take is an error (an extra array in an .npz),
 * except the fields a tokenizer makes for models that may not take them (token_type_ids).
 *
 * @param model      the model
 * @param feed       the model inputs the data does not give: --input values and standard fills
 * @param fields     the data fields fed, each with the input it feeds
 * @param vocabulary per token-id input, the embedding rows it indexes (ids must be below)
 * @param tokenMask  the attention mask that pools token tensors, when the data gives one
 * @param dataName   what the data is, for messages (the spec, and the tokenizer for text)
 */
public record BatchInputs(OnnxModel model, ModelFeed feed, List<Fed> fields, Map<String, Long> vocabulary,
        Optional<TokenMask> tokenMask, String dataName) {

    /** A data field and the model input it feeds. */
    public record Fed(int field, TensorField data, TensorInfo input) {
    }

    /**
     * The plan for {@code source} on {@code model}.
     *
     * @param maskName the mask input to pool by ({@code --mask}); null for {@code attention_mask} when fed
     */
    static BatchInputs plan(OnnxModel model, DataSource source, String maskName, String dataName) {
        return plan(model, ModelFeed.of(model), source, maskName, 0, dataName);
    }

    /**
     * @param feed   the values of the inputs the data does not give
     * @param tokens tokens drawn per batch as samples ({@code --tokens N}); 0 for one sample per sequence
     * @throws UserInputException when an input is given neither by the data, nor by --input, nor by a standard fill
     */
    public static BatchInputs plan(OnnxModel model, ModelFeed feed, DataSource source, String maskName, int tokens,
            String dataName) {
        if (source.fields().size() == 1 && source.fields().get(0).name().isEmpty()) {
            // one image or array per sample: checked with the advice that fits images (channels, sizes)
            TensorInfo first = model.primaryInput();
            DataSources.requireCompatible(source, new ModelInputShape(first.name(), first.dims(), first.dimNames()));
        }
        List<TensorInfo> inputs = model.inputs();
        Map<String, TensorInfo> byName = new LinkedHashMap<>();
        inputs.forEach(i -> byName.put(i.name(), i));
        List<Fed> fed = new ArrayList<>();
        List<TensorField> fields = source.fields();
        for (int f = 0; f < fields.size(); f++) {
            TensorField field = fields.get(f);
            TensorInfo input = field.name().isEmpty() ? model.primaryInput() : byName.get(field.name().get());
            if (input == null) {
                if (!field.required()) {
                    continue;
                }
                throw new UserInputException(dataName + ": the data has an array '" + field.name().get()
                        + "' but the model (" + model.path() + ") has no input of that name; it takes "
                        + byName.keySet());
            }
            requireFits(model, field, input, dataName);
            fed.add(new Fed(f, field, input));
        }
        Map<String, Long> vocabulary = new LinkedHashMap<>();
        for (Fed f : fed) {
            if (f.data().type() == ElementType.INT64) {
                OptionalLong v = Vocabulary.size(model, f.input().name());
                v.ifPresent(size -> vocabulary.put(f.input().name(), size));
            }
        }
        java.util.Set<String> given = new java.util.LinkedHashSet<>();
        fed.forEach(f -> given.add(f.input().name()));
        feed.requireComplete(given, dataName);
        Optional<TokenMask> mask = tokenMask(fed, maskName, tokens, dataName);
        if (tokens > 0 && mask.isEmpty()) {
            throw new UserInputException("--tokens " + tokens + " draws real tokens by their attention mask, but the"
                    + " data (" + dataName + ") gives no attention_mask; use token data with a mask (text:, or an"
                    + " .npz with an attention_mask array) or --mask NAME");
        }
        return new BatchInputs(model, feed, List.copyOf(fed), Map.copyOf(vocabulary), mask, dataName);
    }

    private static Optional<TokenMask> tokenMask(List<Fed> fed, String maskName, int tokens, String dataName) {
        String name = maskName != null ? maskName : "attention_mask";
        Optional<Fed> mask = fed.stream().filter(f -> f.input().name().equals(name)).findFirst();
        if (mask.isEmpty()) {
            if (maskName != null) {
                throw new UserInputException("--mask " + maskName + ": the data gives no input of that name (it"
                        + " gives " + fed.stream().map(f -> f.input().name()).toList() + ")");
            }
            return Optional.empty();
        }
        long[] shape = mask.get().data().sampleShape();
        if (shape.length != 1 || mask.get().data().type() != ElementType.INT64) {
            throw new UserInputException(dataName + ": the mask '" + name + "' must be integers or bools of shape"
                    + " [samples, tokens], got " + mask.get().data().type() + " samples of shape "
                    + Arrays.toString(shape));
        }
        return Optional.of(new TokenMask(name, shape[0], tokens));
    }

    /** The field's per-sample shape and type against the input's declared ones (dynamic dimensions match any). */
    private static void requireFits(OnnxModel model, TensorField field, TensorInfo input, String dataName) {
        long[] sample = field.sampleShape();
        ModelInputShape shape = new ModelInputShape(input.name(), input.dims(), input.dimNames());
        boolean ok = !input.rankKnown() || shape.rank() == sample.length + 1;
        for (int i = 0; ok && input.rankKnown() && i < sample.length; i++) {
            ok = shape.isSymbolic(i + 1) || shape.dim(i + 1) == sample[i];
        }
        if (!ok) {
            throw new UserInputException("model input '" + input.name() + "' has shape " + shape.text(0)
                    + " but the data (" + dataName + ") gives " + field.describe() + " samples of shape "
                    + Arrays.toString(sample) + "; it needs arrays of shape " + shape.text(0));
        }
        boolean integerInput = switch (input.elementType()) {
            case INT64, INT32, INT16, INT8, UINT8, BOOL -> true;
            default -> false;
        };
        boolean floatInput = switch (input.elementType()) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16 -> true;
            default -> false;
        };
        if (field.type() == ElementType.FLOAT32 && integerInput) {
            throw new UserInputException(dataName + ": model input '" + input.name() + "' takes "
                    + input.elementType() + " values, but the data gives floating-point values for it; save it as"
                    + " integers (e.g. np.int64)");
        }
        if (field.type() == ElementType.INT64 && floatInput && field.name().isPresent()) {
            throw new UserInputException(dataName + ": model input '" + input.name() + "' takes "
                    + input.elementType() + " values, but the data gives integers for it; save it as floats");
        }
    }

    /**
     * The model as these inputs run it: an If whose condition the fed values fix (--input sr=16000,
     * use_cache_branch) inlined with its branch, so sites, tracks, shapes and capture all see the branch taken.
     */
    public OnnxModel inlinedModel() {
        return IfInlining.inline(model, feed.constants(new java.util.LinkedHashSet<>(inputNames())));
    }

    /**
     * The tensor shapes of {@code inlined} (this plan's {@link #inlinedModel}) at one sample of the data's shape,
     * found by ONNX Runtime with the inputs fed as the run feeds them.
     */
    public TensorShapes probeShapes(OnnxModel inlined, long[] sampleShape, RuntimeLogging logging) {
        long[] oneSample = new long[sampleShape.length + 1];
        oneSample[0] = 1;
        System.arraycopy(sampleShape, 0, oneSample, 1, sampleShape.length);
        return ShapeInference.infer(inlined, new ShapeInference.Probe(feed, oneSample, ShapeInference.PROBE_LIMIT,
                logging));
    }

    /** The inputs the data feeds. */
    public List<String> inputNames() {
        return fields.stream().map(f -> f.input().name()).toList();
    }

    /** Every input the data does not give, with how it is fed: an --input value or a standard fill. */
    Map<String, String> otherInputs() {
        Map<String, String> out = new LinkedHashMap<>();
        for (ModelFeed.InputPlan p : feed.plan(new java.util.LinkedHashSet<>(inputNames()))) {
            if (p.source() != ModelFeed.Source.DATA) {
                out.put(p.input().name(), p.how());
            }
        }
        return out;
    }

    /** The standard inputs the run fills (attention_mask = ones, ...): each one notice for the user. */
    public List<ModelFeed.InputPlan> fills() {
        return feed.fills(new java.util.LinkedHashSet<>(inputNames()));
    }

    /**
     * One batch as the model's complete feed: the data's tensors, the other inputs from --input values and standard
     * fills ({@code npy:} values from the batch's first sample on), and the drawn tokens of {@code --tokens}.
     *
     * @param batchIndex  the run's index of the batch (the token draw's stream)
     * @param firstSample the run's index of the batch's first sample
     */
    public Map<String, InputTensor> complete(Batch batch, long batchIndex, long firstSample) {
        Map<String, InputTensor> data = dataTensors(batch);
        Map<String, InputTensor> all = new LinkedHashMap<>(feed.complete(data, firstSample).tensors());
        tokenMask.filter(m -> m.sampled() > 0).ifPresent(m -> all.put(TokenMask.SAMPLED_ROWS,
                drawTokens((InputTensor.Longs) data.get(m.input()), m, batchIndex)));
        return all;
    }

    /**
     * One batch's data as model inputs by name; checks token ids against the vocabulary and mask rows for a real
     * token.
     */
    private Map<String, InputTensor> dataTensors(Batch batch) {
        Map<String, InputTensor> feed = new LinkedHashMap<>();
        List<BatchTensor> tensors = batch.tensors();
        for (Fed f : fields) {
            BatchTensor t = tensors.get(f.field());
            String name = f.input().name();
            if (t.elementType() == ElementType.INT64) {
                long[] values = t.longArray();
                Long vocab = vocabulary.get(name);
                if (vocab != null) {
                    requireIdsBelow(values, vocab, name, batch);
                }
                feed.put(name, new InputTensor.Longs(values, t.shape()));
            } else {
                feed.put(name, new InputTensor.Floats(t.floatArray(), t.shape()));
            }
        }
        tokenMask.ifPresent(m -> requireTokenPerRow((InputTensor.Longs) feed.get(m.input()), m, batch));
        return feed;
    }

    /** The seed of the token draw, fixed so that a run is reproducible; each batch draws from its own stream. */
    static final long TOKEN_SEED = 0x6e6c736967L; // "nlsig"

    /**
     * {@code --tokens N}: N distinct real tokens of the batch (mask 1), drawn uniformly without replacement by a
     * generator seeded with {@link #TOKEN_SEED} and the batch index, as flat positions row x tokens + token in
     * increasing order. The same batch always draws the same tokens, on resume and on any thread count.
     */
    static InputTensor.Longs drawTokens(InputTensor.Longs mask, TokenMask m, long batchIndex) {
        long[] v = mask.data();
        long[] real = new long[v.length];
        int count = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) {
                real[count++] = i;
            }
        }
        if (count < m.sampled()) {
            throw new UserInputException("--tokens " + m.sampled() + ": batch " + batchIndex + " has only " + count
                    + " real tokens (mask '" + m.input() + "'); lower --tokens or raise --batch-size");
        }
        var rnd = new java.util.SplittableRandom(TOKEN_SEED ^ (batchIndex * 0x9E3779B97F4A7C15L));
        for (int i = 0; i < m.sampled(); i++) { // partial Fisher-Yates: the first N entries are the draw
            int j = i + rnd.nextInt(count - i);
            long t = real[i];
            real[i] = real[j];
            real[j] = t;
        }
        long[] drawn = Arrays.copyOf(real, m.sampled());
        Arrays.sort(drawn);
        return new InputTensor.Longs(drawn, new long[] {drawn.length});
    }

    private void requireIdsBelow(long[] ids, long vocab, String input, Batch batch) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                int row = i / Math.max(1, ids.length / batch.size());
                throw new UserInputException(dataName + ": token id " + ids[i] + " in sample "
                        + batch.sampleIds().get(row) + " is outside the model's vocabulary: input '" + input
                        + "' indexes an embedding table of " + vocab + " rows (ids 0.." + (vocab - 1) + "); is the"
                        + " tokenizer the model's own?");
            }
        }
    }

    private void requireTokenPerRow(InputTensor.Longs mask, TokenMask m, Batch batch) {
        int tokens = (int) m.tokens();
        long[] v = mask.data();
        for (int row = 0; row < batch.size(); row++) {
            boolean any = false;
            for (int t = 0; t < tokens && !any; t++) {
                any = v[row * tokens + t] != 0;
            }
            if (!any) {
                throw new UserInputException(dataName + ": sample " + batch.sampleIds().get(row) + " has no token"
                        + " in its mask '" + m.input() + "' (all zeros): a masked mean over no tokens is undefined;"
                        + " remove the sample");
            }
        }
    }
}
